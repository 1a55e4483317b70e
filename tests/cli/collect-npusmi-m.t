# npu-smi info -m: 4 x 910B3 chips; the MCU rows are not chips (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --npu-smi npusmi-m-mcu.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-npusmi-m.cfg
