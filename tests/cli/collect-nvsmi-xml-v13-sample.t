# nvidia-smi -q -x, DTD v13, tab-indented, serial REDACTED: one RTX 4000 SFF Ada (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --nvidia-smi nvidia-smi-q-x-rtx-4000-sff-ada-dtd-v13-drv595.xml --host ws-7
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-nvsmi-v13.cfg
