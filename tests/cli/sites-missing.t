# a --sites file that cannot be read: exit 2, nothing written
run: check -p @SRC@/tests/fixtures/packs/params.cfg --sites @TMP@/no-such.csv -o report.json @SRC@/tests/fixtures/sites/fleet.csv
exit: 2
stderr-match: ^chipgate: @TMP@/no-such.csv: cannot open: No such file or directory$
absent: report.json
