# --sign writes REPORT.dsse.json beside the report, so it needs -o
run: check --sign org.key @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: --sign needs -o FILE: the envelope is written beside the report
stderr: usage: chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]
stderr:                 [--max-findings N] [--max-results N] [--as-of YYYY-MM-DD]
stderr:                 [--justifications FILE] [--format-in FORMAT] [--sites FILE]
stderr:                 [--param [PACK:]NAME=VALUE]... [--approvers FILE] [--enable RULE-ID]...
stderr:                 [--sign KEY] [--baseline REPORT] [--color[=WHEN]] [-q] INVENTORY...
