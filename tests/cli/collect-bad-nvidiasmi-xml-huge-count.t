# attached_gpus far over any machine's count: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-attached-huge.xml -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-q-x-attached-huge.xml:3: attached_gpus '99999999999' is not a count from 0 to 65536
only-files: 0
