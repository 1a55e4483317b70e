# a JSON report written to a file, with the input digests; nothing else left behind
run: check -p @SRC@/tests/fixtures/cli/pack.cfg -o report.json @SRC@/tests/fixtures/cli/good.cfg
exit: 1
file-contains: report.json "schema": "chipgate.report/1",
file-contains: report.json "role": "inventory", "sha256": "
file-contains: report.json "rule": "T-GOV",
only-files: 1
# with -o, the one-line verdict goes to stderr for the CI log
stderr: FAIL  2 assets, 24 units; open: 1 error, 1 warning, 0 info; waived 0, justified 0, baseline 0 (fail on error); report in report.json
