# a binary baseline (NUL bytes) is refused as not text, exit 2, nothing written
run: check --baseline /bin/sh -o r.json @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: /bin/sh:
only-files: 0
