# unknown models are findings with a suggestion, not errors
cwd: @SRC@
run: check inventories/example-typos.cfg
exit: 1
stdout-golden: @SRC@/tests/fixtures/expected/example-typos.txt
