run: check -p cn-cac-2099 @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: cn-cac-2099: no such policy pack (did you mean 'cn-cac-2025'?); embedded packs: cn-cac, us-ear, or give a file path
