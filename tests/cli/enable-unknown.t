# --enable of a rule no pack has: exit 2 with the closest id, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --enable P-BIL -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: --enable 'P-BIL': no such rule in the packs applied (did you mean 'P-BILL'?)
absent: report.json
only-files: 0
