# an unknown -f lists the formats there are
run: check -f yaml @SRC@/tests/fixtures/cli/good.cfg
exit: 2
stderr-match: ^chipgate: unknown format 'yaml' \(text, json, sarif, junit, github, gitlab, markdown, html\)$
stderr-match: ^usage: chipgate check
