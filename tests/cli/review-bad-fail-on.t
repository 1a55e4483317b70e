# --fail-on takes check's severities
run: review --fail-on fatal @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: invalid --fail-on 'fatal' \(error, warning, info, never\)$
stderr-match: ^usage: chipgate review
