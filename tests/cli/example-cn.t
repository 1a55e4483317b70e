# the PRC operator example under cn-cac-2025: the exact finding set (golden)
cwd: @SRC@
run: check inventories/example.cfg
exit: 1
stdout-golden: @SRC@/tests/fixtures/expected/example-cn.txt
