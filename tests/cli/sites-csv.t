# a CSV fleet's sites from --sites: the same findings as the native inventory
run: check -p @SRC@/tests/fixtures/packs/params.cfg --as-of 2026-06-01 --sites @SRC@/tests/fixtures/sites/good.csv -f json @SRC@/tests/fixtures/sites/fleet.csv
exit: 1
stdout-contains: {"path": "@SRC@/tests/fixtures/sites/good.csv", "role": "sites", "sha256":
stdout-contains:       "message": "h200-early: early site (NVIDIA H200 SXM)",
stdout-contains:       "message": "h200-early: ordered after the cutoff (NVIDIA H200 SXM)",
stdout-contains:       "message": "b200-typo: site 's-eraly' is not in the inventory's sites list (did you mean 's-early'?)",
stdout-lacks: "message": "h200-late: early site
