# kubectl describe nodes | grep nvidia.com, indented: 8 x V100 SXM2 16GB from nvidia.com/gpu.count (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --kube kubectl-describe-nodes-grep-nvidia-lambda-8x-v100-sxm2-16gb.txt --host lambda-1
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-kube-grep.cfg
