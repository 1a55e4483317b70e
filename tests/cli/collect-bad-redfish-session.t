# a Redfish resource that is not a Processor, GraphicsController or PCIeDevice: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-session-service.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: redfish-session-service.json: a Redfish SessionService, not a Processor, GraphicsController or PCIeDevice resource or collection
only-files: 0
