# a bad --param: exit 2, the pack's FILE:LINE, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param cutoff=2026-02-30 -o report.json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 2
stderr: chipgate: @SRC@/tests/fixtures/packs/params.cfg:11: --param cutoff=2026-02-30: '2026-02-30' is not a date (YYYY-MM-DD) (parameter 'cutoff' of param-test is a date; default 2026-01-14)
absent: report.json
only-files: 0
