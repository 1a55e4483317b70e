# options after the operand (GNU order, as git and trivy take them): -o after the inventory
# writes the report there, and the verdict goes to stderr for the CI log
run: check @SRC@/inventories/example.cfg -o r.json
exit: 1
stderr: FAIL  14 assets, 4512 units; open: 5 error, 3 warning, 1 info; waived 1, justified 1, baseline 0 (fail on error); report in r.json
file-contains: r.json "schema": "chipgate.report/1",
only-files: 1
