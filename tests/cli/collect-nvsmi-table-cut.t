# the old default table with MIG devices: a name the table cut is kept as printed, with a warning;
# the MIG rows folded (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-table-mig-cut.txt
stderr: chipgate: warning: nvsmi-table-mig-cut.txt:8: nvidia-smi's table cut the name 'NVIDIA A100-SXM...': its model is kept as printed (use nvidia-smi -q or --query-gpu for the whole name)
stdout-golden: @SRC@/tests/fixtures/collect/expected-table-cut.cfg
