# an unknown --format-in is a usage error
run: check --format-in xml inventory.xml
exit: 2
stderr-match: ^chipgate: unknown --format-in 'xml' \(cfg, csv, cyclonedx, osquery\)$
stderr-match: ^usage: chipgate check
