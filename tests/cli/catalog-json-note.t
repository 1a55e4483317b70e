# the note in JSON: a string, or null when the entry has none
run: catalog -C @SRC@/tests/fixtures/cli/note.cfg -f json show acme-n1
stdout-contains:   "note": "FP8 1 PFLOPS, dense or sparse not stated: TPP 8000 if dense, 4000 if sparse",
