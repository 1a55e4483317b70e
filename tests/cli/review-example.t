# the example's two pending orders: one missing, one approved; both still
# fail check on CN-H20-001 (H20 orders are suspended), so neither is cleared
cwd: @SRC@
run: review inventories/example.cfg
exit: 1
stdout-contains: review: 2 pending orders need a justification, as of 2025-08-12; policies: cn-cac
stdout-contains:   1 missing, 1 approved
stdout-contains:   0 of 2 cleared; 2 blocked by open findings of other rules at or above error
stdout-contains: missing            bj1-h20-ord-0903: ordered 512 x NVIDIA H20 (PO-2025-0903), inventories/example.cfg:39
stdout-contains:                    verdict: missing; also blocked by CN-H20-001
stdout-contains:                    next: chipgate justify bj1-h20-ord-0903 inventories/example.cfg
stdout-contains: approved           sh2-h20-ord-0815: ordered 256 x NVIDIA H20 (PO-2025-0815), inventories/example.cfg:53
stdout-contains: justified by inventories/example.cfg:81, approved by zhang.min on 2025-08-04; in date until 2026-08-04 (357 days)
stdout-contains:                    blocked by error CN-H20-001 (cn-cac): sh2-h20-ord-0815: ordered 256 x NVIDIA H20; H20 orders are suspended while the CAC reviews tracking and remote-shutdown risks
stdout-contains:                    verdict: approved, but blocked by CN-H20-001
stdout-contains:                    next: resolve or waive CN-H20-001 (chipgate explain sh2-h20-ord-0815 inventories/example.cfg says why)
stdout-lacks: cleared (
