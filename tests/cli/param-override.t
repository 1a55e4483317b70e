# --param: a threshold moved, a connective changed; both recorded in the report
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param threshold=0.2 --param param-test:connective=or @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-lacks: P-EARLY h200-early
stdout-contains: error   P-ORDER h200-early: ordered after the cutoff (NVIDIA H200 SXM)
stdout-contains:   param-test: threshold = 0.2 (--param; default 0.3)
stdout-contains:   param-test: connective = or (--param; default and)
stdout-contains:   param-test: strict = false
