# kubectl JSON given to --rocm-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi kube-nodes-list.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-nodes-list.json: not rocm-smi --json output (no 'cardN' object, no 'system')
only-files: 0
