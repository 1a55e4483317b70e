# explain says where a null came from
cwd: @SRC@
run: explain cd4-l20-acq inventories/example.cfg
stdout-contains:         asset.purpose = null  (not set for this asset in the inventory)
