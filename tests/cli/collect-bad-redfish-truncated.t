# a Redfish collection cut short: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-truncated.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: redfish-truncated.json:11:26: invalid JSON: '}' expected near end of file
only-files: 0
