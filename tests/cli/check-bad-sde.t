# an invalid SOURCE_DATE_EPOCH is an error, not a report dated 1970
run: check -o r.json @SRC@/inventories/example.cfg
env: SOURCE_DATE_EPOCH=yesterday
exit: 2
stderr: chipgate: invalid SOURCE_DATE_EPOCH 'yesterday' (seconds since 1970, at most year 9999)
absent: r.json
