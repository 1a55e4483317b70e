# a write error says why (ENOSPC), and nothing is written
run: check -f json -o /dev/full @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: /dev/full: write error: No space left on device
only-files: 0
