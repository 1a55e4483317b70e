# a baseline that is not a JSON report: exit 2 at FILE:LINE:COL, no report written
run: check --baseline @SRC@/inventories/example.cfg -o out.json @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: [^ ]*/inventories/example\.cfg:1:1: '\[' or '\{' expected near '#'$
absent: out.json
only-files: 0
