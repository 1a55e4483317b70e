# --format-in forces a reader: a CSV read as libconfig fails in libconfig's words
cwd: @SRC@
run: check -p cn-cac-2025 --format-in cfg tests/fixtures/csv/crlf.csv
exit: 2
stderr-match: ^chipgate: tests/fixtures/csv/crlf.csv:1(:[0-9]+)?: 
