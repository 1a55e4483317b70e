# libpci's dump method on lspci -xxxx output whose MI300X has the SR-IOV capability (VF device id
# 74b5, one VF at offset 0x10): the VF, unnamed in the --pci-ids fixture and known to the catalog
# by its id, is folded into the MI300X from the capability alone (golden)
cwd: @SRC@
run: collect --pci-dump tests/fixtures/collect/lspci-x-dump-sriov.txt --host gpu-node-8 --pci-ids tests/fixtures/collect/pci.ids
stdout-golden: @SRC@/tests/fixtures/collect/expected-dump-sriov.cfg
