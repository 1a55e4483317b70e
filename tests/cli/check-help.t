# COMMAND --help prints that command's synopsis (the man page's) on stdout
run: check --help
stdout-contains: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
