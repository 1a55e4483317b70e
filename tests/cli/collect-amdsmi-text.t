# amd-smi static text: 2 x MI308X, serials, VRAM (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi amdsmi-static-mi308x.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-amdsmi-text.cfg
