# JSON nested 3000 deep: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube redfish-deep.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: redfish-deep.json:1:2104: invalid JSON: maximum parsing depth reached near '['
only-files: 0
