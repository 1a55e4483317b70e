# the -o extension decides the format in any case: r.SARIF is SARIF
run: check @SRC@/inventories/example.cfg -q -o r.SARIF
exit: 1
file-contains: r.SARIF "version": "2.1.0",
only-files: 1
