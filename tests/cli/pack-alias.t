# a pack's former name is an alias: named both ways, it is applied once
cwd: @SRC@
run: check -p cn-cac -p cn-cac-2025 inventories/example.cfg
exit: 1
stdout-contains: FAIL  14 assets, 4512 units, as of 2025-08-12; policies: cn-cac
stdout-lacks: policies: cn-cac cn-cac
