# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/dup-id.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/dup-id.csv:3: duplicate site id 's1' (first defined at @SRC@/tests/fixtures/sites/dup-id.csv:2)
absent: report.json
only-files: 0
