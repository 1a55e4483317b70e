# a CSV cell over its field's limit is refused, not copied into the report (issue #13)
cwd: @SRC@
run: check -p cn-cac-2025 -f json -o @TMP@/report.json tests/fixtures/input/long-model.csv
exit: 2
stderr: chipgate: tests/fixtures/input/long-model.csv:3:2: field 'model' is 300 bytes; the limit is 256
absent: report.json
only-files: 0
