# the US distributor example under us-ear-2025: the exact finding set (golden)
cwd: @SRC@
run: check inventories/us-distributor.cfg
exit: 1
stdout-golden: @SRC@/tests/fixtures/expected/us-distributor.txt
