# "billion laughs" entity expansion: refused before parsing: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-billion-laughs.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-billion-laughs.xml:3:2: an entity declaration is refused: nvidia-smi writes no entity declarations or internal DTD subset
only-files: 0
