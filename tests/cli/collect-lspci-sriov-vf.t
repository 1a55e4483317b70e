# lspci -nnk of a host with SR-IOV on: an MI300X VF (named "[Instinct MI300X VF]", id 1002:74b5,
# which the catalog also knows as an MI300X) beside its physical function, and two H100 VFs on
# their GPU's bus with its ids: one MI300X and one H100, the VFs folded and said so (golden)
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-nnk-sriov-vf.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-lspci-sriov-vf.cfg
