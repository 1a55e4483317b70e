# cnmon info: 2 Card blocks by UUID, memory (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon cnmon-info.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-cnmon-info.cfg
