# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param nope:threshold=1 -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: --param nope:threshold: no pack 'nope' is applied (packs: param-test)
absent: report.json
only-files: 0
