# the same system's ProcessorCollection, members only links: GPU1 and GPU2 counted as unknown
# GPUs by their ids, the CPUs noted, a warning to expand the collection (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --redfish redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json
stderr: chipgate: warning: redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json:5: 10 members are links, not expanded: counted as unknown GPUs by their ids unless read in full: GPU1, GPU2; fetch the collection with ?$expand=. or give each resource to read types and models
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-redfish-coll.cfg
