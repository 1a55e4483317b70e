# did you mean, for justify too (options after the operands)
run: justify sh2-h20-ord-815 @SRC@/inventories/example.cfg -o j.cfg
exit: 2
stderr: chipgate: no asset 'sh2-h20-ord-815' in the inventories given (did you mean 'sh2-h20-ord-0815'?)
absent: j.cfg
