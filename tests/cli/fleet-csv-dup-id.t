# duplicate ids in a streamed CSV, out of order: both lines named
cwd: @SRC@
run: check -p cn-cac-2025 tests/fixtures/csv/dup-id-unsorted.csv
exit: 2
stderr: chipgate: tests/fixtures/csv/dup-id-unsorted.csv:5:1: duplicate asset id 'b' (first defined at line 3)
