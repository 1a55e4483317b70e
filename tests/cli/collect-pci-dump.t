# libpci's dump method on lspci -x output: the switch and a same-bus virtual function not counted
# (golden). Device names come from --pci-ids, a fixture of our own: never from the host's
# pci.ids, whose version (and so the names of new devices) differs between hosts.
cwd: @SRC@
run: collect --pci-dump tests/fixtures/collect/lspci-x-dump.txt --host gpu-node-7 --site us-va-dc1 --pci-ids tests/fixtures/collect/pci.ids
stdout-golden: @SRC@/tests/fixtures/collect/expected-dump.cfg
