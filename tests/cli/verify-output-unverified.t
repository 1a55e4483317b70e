# -o writes nothing when the envelope does not verify
cwd: @SRC@
run: verify -k tests/fixtures/attest/other-ed25519.pub -o @TMP@/signed.json tests/fixtures/attest/golden.dsse.json
exit: 3
stderr-match: ^chipgate: tests/fixtures/attest/golden.dsse.json: no trusted key made this signature
absent: signed.json
