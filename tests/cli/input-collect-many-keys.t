# collect keeps what it writes within the field limits, so that check reads it back:
# 150 GPUs' UUIDs do not fit one attribute value; the quantity still counts them all
cwd: @SRC@
run: collect --nvidia-smi tests/fixtures/input/nvidia-smi-150-gpus.csv -o @TMP@/inv.cfg
exit: 0
file-contains: inv.cfg quantity = 150;
file-contains: inv.cfg (+51 more)
file-contains: inv.cfg # ignored 1 x uuids of a model past 4096 bytes (counted in its quantity)
