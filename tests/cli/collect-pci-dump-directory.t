# --pci-dump reads one file, not a directory
cwd: @SRC@/tests/fixtures/collect
run: collect --pci-dump fleet
exit: 2
stderr: chipgate: fleet: a directory: give --pci-dump one lspci -x file at a time
