# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/truncated.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/truncated.cfg:3: syntax error
absent: report.json
only-files: 0
