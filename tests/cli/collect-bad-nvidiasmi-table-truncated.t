# nvidia-smi's table cut inside a GPU's rows: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-table-truncated.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-table-truncated.txt:14: nvidia-smi's table ends without its border (truncated?)
only-files: 0
