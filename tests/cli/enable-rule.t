# --enable applies a rule its pack has off
run: check -p @SRC@/tests/fixtures/packs/params.cfg --enable P-BILL @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-contains: error   P-BILL h200-early: a bill (NVIDIA H200 SXM)
stdout-lacks: skipped P-BILL
