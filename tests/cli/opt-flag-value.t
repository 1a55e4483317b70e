# a flag given a value is refused, not ignored
run: check --quiet=yes @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: option '--quiet' takes no value$
