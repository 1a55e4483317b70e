# a public key where the cosigner's private key is needed: said so, and
# the envelope is left as it was
cwd: @SRC@
run: cosign -k tests/fixtures/attest/rsa-3072.pub -o @TMP@/out.json tests/fixtures/attest/golden.dsse.json
exit: 2
stderr: chipgate: cosign needs the cosigner's private key; 'tests/fixtures/attest/rsa-3072.pub' is a public key (did you mean 'tests/fixtures/attest/rsa-3072.key'?)
absent: out.json
only-files: 0
