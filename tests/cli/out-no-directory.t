# an -o whose directory does not exist is refused before the work, not after it
run: check -f json -o nodir/r.json @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: nodir/r.json: cannot write in its directory 'nodir': No such file or directory
only-files: 0
