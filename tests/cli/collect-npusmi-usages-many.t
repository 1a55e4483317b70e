# usages blocks of 41 NPUs: the records of the chips move as they grow (a use after free found by
# fuzz_npu_smi); every chip counted once, with its HBM size
cwd: @SRC@/tests/fixtures/collect
run: collect --npu-smi npusmi-usages-40.txt -o @TMP@/inv.cfg
file-contains: @TMP@/inv.cfg quantity = 41;
file-contains: @TMP@/inv.cfg memory_mib = "65536";
only-files: 1
