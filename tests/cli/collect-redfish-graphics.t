# a BMC's GraphicsController the catalog does not know: not an accelerator, said why
cwd: @SRC@/tests/fixtures/collect
run: collect --redfish redfish-graphics-bmc.json
stderr: chipgate: note: no accelerators found
stdout-golden: @SRC@/tests/fixtures/collect/expected-redfish-graphics.cfg
