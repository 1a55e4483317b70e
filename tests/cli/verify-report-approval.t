# an approval signs no report: --report does not apply to it
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub --report tests/fixtures/attest/report.json tests/fixtures/attest/approval.dsse.json
exit: 2
stderr: chipgate: tests/fixtures/attest/approval.dsse.json: an approval signs no report: --report does not apply
