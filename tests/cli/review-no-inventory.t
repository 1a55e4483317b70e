# review without an inventory: message and synopsis on stderr, exit 2
run: review -p cn-cac-2025
exit: 2
stderr: chipgate: no inventory given
stderr: usage: chipgate review [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [--justifications FILE]
stderr:                 [--sites FILE] [--param [PACK:]NAME=VALUE]... [--approvers FILE]
stderr:                 [--enable RULE-ID]... [-f text|json|markdown|html] [-o FILE]
stderr:                 [--fail-on SEVERITY] [-q] INVENTORY...
