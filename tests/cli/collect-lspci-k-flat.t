# lspci -k pasted without its indentation (Subsystem:, Kernel driver in use:, Kernel modules: at
# column 1) is still lspci output: two H100s, the NIC ignored (golden)
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-k-flat.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-lspci-k-flat.cfg
