# an MI300X in CPX mode lists 8 partitions with one serial: one package (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi rocm-mi300x-cpx.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-rocm-cpx.cfg
