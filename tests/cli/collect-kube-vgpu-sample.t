# kubectl get nodes -o json of one RKE2 node with an A16-4Q vGPU: a slice of a GPU on the
# hypervisor, not counted here; said in the output (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --kube kubectl-get-nodes-json-rke2-vgpu-a16-4q-1node.json
stderr: chipgate: note: no accelerators found
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-kube-vgpu.cfg
