# 8 x NVIDIA H800 (PCI id 2324) reporting 143771 MiB each, the memory of an H200: collect records
# the identity conflict in attrs and warns (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-h800-relabelled.xml --host gpu-node-9
stderr: chipgate: warning: nvsmi-q-x-h800-relabelled.xml: gpu-node-9: 8 x NVIDIA H800: 143771 MiB of memory reported per unit, against the catalog's 80 GB for NVIDIA H800 SXM (nvidia-h800): the part may be relabelled or misreported
stdout-golden: @SRC@/tests/fixtures/collect/expected-h800-relabelled.cfg
