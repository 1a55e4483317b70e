# --pci-dump: libpci reads the file itself, so its size is checked against CHIPGATE_MAX_INPUT
# before; nothing is written
env: CHIPGATE_MAX_INPUT=1000
run: collect --pci-dump @SRC@/tests/fixtures/collect/lspci-x-dump.txt -o inv.cfg
exit: 2
stderr-match: ^chipgate: .*lspci-x-dump.txt: file is larger than the input limit of 1000 bytes$
only-files: 0
