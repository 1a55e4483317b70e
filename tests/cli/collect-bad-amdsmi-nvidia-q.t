# nvidia-smi -q given to --amd-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi nvsmi-q.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-q.txt:2:1: not amd-smi static output: '==============NVSMI LOG=============='
only-files: 0
