# a --report file that is not there cannot be checked: an error, not a pass
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub --report tests/fixtures/attest/no-such.sarif tests/fixtures/attest/golden.dsse.json
exit: 2
stderr: chipgate: tests/fixtures/attest/no-such.sarif: cannot read: No such file or directory
