# explain agrees with check: the parameter, and the record's signed approval
cwd: @SRC@
run: explain --param signed_approvals=true --approvers tests/fixtures/signed/approvers.cfg po-0815 tests/fixtures/signed/inventory.cfg
exit: 0
stdout-contains:   parameter signed_approvals = true (--param)
stdout-contains:       justification tests/fixtures/signed/inventory.cfg:18: satisfies the requirement; approval signed by zhang.min (keyid 240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87)
