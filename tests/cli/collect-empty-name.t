# a device printed without a name gets a model the reader accepts
# (found by fuzz_lspci)
run: collect --lspci @SRC@/tests/fixtures/regress/lspci-empty-name.txt --host h --site S
stdout-contains: { id = "h:unknown-device"; model = "unknown device"; quantity = 1;
