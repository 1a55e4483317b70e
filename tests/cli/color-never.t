# --color=never: no escape sequence at all
run: check @SRC@/inventories/example.cfg --color=never
exit: 1
stdout-contains: FAIL  14 assets
stdout-lacks: [
