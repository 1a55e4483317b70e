# a key of a type chipgate does not sign with is named as such
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed448.pub tests/fixtures/attest/golden.dsse.json
exit: 2
stderr: chipgate: tests/fixtures/attest/ed448.pub: ED448 keys are not supported (ed25519, ecdsa-p256, rsa-3072)
