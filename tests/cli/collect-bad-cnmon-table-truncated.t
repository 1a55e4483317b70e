# cnmon's table cut inside a card: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon cnmon-table-truncated.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: cnmon-table-truncated.txt:12: cnmon's table ends inside a card (truncated?)
only-files: 0
