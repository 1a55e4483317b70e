# 4 MI250X GCDs without serial numbers: paired in listing order, with a warning each (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi rocm-mi250x-noserial.json
stderr: chipgate: warning: rocm-mi250x-noserial.json:17: card0 and card1: two GCDs of one AMD Instinct MI250X paired in listing order (the tool reported no serial numbers to tell the packages apart)
stderr: chipgate: warning: rocm-mi250x-noserial.json:47: card2 and card3: two GCDs of one AMD Instinct MI250X paired in listing order (the tool reported no serial numbers to tell the packages apart)
stdout-golden: @SRC@/tests/fixtures/collect/expected-rocm-mi250x-noserial.cfg
