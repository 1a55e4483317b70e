# the golden report of inventories/example.cfg is a baseline for the same inventory
# read by another path: matching never uses files or lines, so everything open is accepted
run: check --baseline @SRC@/tests/golden/example.json @SRC@/inventories/example.cfg
exit: 0
stdout-contains: PASS  14 assets, 4512 units, as of 2025-08-12; policies: cn-cac
stdout-contains: open: 0 error, 0 warning, 0 info; waived 1, justified 1, baseline 9 (fail on error)
stdout-contains: error   CN-GOV-001 [baseline] gz3-h100-gov
