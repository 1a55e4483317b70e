# --sites belongs to one inventory
run: check -p @SRC@/tests/fixtures/packs/params.cfg --sites @SRC@/tests/fixtures/sites/good.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: --sites applies to a single inventory (2 given)
absent: report.json
only-files: 0
