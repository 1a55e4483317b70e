# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/typo.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/typo.cfg:2:30: unknown setting 'quantiy' (did you mean 'quantity'?)
absent: report.json
only-files: 0
