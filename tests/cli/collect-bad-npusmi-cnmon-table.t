# cnmon's table given to --npu-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --npu-smi cnmon-table.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: cnmon-table.txt: not npu-smi info output (no 'NPU Name' table, no 'npu-smi info -m' table, no 'NPU ID :' block)
only-files: 0
