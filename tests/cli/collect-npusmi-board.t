# npu-smi info -t board and -t usages blocks, hccn_tool after them: 2 chips with bus ids and HBM (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --npu-smi npusmi-board-usages.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-npusmi-board.cfg
