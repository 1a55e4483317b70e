# an npu-smi name of hundreds of bytes ending in multi-byte characters (once cut inside one by a
# 160-byte buffer, found by fuzz_npu_smi) is cut at a character boundary to the model's 256-byte
# limit, with a note, and reads back
run: collect --npu-smi @SRC@/tests/fixtures/regress/npusmi-name-cut-utf8.txt -o inv.cfg
file-contains: inv.cfg XXXX华华";
only-files: 1
