# a CSV inventory on standard input is detected and streamed; its digest is the file's
env: SOURCE_DATE_EPOCH=1754956800
stdin: @SRC@/tests/fixtures/csv/good.csv
run: check -p cn-cac-2025 --as-of 2025-08-12 -f json -
exit: 1
stdout-contains: {"path": "-", "role": "inventory", "sha256": "2a270fc0b1038d98e868f4626cd7c7c2a2d37f76ecccb385277f30679b4133a8"}
stdout-contains: "assets": 4
