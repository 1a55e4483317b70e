# one asset, one inventory
run: approve -k k.key po-two a.cfg b.cfg
exit: 2
stderr: chipgate: too many arguments: one asset id and one inventory
stderr: usage: chipgate approve -k KEY [-p POLICY]... [-C CATALOG]...
stderr:                 [--param [PACK:]NAME=VALUE]... [--approvers FILE] [-r RULE] [-o FILE]
stderr:                 [--force] ASSET-ID INVENTORY
