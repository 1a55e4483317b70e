# -o writes the signed JSON report once the envelope verified: for an
# envelope of -f json, the report file itself
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub -o @TMP@/signed.json tests/fixtures/attest/golden.dsse.json
exit: 0
stdout-contains: verdict pass; report tests/fixtures/attest/report.json (json) matches
file-contains: signed.json "schema": "chipgate.report/1"
