# --param signed_approvals=true with no approvers known for the built-in
# pack: the justification is approval-invalid, never a silent pass, and the
# note says how to give the keyring
cwd: @SRC@
run: check --param signed_approvals=true tests/fixtures/signed/inventory.cfg
exit: 1
stdout-contains: error   CN-JUST-001 po-0815:
stdout-contains:         justification tests/fixtures/signed/inventory.cfg:18 does not satisfy the requirement: rule CN-JUST-001 asks for a signed approval (params.signed_approvals is true) but no approvers are known for cn-cac, a built-in pack: give the organisation's approvers with --approvers FILE
stdout-contains:   cn-cac: signed_approvals = true (--param; default false)
stdout-lacks: [justified]
