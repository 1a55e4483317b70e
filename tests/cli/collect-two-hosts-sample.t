# two nvidia-smi -q -x files of two hosts with the same bus id: one GPU each, a host per file (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --nvidia-smi nvidia-smi-q-x-tesla-t4-aws-drv515.xml --nvidia-smi nvidia-smi-q-x-a10g-aws-drv515.xml
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-two-hosts.cfg
