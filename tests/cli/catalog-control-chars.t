# a catalog overlay's names reach the terminal with control characters as \xNN
run: catalog -C @SRC@/tests/fixtures/catalog/control-chars.cfg show acme-x1
stdout-contains: Acme\x07AI X\x1b[31m1 (acme-x1)
