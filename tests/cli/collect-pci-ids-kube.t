# --pci-ids with a text source is an error
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-describe.txt --pci-ids pci.ids
exit: 2
stderr-match: ^chipgate: --pci-ids names devices of a PCI scan or --pci-dump only; the other sources print their own names$
stderr-match: ^usage: chipgate collect
