# a device name of hundreds of bytes gives an id the inventory reader accepts
# (cut to 64 bytes plus a hash of the whole name); found by fuzz_lspci
run: collect --lspci @SRC@/tests/fixtures/regress/lspci-long-device-name.txt --host host-1 --site DC-1
stdout-contains: { id = "host-1:nvidi-corporllllllllllllllllllllllllllllllllllllllllllllllllllll-1e08096f";
