# an -o that is a directory is refused at once
run: check -f json -o . @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: .: is a directory
only-files: 0
