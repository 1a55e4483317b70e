# an osquery row's model text over its limit
cwd: @SRC@
run: check -p us-ear-2025 --format-in osquery -o @TMP@/report.json tests/fixtures/input/long-model.osquery.json
exit: 2
stderr: chipgate: tests/fixtures/input/long-model.osquery.json:2:118: field 'model' is 300 bytes; the limit is 256
absent: report.json
