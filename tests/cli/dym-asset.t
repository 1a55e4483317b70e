# did you mean: a mistyped asset id gets the closest id of the inventories
run: explain bj1-h20-ord-093 @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: no asset 'bj1-h20-ord-093' in the inventories given (did you mean 'bj1-h20-ord-0903'?)
