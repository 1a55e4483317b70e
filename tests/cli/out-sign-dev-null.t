# --sign refuses an -o that is not a regular file, before any work: the
# envelope would have been /dev/null.dsse.json
run: check --sign org.key -f json -o /dev/null @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: /dev/null: --sign needs -o to name a regular file (the envelope goes beside it), not a character device
only-files: 0
