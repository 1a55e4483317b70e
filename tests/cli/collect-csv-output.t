# -o FILE.csv writes a CSV inventory, atomically, that check reads back
cwd: @SRC@
run: collect --lspci tests/fixtures/collect/lspci-nnk.txt --site cn-sz-dc1 -o @TMP@/host.csv
file-contains: @TMP@/host.csv id,model,quantity,site,purpose,status,source,pci_id,pci_addresses
file-contains: @TMP@/host.csv huawei-ascend-910b,Huawei Ascend 910B,2,cn-sz-dc1,,,lspci,19e5:d802,0000:01:00.0 0000:02:00.0
only-files: 1
