# an empty file: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi empty.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: empty.txt: empty nvidia-smi output (expected --query-gpu CSV with a header)
only-files: 0
