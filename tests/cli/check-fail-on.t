# --fail-on never: findings are reported but the run passes
run: check --fail-on never @SRC@/inventories/example.cfg
exit: 0
stdout-contains: PASS  14 assets, 4512 units, as of 2025-08-12; policies: cn-cac
