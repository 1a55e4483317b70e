# --help prints the command list on stdout and exits 0
run: --help
stdout-contains: usage: chipgate [--version] [--help] COMMAND [ARGS]
stdout-contains:   check      check inventories against policy packs and write a report
