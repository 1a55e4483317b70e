# nvidia-smi -q (text): 2 x H20 by Device Id, the MIG devices of one folded (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-q-text.cfg
