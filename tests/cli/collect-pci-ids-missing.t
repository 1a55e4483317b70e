# --pci-ids names a file that is not there: exit 2, one line, nothing written
run: collect --pci-dump @SRC@/tests/fixtures/collect/lspci-x-dump.txt --pci-ids nope.ids -o inv.cfg
exit: 2
stderr: chipgate: nope.ids: cannot open: no such file or not readable
absent: inv.cfg
