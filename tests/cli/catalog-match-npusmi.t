# npu-smi prints the Ascend 910B SKUs as 910B1 to 910B4
run: catalog match 910B3
stdout: '910B3' -> huawei-ascend-910b (Huawei Ascend 910B): exact match via '910B3'; TPP 5120, 3A090.a
