# a record that names no approver cannot be signed
cwd: @SRC@
run: approve -k @TMP@/none.key -o @TMP@/out.json po-unapproved tests/fixtures/review/cli.cfg
exit: 2
stderr: chipgate: tests/fixtures/review/cli.cfg:10: the justification names no approver: set approver = "NAME" (the one who signs) first
absent: out.json
