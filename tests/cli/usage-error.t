# misuse: message and synopsis on stderr, exit 2
run: check
exit: 2
stderr: chipgate: no inventory given
stderr: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
stderr:                 [--max-findings N] [--max-results N] [--as-of YYYY-MM-DD]
stderr:                 [--justifications FILE] [--format-in FORMAT] [--sites FILE]
stderr:                 [--param [PACK:]NAME=VALUE]... [--approvers FILE] [--enable RULE-ID]...
stderr:                 [--sign KEY] [--baseline REPORT] [--color[=WHEN]] [-q] INVENTORY...
