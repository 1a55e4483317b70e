# an empty file: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi empty.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: empty.txt: not amd-smi static output (no 'GPU: N' section)
only-files: 0
