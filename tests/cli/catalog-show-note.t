# an entry's note (why a figure is missing) is shown after the arithmetic, and in JSON
run: catalog -C @SRC@/tests/fixtures/cli/note.cfg show "Acme N1"
stdout-contains: ECCN: indeterminate (TPP unknown: no dense performance figure in the catalog)
stdout-contains: note: FP8 1 PFLOPS, dense or sparse not stated: TPP 8000 if dense, 4000 if sparse
