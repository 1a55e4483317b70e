# a CSV fleet to a JSON report (-q: no verdict on stderr): the input digest of the streamed file is recorded
run: check -q -p cn-cac-2025 --as-of 2025-08-12 -f json -o report.json @SRC@/tests/fixtures/csv/good.csv
exit: 1
file-contains: report.json "role": "inventory", "sha256": "2a270fc0b1038d98e868f4626cd7c7c2a2d37f76ecccb385277f30679b4133a8"}
file-contains: report.json "rule": "CN-GOV-002",
file-contains: report.json "location": {"file": "@SRC@/tests/fixtures/csv/good.csv", "line": 4},
only-files: 1
