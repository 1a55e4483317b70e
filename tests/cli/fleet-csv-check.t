# a CSV fleet, streamed, with its companion file: header, justification, waiver (golden)
cwd: @SRC@
run: check --justifications tests/fixtures/csv/hdr.cfg tests/fixtures/csv/good.csv
exit: 0
stdout-golden: @SRC@/tests/fixtures/csv/expected-good.txt
