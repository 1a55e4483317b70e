# an envelope of before the binding (predicateType v1) verifies, names no
# report file, and cannot check one given with --report
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub --report tests/fixtures/attest/report.json tests/fixtures/attest/golden-v1.dsse.json
exit: 3
stderr: chipgate: tests/fixtures/attest/golden-v1.dsse.json: the statement (https://chipgate.dev/report/v1) records no rendered report: 'tests/fixtures/attest/report.json' cannot be checked against it
