# nothing to sign: the asset has no justification (checked before the key is read)
cwd: @SRC@
run: approve -k @TMP@/none.key -o @TMP@/out.json bj1-h20-ord-0903 inventories/example.cfg
exit: 2
stderr: chipgate: inventories/example.cfg: no justification for asset 'bj1-h20-ord-0903'
absent: out.json
