# the Ascend 950 family's PCI id (vendor install scripts: "A5")
run: catalog match 19e5:d806
stdout: '19e5:d806' -> huawei-ascend-950 (Huawei Ascend 950): pci match via 'pci'; TPP unknown, indeterminate
