# without --param, the pack's defaults: completion 0.25 is below 0.30, 0.30 is not
run: check -p @SRC@/tests/fixtures/packs/params.cfg @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-contains: error   P-EARLY h200-early: early site (NVIDIA H200 SXM) (@SRC@/tests/fixtures/inventory/sites.cfg:10)
stdout-lacks: P-EARLY h200-late
stdout-lacks: P-ORDER h200-late
stdout-contains:   param-test: threshold = 0.3
stdout-contains:     skipped P-BILL: disabled, off unless --enable names it
stdout-contains: info    P-DRAFT [watch] h200-early: a draft (NVIDIA H200 SXM) (@SRC@/tests/fixtures/inventory/sites.cfg:10)
stdout-contains:         watch: not in force, informational only
