# kubectl JSON given to --redfish: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish kube-node-single.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-node-single.json: not a Redfish resource (no '@odata.type')
only-files: 0
