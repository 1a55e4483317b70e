# a line that is not lspci output: exit 2 with its line, nothing written
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-garbage.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: tests/fixtures/collect/lspci-garbage.txt:3:1: not lspci output: 'Segmentation fault (core dumped)'
absent: @TMP@/out.cfg
only-files: 0
