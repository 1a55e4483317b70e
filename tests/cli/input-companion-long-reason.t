# the companion file of a CSV inventory has the same limits, and is refused before a row is read
cwd: @SRC@
run: check -p cn-cac-2025 --justifications tests/fixtures/input/long-reason-companion.cfg -o @TMP@/report.json tests/fixtures/input/long-model.csv
exit: 2
stderr: chipgate: tests/fixtures/input/long-reason-companion.cfg:3:5: field 'reason' is 5000 bytes; the limit is 4096
absent: report.json
