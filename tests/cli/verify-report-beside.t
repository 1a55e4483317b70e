# a report envelope binds the report file beside it (issue #14): verify
# checks it and says so
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub tests/fixtures/attest/golden.dsse.json
exit: 0
stdout: tests/fixtures/attest/golden.dsse.json: verified; keyid 240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87; 1 subject; verdict pass; report tests/fixtures/attest/report.json (json) matches
