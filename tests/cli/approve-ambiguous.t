# two records for the asset: -r RULE chooses
cwd: @SRC@
run: approve -k @TMP@/none.key -o @TMP@/out.json po-two tests/fixtures/review/cli.cfg
exit: 2
stderr: chipgate: tests/fixtures/review/cli.cfg: 2 justifications for asset 'po-two' (CN-JUST-001 at line 12, US-FED-001 at line 14): choose one with -r RULE
absent: out.json
