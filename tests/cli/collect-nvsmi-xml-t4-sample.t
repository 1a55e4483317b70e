# nvidia-smi -q -x (DTD v11) of an AWS Tesla T4: one GPU, its framebuffer size (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --nvidia-smi nvidia-smi-q-x-tesla-t4-aws-drv515.xml
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-nvsmi-t4.cfg
