# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/bad-utf8.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-utf8.cfg:2:12: invalid UTF-8 (byte 0xff)
absent: report.json
only-files: 0
