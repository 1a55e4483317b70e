# misuse: message and synopsis on stderr, exit 2
run: check
exit: 2
stderr: chipgate: no inventory given
stderr: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
stderr:                 [--as-of YYYY-MM-DD] [--justifications FILE] [--format-in FORMAT]
stderr:                 [--sign KEY] [--baseline REPORT] [--color[=WHEN]] [-q] INVENTORY...
