# --report names a file that is not the report signed: exit 3, the file
# named in the one line
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub --report tests/fixtures/attest/inventory.cfg tests/fixtures/attest/golden.dsse.json
exit: 3
stderr: chipgate: tests/fixtures/attest/inventory.cfg: differs from what was signed
