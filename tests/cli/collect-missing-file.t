# a file that is not there: one line, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon no-such-file.txt
exit: 2
stderr: chipgate: no-such-file.txt: cannot open: No such file or directory
