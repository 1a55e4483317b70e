# a DMTF Redfish Processor of type GPU: Nvidia(R) TU102, its system the host (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --redfish redfish-dmtf-public-tower-processor-gpu1-nvidia-tu102.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-redfish-gpu1.cfg
