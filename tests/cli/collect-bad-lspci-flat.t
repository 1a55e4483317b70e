# lspci -k pasted without indentation, then a line at column 1 that is no key lspci prints:
# exit 2 with its line, nothing written
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-k-flat-garbage.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: tests/fixtures/collect/lspci-k-flat-garbage.txt:4:1: not lspci output: 'Error: cannot read /sys/bus/pci/devices/0000:3b:00.0/config'
absent: @TMP@/out.cfg
only-files: 0
