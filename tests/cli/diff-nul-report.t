# a report with a NUL byte is refused, not a hang (found by fuzz_report_json)
run: diff @SRC@/tests/fixtures/regress/report-nul.json @SRC@/tests/fixtures/regress/report-nul.json
exit: 2
stderr-match: report-nul\.json:1:[0-9]+: 
