# the default nvidia-smi table of a relabelled part: 8 x NVIDIA H800 with 143,771 MiB each (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-table-h800.txt
stderr: chipgate: warning: nvsmi-table-h800.txt: 8 x NVIDIA H800: 143771 MiB of memory reported per unit, against the catalog's 80 GB for NVIDIA H800 SXM (nvidia-h800): the part may be relabelled or misreported
stdout-golden: @SRC@/tests/fixtures/collect/expected-table-h800.cfg
