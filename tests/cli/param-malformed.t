# --param without NAME=VALUE is a usage error: exit 2, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param threshold -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr-match: ^chipgate: invalid --param 'threshold' \(expected \[PACK:\]NAME=VALUE\)$
stderr-match: ^usage: chipgate check
absent: report.json
only-files: 0
