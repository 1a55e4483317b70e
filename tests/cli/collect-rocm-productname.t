# rocm-smi --showproductname --json with ROCm 6.1's key case: 2 x MI210 by name (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi rocm-productname.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-rocm-productname.cfg
