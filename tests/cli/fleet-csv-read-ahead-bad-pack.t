# a streamed CSV is read ahead while the packs load: a bad pack is still the error told (before
# the bad row the reader found), exit 2, nothing written, the reader stopped
cwd: @SRC@
run: check -p no-such-pack -o @TMP@/report.json tests/fixtures/csv/bad-quantity.csv
exit: 2
stderr: chipgate: no-such-pack: no such policy pack; embedded packs: cn-cac, us-ear, or give a file path
absent: @TMP@/report.json
