# rocm-smi --json of 4 x MI100 (serials N/A: known by bus) (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --rocm-smi rocm-smi-json-4x-mi100-rocm602.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-rocm-mi100.cfg
