# justify needs an asset id and an inventory
run: justify bj1-h20-ord-0903
exit: 2
stderr: chipgate: need an asset id and at least one inventory
stderr: usage: chipgate justify [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD]
stderr:                 [--param [PACK:]NAME=VALUE]... [--approvers FILE] [--enable RULE-ID]...
stderr:                 [-o FILE] ASSET-ID INVENTORY...
