# a CSV header may have at most 4096 columns
cwd: @SRC@
run: check -p cn-cac-2025 -o @TMP@/report.json tests/fixtures/input/columns-4097.csv
exit: 2
stderr: chipgate: tests/fixtures/input/columns-4097.csv:1:4097: the header has more than 4096 columns
absent: report.json
