# an XML external entity (XXE): refused before parsing, nothing read or written: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-xxe.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-xxe.xml:3:3: an entity declaration is refused: nvidia-smi writes no entity declarations or internal DTD subset
only-files: 0
