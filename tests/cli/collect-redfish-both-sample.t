# the collection and GPU1 read in full, in one call: GPU1 once, as the TU102 it is (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --redfish redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json --redfish redfish-dmtf-public-tower-processor-gpu1-nvidia-tu102.json
stderr: chipgate: warning: redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json:5: 10 members are links, not expanded: counted as unknown GPUs by their ids unless read in full: GPU1, GPU2; fetch the collection with ?$expand=. or give each resource to read types and models
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-redfish-both.cfg
