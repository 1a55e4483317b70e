# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/bad-date.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-date.cfg:1:15: 'as_of' is not a date (YYYY-MM-DD): '2025-02-30'
absent: report.json
only-files: 0
