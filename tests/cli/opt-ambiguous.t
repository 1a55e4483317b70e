# an abbreviation that fits several options is refused
run: check --forma json @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: option '--forma' is ambiguous; spell it out \(see --help\)$
stderr-match: ^usage: chipgate check
