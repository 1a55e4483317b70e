# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param connective=xor -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/packs/params.cfg:9: --param connective=xor: 'xor' is not one of: and, or (parameter 'connective' of param-test is a string; default and)
absent: report.json
only-files: 0
