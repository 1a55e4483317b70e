# on its review_by day a pack is not stale yet
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-30 @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-lacks: CG-STALE-PACK
