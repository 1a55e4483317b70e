# review knows four formats
run: review -f sarif @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: unknown format 'sarif' \(text, json, markdown, html\)$
stderr-match: ^usage: chipgate review
