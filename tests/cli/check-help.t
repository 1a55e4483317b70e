# COMMAND --help prints that command's synopsis (the man page's), then every option with its
# default and the exit statuses, on stdout; --help after an operand works the same
run: check inventories/example.cfg --help
stdout-contains: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
stdout-contains:   -o, --output FILE           write the report to FILE, atomically, and the
stdout-contains:       --fail-on SEVERITY      exit 1 when an open finding is at least error,
stdout-contains:       --color[=WHEN]          colour the text report and the verdict: auto,
stdout-contains:   -q, --quiet                 do not print the verdict on standard error when
stdout-contains:   -h, --help                  show this help and exit
stdout-contains:   1  open findings at or above --fail-on
stdout-contains: The manual: chipgate(1).
