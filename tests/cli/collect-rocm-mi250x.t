# rocm-smi --json of 4 GCDs that share board serials in pairs: 2 MI250X packages, the HBM of
# both GCDs (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi rocm-mi250x-2pkg.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-rocm-mi250x.cfg
