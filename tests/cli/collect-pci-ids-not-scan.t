# --pci-ids only names devices of a PCI scan; the text sources print their own names
run: collect --lspci @SRC@/tests/fixtures/collect/lspci-nnk.txt --pci-ids @SRC@/tests/fixtures/collect/pci.ids
exit: 2
stderr-match: ^chipgate: --pci-ids names devices of a PCI scan or --pci-dump only
stderr-match: ^usage: chipgate collect
