# -o FILE.sarif writes SARIF (the extension decides), atomically: one file, no temporary left
run: check -p @SRC@/tests/fixtures/cli/pack.cfg -o report.sarif @SRC@/tests/fixtures/cli/good.cfg
exit: 1
file-contains: report.sarif "version": "2.1.0",
file-contains: report.sarif "ruleId": "T-GOV",
file-contains: report.sarif "partialFingerprints": {"chipgateFinding/v1": "
only-files: 1
stderr-match: ^FAIL  2 assets, 24 units; open: 1 error, .*; report in report.sarif$
