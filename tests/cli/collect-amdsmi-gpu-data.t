# amd-smi static --json as {"gpu_data": [...]} (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi amdsmi-static-gpu-data.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-amdsmi-gpu-data.cfg
