# the real npu-smi info of an 8-card host (a comment on the command line, UTF-8): 8x 910B (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --npu-smi npu-smi-info-ascend910-8card-euleros-aarch64.txt --site cn-bj-dc1
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-npusmi.cfg
