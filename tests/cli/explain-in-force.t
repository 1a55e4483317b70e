# explain says which rules are in force and which are skipped, and why
cwd: @SRC@
run: explain -p tests/fixtures/packs/params.cfg --param threshold=0.2 h200-early tests/fixtures/inventory/sites.cfg
exit: 0
stdout-contains:   site 's-early': in the sites list
stdout-contains:   rules in force on 2026-06-01: 5 of 6; skipped: P-BILL (disabled)
stdout-contains:   parameter threshold = 0.2 (--param)
stdout-contains:   rule P-BILL [error, asset] a bill
stdout-contains:       skipped (disabled): off unless --enable names it
stdout-contains:   rule P-DRAFT [error, asset, watch] a draft
stdout-contains:       -> finding: info, open (watch)
stdout-contains:         site.completion = 0.25
