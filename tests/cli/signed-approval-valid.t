# --param signed_approvals=true --approvers FILE: the approval signed by
# zhang.min's key (listed in the file, its path relative to the file) counts
cwd: @SRC@
run: check --param signed_approvals=true --approvers tests/fixtures/signed/approvers.cfg tests/fixtures/signed/inventory.cfg
exit: 0
stdout-contains: error   CN-JUST-001 [justified] po-0815:
stdout-contains:         justified by tests/fixtures/signed/inventory.cfg:18, approved by zhang.min (signed approval verified) until 2026-08-04
