# the approvers file lists zhang.min's signing key under wang.fang: the
# approval was signed by another approver's key, so it is invalid
cwd: @SRC@
run: check --param signed_approvals=true --approvers tests/fixtures/signed/approvers-other.cfg tests/fixtures/signed/inventory.cfg
exit: 1
stdout-contains:         justification tests/fixtures/signed/inventory.cfg:18 does not satisfy the requirement: approval 'po-0815.approval.dsse.json' is signed by the key of 'wang.fang', not by the key of the approver 'zhang.min'
stdout-lacks: [justified]
