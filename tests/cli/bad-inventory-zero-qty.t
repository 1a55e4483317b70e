# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/zero-qty.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/zero-qty.cfg:2:30: 'quantity' must be between 1 and 1000000000, not 0
absent: report.json
only-files: 0
