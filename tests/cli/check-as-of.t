# --as-of overrides the inventory; before the pack's effective date nothing applies
run: check --as-of 2025-07-30 @SRC@/inventories/example.cfg
exit: 0
stdout-contains: PASS  14 assets, 4512 units, as of 2025-07-30; policies: cn-cac
