# lspci output given to --kube: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube lspci-nnk.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: lspci-nnk.txt: not kubectl output (no node, no labels, no capacity: expected kubectl get nodes -o json or kubectl describe nodes)
only-files: 0
