# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/waiver-no-expiry.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/waiver-no-expiry.cfg:5: missing required setting 'expires'
absent: report.json
only-files: 0
