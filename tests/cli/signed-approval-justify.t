# justify agrees with check: with signatures asked for and no approvers
# known, the skeleton says to give them with --approvers
cwd: @SRC@
run: justify --param signed_approvals=true po-0815 tests/fixtures/signed/inventory.cfg
exit: 0
stdout-contains:   # alternative domestic for CN; an approval signed by an approver, but no
stdout-contains:   # approvers are known for the pack: give the organisation's with --approvers
stdout-contains:     # approval = "po-0815.approval.dsse.json"; # written by chipgate approve
