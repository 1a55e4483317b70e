# verify tells an approval (written by approve) from a report by its
# payloadType, and says what it approves
cwd: @SRC@
run: verify -k tests/fixtures/attest/ed25519.pub tests/fixtures/attest/approval.dsse.json
exit: 0
stdout: tests/fixtures/attest/approval.dsse.json: verified approval; keyid 240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87; asset 'sh2-h20-ord-0815', rule 'CN-JUST-001', approver 'zhang.min', approved_on 2025-08-10
