# a fault-diagnosis collector's file of an 8 x 910A host: npu-smi info -m (8 chips), an empty
# npu-smi info, -t board and -t usages of NPU 0, lspci and hccn_tool output between them: 8 chips (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --npu-smi npu-info-collect-ascend910a-8npu-board-usages-lspci-hccn.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-npuinfo.cfg
