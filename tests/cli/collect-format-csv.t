# collect -f csv decides whatever the name; options after one another in any order
run: collect -o host.txt --lspci @SRC@/tests/fixtures/collect/lspci-nnk.txt -f csv
file-contains: host.txt id,model,quantity
only-files: 1
