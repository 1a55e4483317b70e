# a bad row late in a streamed CSV: exit 2, one line FILE:LINE:COL naming the column, nothing written
cwd: @SRC@
run: check -p cn-cac-2025 -o @TMP@/report.json tests/fixtures/csv/bad-quantity.csv
exit: 2
stderr: chipgate: tests/fixtures/csv/bad-quantity.csv:17:3: invalid quantity '-4' in column 'quantity'
absent: @TMP@/report.json
only-files: 0
