# cn-cac asks for no signed approval by default (params.signed_approvals =
# false, issue #15): the justification counts on its approver's word, and
# the report lists the parameter
cwd: @SRC@
run: check tests/fixtures/signed/inventory.cfg
exit: 0
stdout-contains: error   CN-JUST-001 [justified] po-0815:
stdout-contains:         justified by tests/fixtures/signed/inventory.cfg:18, approved by zhang.min until 2026-08-04
stdout-contains:   cn-cac: signed_approvals = false
