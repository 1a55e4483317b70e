# nvidia-smi -L after a prompt: 2 A100 and an L20 by UUID, the indented MIG lines folded (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-L.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-L.cfg
