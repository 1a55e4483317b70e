# a Pod, not a Node: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-pod.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-pod.json: not kubectl get nodes -o json output (kind 'Pod', expected a Node or a List of Nodes)
only-files: 0
