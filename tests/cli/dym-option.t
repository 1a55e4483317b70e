# did you mean: a mistyped option gets the closest one of that command
run: check @SRC@/inventories/example.cfg --fial-on warning
exit: 2
stderr-match: ^chipgate: unknown option '--fial-on' \(did you mean '--fail-on'\?\)$
stderr-match: ^usage: chipgate check
