# misuse: message and synopsis on stderr, exit 2
run: check
exit: 2
stderr: chipgate: no inventory given
stderr: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
stderr:                 [--max-findings N] [--max-results N] [--as-of YYYY-MM-DD]
stderr:                 [--justifications FILE] [--format-in FORMAT] [--sites FILE]
stderr:                 [--param [PACK:]NAME=VALUE]... [--enable RULE-ID]... [--sign KEY]
stderr:                 [--baseline REPORT] [--color[=WHEN]] [-q] INVENTORY...
