# -f wins over the extension of -o
run: review -f markdown -o @TMP@/r.html @SRC@/inventories/example.cfg
exit: 1
stderr-any:
file-contains: r.html # Procurement review
file-contains: r.html | approved, but blocked by CN-H20-001 | sh2-h20-ord-0815 |
