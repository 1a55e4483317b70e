# nvidia-smi -q -x of an AWS A10G whose pci_device_id is not one (000000DE): known by its name,
# which the catalog's A10 entry knows as an alias (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --nvidia-smi nvidia-smi-q-x-a10g-aws-drv515.xml
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-nvsmi-a10g.cfg
