# a VM's lspci -nnk listing only MI300X virtual functions: none counted, each a share of a GPU on
# the hypervisor host, as a vGPU slice in a guest is (golden)
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-nnk-vf-guest.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-lspci-vf-guest.cfg
stderr: chipgate: note: no accelerators found
