# an expanded ProcessorCollection: 8 GPUs, the CPUs, an FPGA and an absent socket noted (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-processors-expanded.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-redfish-expanded.cfg
