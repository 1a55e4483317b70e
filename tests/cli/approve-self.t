# a self-approval is refused, whatever the case of the names
cwd: @SRC@
run: approve -k @TMP@/none.key -o @TMP@/out.json po-self tests/fixtures/review/cli.cfg
exit: 2
stderr: chipgate: tests/fixtures/review/cli.cfg:8: approver 'Li.Wei' is also the requester: an approval must come from someone else
absent: out.json
