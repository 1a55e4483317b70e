# a bad inventory: exit 2, one line FILE:LINE[:COL], nothing written
run: check -o report.json @SRC@/tests/fixtures/cli/dup-id.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/cli/dup-id.cfg:5: duplicate asset id 'a' (first defined at line 3)
absent: report.json
only-files: 0
