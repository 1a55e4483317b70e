# cnmon info cut after a Card line: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon cnmon-info-truncated.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: cnmon-info-truncated.txt:18: card block without a Product Name (truncated?)
only-files: 0
