# lint warns about a pack past its review_by, and still passes
env: SOURCE_DATE_EPOCH=1783000000
run: lint @SRC@/tests/fixtures/packs/params.cfg
exit: 0
stdout-contains: @SRC@/tests/fixtures/packs/params.cfg: warning: param-test was due for review by 2026-06-30 (last reviewed 2026-01-01; today is 2026-07-02): check it against its sources
