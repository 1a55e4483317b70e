# review agrees with check without a keyring: approval-invalid, and the
# next step is to give one
cwd: @SRC@
run: review --param signed_approvals=true tests/fixtures/signed/inventory.cfg
exit: 1
stdout-contains:   1 approval-invalid
stdout-contains: - rule CN-JUST-001 asks for a signed approval (params.signed_approvals is true) but no approvers are known for cn-cac, a built-in pack: give the organisation's approvers with --approvers FILE
stdout-contains: next: give the organisation's approvers with --approvers FILE (chipgate-review(1), Signed approvals)
