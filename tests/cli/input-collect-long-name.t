# a device name over the model's limit in tool output is cut, and said so, so that
# check reads the inventory collect wrote
cwd: @SRC@
run: collect --nvidia-smi tests/fixtures/input/nvidia-smi-long-name.csv -o @TMP@/inv.cfg
exit: 0
file-contains: inv.cfg # ignored 1 x the end of a model name over 256 bytes
