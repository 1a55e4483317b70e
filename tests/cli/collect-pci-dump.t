# libpci's dump method on lspci -x output: the switch and a same-bus virtual function not counted (golden)
cwd: @SRC@
run: collect --pci-dump tests/fixtures/collect/lspci-x-dump.txt --host gpu-node-7 --site us-va-dc1
stdout-golden: @SRC@/tests/fixtures/collect/expected-dump.cfg
