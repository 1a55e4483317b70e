# kubectl describe nodes of three nodes: the Allocated resources table is not capacity; the
# Ascend chip name label names the model (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-describe.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-kube-describe.cfg
