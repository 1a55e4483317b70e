# nvidia-smi -q -x cut short: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-truncated.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-q-x-truncated.xml:29:35: invalid XML: premature end of data in tag mig_device line 26
only-files: 0
