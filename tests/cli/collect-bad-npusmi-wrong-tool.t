# amd-smi text given to --npu-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --npu-smi npusmi-garbage-kv.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: npusmi-garbage-kv.txt: not npu-smi info output (no 'NPU Name' table, no 'npu-smi info -m' table, no 'NPU ID :' block)
only-files: 0
