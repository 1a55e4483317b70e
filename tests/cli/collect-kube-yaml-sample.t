# the GFD README's elided kubectl get nodes -o yaml: one A100-SXM4-40GB, 39538 MiB (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --kube kubectl-get-nodes-yaml-excerpt-gfd-readme-a100-sxm4-40gb-elided.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-kube-yaml.cfg
