# a Redfish system id that is only a DEL character (found by fuzz_redfish): no host, rather than
# an asset id with a control character the inventory reader refuses
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-host-del-char.json -o @TMP@/inv.cfg
file-contains: @TMP@/inv.cfg { id = "unknown-gpu-no-model-in-redfish"; model = "unknown GPU (no Model in Redfish)"; quantity = 1;
only-files: 1
