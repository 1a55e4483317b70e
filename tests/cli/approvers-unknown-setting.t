# an approvers file holds the approvers list only: anything else is an
# error, with did-you-mean
cwd: @SRC@
run: check -o @TMP@/r.json --approvers tests/fixtures/signed/approvers-typo.cfg tests/fixtures/signed/inventory.cfg
exit: 2
stderr: chipgate: tests/fixtures/signed/approvers-typo.cfg:2:1: unknown setting 'approver' (did you mean 'approvers'?)
absent: r.json
