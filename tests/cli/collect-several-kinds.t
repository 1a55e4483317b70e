# several sources in one call, each file a host: nvidia-smi, rocm-smi, cnmon, npu-smi (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-L.txt --rocm-smi rocm-mi250x-2pkg.json --cnmon cnmon-info.txt --npu-smi npusmi-m-mcu.txt -q
stdout-golden: @SRC@/tests/fixtures/collect/expected-several-kinds.cfg
