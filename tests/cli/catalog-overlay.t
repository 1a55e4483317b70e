# a user catalog adds a vendor and a chip in a few lines
run: catalog -C @SRC@/tests/fixtures/cli/overlay.cfg show acme-x1
stdout-contains: Acme X1 (acme-x1)
stdout-contains: ECCN: indeterminate (TPP unknown: no dense performance figure in the catalog)
