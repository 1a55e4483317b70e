# the real npu-smi info of an 8-card host (a comment on the command line, UTF-8): 8 chips the table
# calls 910B with 32 GB of HBM each, half a 910B's: the comment says 910A; an identity conflict (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --npu-smi npu-smi-info-ascend910-8card-euleros-aarch64.txt --site cn-bj-dc1
stderr: chipgate: warning: npu-smi-info-ascend910-8card-euleros-aarch64.txt: 8 x Huawei Ascend 910B: 32768 MiB of memory reported per unit, against the catalog's 64 GB for Huawei Ascend 910B (huawei-ascend-910b): the part may be relabelled or misreported
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-npusmi.cfg
