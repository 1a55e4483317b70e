# the example's two pending orders: one missing, one approved; exit 1
cwd: @SRC@
run: review inventories/example.cfg
exit: 1
stdout-contains: review: 2 pending orders need a justification, as of 2025-08-12; policies: cn-cac-2025
stdout-contains:   1 missing, 1 approved
stdout-contains: missing            bj1-h20-ord-0903: ordered 512 x NVIDIA H20 (PO-2025-0903), inventories/example.cfg:39
stdout-contains:                    next: chipgate justify bj1-h20-ord-0903 inventories/example.cfg
stdout-contains: approved           sh2-h20-ord-0815: ordered 256 x NVIDIA H20 (PO-2025-0815), inventories/example.cfg:53
stdout-contains: justified by inventories/example.cfg:81, approved by zhang.min on 2025-08-04; in date until 2026-08-04 (357 days)
