# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/bad-country.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/bad-country.csv:2:2: invalid country 'China' in column 'country' (expected an ISO 3166-1 alpha-2 code such as 'CN')
absent: report.json
only-files: 0
