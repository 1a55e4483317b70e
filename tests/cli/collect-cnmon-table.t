# cnmon's card table: 2 cards, the SR-IOV virtual function row noted, the process table ignored (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon cnmon-table.txt --site cn-hz-dc3
stdout-golden: @SRC@/tests/fixtures/collect/expected-cnmon-table.cfg
