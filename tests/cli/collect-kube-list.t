# kubectl get nodes -o json, a List: GFD counts, time-sliced replicas, MIG single and mixed,
# AMD partitions, Ascend and a virtual NPU, a CPU node; a host per node, sites from zones (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-nodes-list.json
stdout-golden: @SRC@/tests/fixtures/collect/expected-kube-list.cfg
