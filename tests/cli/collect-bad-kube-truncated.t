# kubectl JSON cut short: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-truncated.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-truncated.json:23:45: invalid JSON: premature end of input
only-files: 0
