# did you mean: a mistyped command gets the closest one
run: chek @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: unknown command 'chek' (did you mean 'check'?)
stderr: Run 'chipgate --help' for the list of commands.
