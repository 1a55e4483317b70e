# binary garbage: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon binary.bin -o @TMP@/out.cfg
exit: 2
stderr: chipgate: binary.bin:1:8: NUL byte in input
only-files: 0
