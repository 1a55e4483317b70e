# a bad --sites file: exit 2, FILE:LINE:COL, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/bad-quote.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/sites/bad-quote.csv:2:2: unterminated quoted field at the end of the file
absent: report.json
only-files: 0
