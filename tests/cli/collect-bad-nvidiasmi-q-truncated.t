# nvidia-smi -q cut inside a GPU's block: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-truncated.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-q-truncated.txt:9: the GPU block ends without its Product Name or PCI Device Id (a truncated nvidia-smi -q report?)
only-files: 0
