# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/bad-purpose.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-purpose.cfg:2:44: invalid purpose 'defence' (expected one of: commercial, government, critical-infrastructure, research, other, military, public-institution)
absent: report.json
only-files: 0
