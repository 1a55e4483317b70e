# XML that is not nvidia-smi's: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-wrong-root.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-q-x-wrong-root.xml:2: not nvidia-smi -q -x output (the root element is 'DeviceList', not 'nvidia_smi_log')
only-files: 0
