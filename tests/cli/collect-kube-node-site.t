# one Node (kind Node): --site wins over the zone labels (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-node-single.json --site dc-7 --purpose research --status deployed
stdout-golden: @SRC@/tests/fixtures/collect/expected-kube-node.cfg
