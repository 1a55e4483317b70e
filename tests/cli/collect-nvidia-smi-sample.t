# the real ~240-column nvidia-smi --query-gpu CSV: one H100, known by pci.device_id; its UUID is
# masked (all zeros), so it is known by its bus id (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --nvidia-smi nvidia-smi-query-gpu-csv-h100-80gb-hbm3-drv590.csv --host h100-box
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-nvsmi.cfg
