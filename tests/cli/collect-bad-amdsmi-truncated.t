# amd-smi static cut inside its second GPU: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi amdsmi-static-truncated.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: amdsmi-static-truncated.txt:23: GPU 1 has 2 sections, the first GPU 5: a truncated amd-smi static output?
only-files: 0
