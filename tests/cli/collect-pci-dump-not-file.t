# --pci-dump of something that is not a regular file (a device here; a FIFO alike) is refused:
# libpci would read it past any limit
run: collect --pci-dump /dev/zero
exit: 2
stderr: chipgate: /dev/zero: not a regular file: save the lspci -x output to a file first
