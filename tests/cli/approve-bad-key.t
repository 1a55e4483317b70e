# a key that cannot be read: exit 2, nothing written
cwd: @SRC@
run: approve -k @TMP@/none.key -r US-FED-001 -o @TMP@/out.json po-two tests/fixtures/review/cli.cfg
exit: 2
stderr-match: ^chipgate: .*none\.key
absent: out.json
only-files: 0
