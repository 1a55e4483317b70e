run: justify nope @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: no asset 'nope' in the inventories given
