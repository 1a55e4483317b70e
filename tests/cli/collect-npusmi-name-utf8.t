# an npu-smi name cut inside a UTF-8 character (our 160-byte model buffer)
# still gives an inventory that reads back: the stray byte becomes '?'
# (found by fuzz_npu_smi)
run: collect --npu-smi @SRC@/tests/fixtures/regress/npusmi-name-cut-utf8.txt -o inv.cfg
file-contains: inv.cfg XXXXXXXX?";
