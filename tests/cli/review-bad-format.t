# review knows three formats
run: review -f sarif @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: unknown format 'sarif' \(text, json, markdown\)$
stderr-match: ^usage: chipgate review
