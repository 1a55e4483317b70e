# collect --site longer than an inventory's site may be (256 bytes): refused before anything is
# collected, instead of writing an inventory that check would refuse
run: collect --lspci @SRC@/tests/fixtures/collect/lspci-nnk.txt -o inv.cfg --site sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss
exit: 2
stderr-match: ^chipgate: --site is 257 bytes; the limit is 256$
only-files: 0
