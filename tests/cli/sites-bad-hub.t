# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/bad-hub.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/bad-hub.csv:2:2: invalid public_hub 'yes' in column 'public_hub' (true or false)
absent: report.json
only-files: 0
