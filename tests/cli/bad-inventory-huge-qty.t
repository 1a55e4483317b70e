# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/huge-qty.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/huge-qty.cfg:2:41: number out of range '99999999999'
absent: report.json
only-files: 0
