# past the pack's review_by: CG-STALE-PACK names the pack and both dates
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-07-01 @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-contains: warning CG-STALE-PACK pack param-test was last reviewed against its sources on 2026-01-01 and was due for review by 2026-06-30; it is evaluated as of 2026-07-01 (@SRC@/tests/fixtures/packs/params.cfg:4)
