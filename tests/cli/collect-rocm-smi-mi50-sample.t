# the older rocm-smi --json key set (GPU ID): one MI50 32GB listed while the topology names 8
# devices: counted what is listed, with a warning (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --rocm-smi rocm-smi-json-mi50-32gb-vega20.json
stderr: chipgate: warning: rocm-smi-json-mi50-32gb-vega20.json:78: the topology names 8 devices, 1 card is listed: counted what is listed
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-rocm-mi50.cfg
