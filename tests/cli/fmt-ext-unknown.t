# -o with a name that tells no format, and no -f: an error that lists the formats; nothing written
run: check @SRC@/inventories/example.cfg -o report
exit: 2
stderr-match: ^chipgate: cannot tell the report format from the name 'report'; give -f FORMAT \(text, json, sarif, junit, github, gitlab, markdown, html\) or use its extension$
stderr-match: ^usage: chipgate check
only-files: 0
