# amd-smi static --json, a list of 2 MI300X (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi amdsmi-static-mi300x.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-amdsmi-json.cfg
