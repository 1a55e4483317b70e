# one key given twice (the same file, or another encoding of it) is one
# trusted key: a threshold of 2 cannot be met
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub -k ./tests/fixtures/attest/ed25519.pub --threshold 2 tests/fixtures/attest/golden.dsse.json
exit: 2
stderr: chipgate: --threshold 2 needs 2 distinct trusted keys, got 1 (./tests/fixtures/attest/ed25519.pub is the same key as tests/fixtures/attest/ed25519.pub)
stderr: usage: chipgate verify -k PUBKEY... [--threshold N] [--inputs] [--report FILE] [-o FILE]
stderr:                 ENVELOPE
