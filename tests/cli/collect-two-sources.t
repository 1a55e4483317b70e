# one source at a time
run: collect --lspci a.txt --npu-smi b.txt
exit: 2
stderr-match: ^chipgate: give only one of --lspci, --nvidia-smi, --npu-smi, --pci-dump$
stderr-match: ^usage: chipgate collect
