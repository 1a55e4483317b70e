# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param threshold=1.5 -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/packs/params.cfg:7: --param threshold=1.5: '1.5' is out of its range (0 to 1) (parameter 'threshold' of param-test is a number; default 0.3)
absent: report.json
only-files: 0
