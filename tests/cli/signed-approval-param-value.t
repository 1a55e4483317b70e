# --param signed_approvals takes true or false only: exit 2 at the parameter's line
cwd: @SRC@
run: check -o @TMP@/r.json --param signed_approvals=yes tests/fixtures/signed/inventory.cfg
exit: 2
stderr: chipgate: embedded:cn-cac.cfg:141: --param signed_approvals=yes: 'yes' is not a bool (true or false) (parameter 'signed_approvals' of cn-cac is a bool; default false)
absent: r.json
