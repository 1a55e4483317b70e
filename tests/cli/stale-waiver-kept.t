# a stale waiver on an inventory that keeps its assets: no such asset, with the closest id
cwd: @SRC@
run: check inventories/example-typos.cfg
exit: 1
stdout-contains: warning CG-STALE-WAIVER waiver for CN-GOV-001 on bj1-r07 matches no finding: no asset 'bj1-r07' in inventories/example-typos.cfg (did you mean 'bj1-r12'?) (inventories/example-typos.cfg:32)
