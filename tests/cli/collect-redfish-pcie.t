# a PCIeDevice whose expanded function is a processing accelerator 19e5:d802 (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-pciedevice-ascend.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-redfish-pcie.cfg
