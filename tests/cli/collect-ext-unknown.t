# collect -o: .cfg, .conf or .csv in any case; another name needs -f
run: collect --lspci @SRC@/tests/fixtures/collect/lspci-nnk.txt -o host.txt
exit: 2
stderr-match: ^chipgate: cannot tell the inventory format from the name 'host.txt'; give -f cfg or -f csv, or use its extension$
only-files: 0
