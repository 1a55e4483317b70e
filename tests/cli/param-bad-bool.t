# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param strict=yes -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/packs/params.cfg:10: --param strict=yes: 'yes' is not a bool (true or false) (parameter 'strict' of param-test is a bool; default false)
absent: report.json
only-files: 0
