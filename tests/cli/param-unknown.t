# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param treshold=0.2 -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/packs/params.cfg:6: --param treshold: no such parameter in the packs applied (did you mean 'threshold'?); parameters: threshold, connective, strict, cutoff
absent: report.json
only-files: 0
