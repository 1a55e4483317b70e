# an inventory is not a report: exit 2 at FILE:LINE:COL
run: diff @SRC@/tests/golden/example.json @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: [^ ]*/inventories/example\.cfg:1:1: '\[' or '\{' expected near '#'$
