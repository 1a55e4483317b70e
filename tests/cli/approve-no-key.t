# approve needs the approver's private key
run: approve po-two inventory.cfg
exit: 2
stderr: chipgate: -k KEY is required: the approver's private key
stderr: usage: chipgate approve -k KEY [-p POLICY]... [-C CATALOG]...
stderr:                 [--param [PACK:]NAME=VALUE]... [--approvers FILE] [-r RULE] [-o FILE]
stderr:                 [--force] ASSET-ID INVENTORY
