# -h as the value of an option is not a request for help: here it is the report's file name
run: check --as-of 2025-08-12 -o -h @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: cannot tell the report format from the name '-h'
