# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/bad-funding.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/bad-funding.csv:2:2: invalid funding 'govt' in column 'funding' (expected one of: state, public, private)
absent: report.json
only-files: 0
