# a pack error is exit 2 and no report is written
run: check -p @SRC@/tests/fixtures/cli/bad-pack.cfg -o r.json @SRC@/inventories/example.cfg
exit: 2
stderr-match: bad-pack.cfg:3:17: in 'when': unknown name 'asset.sit'
absent: r.json
only-files: 0
