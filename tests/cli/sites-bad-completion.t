# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/bad-completion.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/bad-completion.csv:2:2: invalid completion '1.5' in column 'completion' (a number from 0 to 1)
absent: report.json
only-files: 0
