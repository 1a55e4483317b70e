# an asset no justification rule applies to: nothing written, exit 2
cwd: @SRC@
run: justify -o @TMP@/skel.cfg bj1-910b-train inventories/example.cfg
exit: 2
stderr: chipgate: asset 'bj1-910b-train' triggers no justification rule of the packs applied (cn-cac): nothing to justify
absent: skel.cfg
