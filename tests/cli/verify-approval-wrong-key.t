# an approval by a key that is not trusted is rejected, and the message
# says whose it is not (it claims no alteration)
cwd: @SRC@
run: verify -k tests/fixtures/attest/other-ed25519.pub tests/fixtures/attest/approval.dsse.json
exit: 3
stderr: chipgate: tests/fixtures/attest/approval.dsse.json: no trusted key made this signature (keyid '240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87' is not among the -k keys)
