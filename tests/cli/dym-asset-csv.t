# did you mean, on a CSV fleet too: explain keeps only the asked row, but the closest other id
cwd: @SRC@
run: explain --justifications tests/fixtures/csv/hdr.cfg bj1-r21 tests/fixtures/csv/good.csv
exit: 2
stderr: chipgate: no asset 'bj1-r21' in the inventories given (did you mean 'bj1-r12'?)
