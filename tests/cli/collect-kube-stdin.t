# kubectl get nodes -o json | chipgate collect --kube -: standard input read as a file is
cwd: @TMP@
stdin: @SRC@/tests/fixtures/collect/kube-node-single.json
run: collect --kube - -o fleet.cfg
file-contains: fleet.cfg { id = "single-h20:nvidia-h20"; model = "NVIDIA H20"; quantity = 8;
only-files: 1
