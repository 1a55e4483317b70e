# rocm-smi JSON given to --nvidia-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi rocm-mi250x-2pkg.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: rocm-mi250x-2pkg.json:1: no 'name' or 'pci.device_id' column in the header (run nvidia-smi --query-gpu=name,uuid,pci.bus_id,pci.device_id --format=csv, without noheader)
only-files: 0
