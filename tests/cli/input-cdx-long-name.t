# a CycloneDX device name (the model) over its limit, at its line and column
cwd: @SRC@
run: check -p cn-cac-2025 -o @TMP@/report.json tests/fixtures/input/long-name.cdx.json
exit: 2
stderr: chipgate: tests/fixtures/input/long-name.cdx.json:3:30: field 'name' is 300 bytes; the limit is 256
absent: report.json
