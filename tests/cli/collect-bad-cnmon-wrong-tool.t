# nvidia-smi's table given to --cnmon: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --cnmon nvsmi-table-h800.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: nvsmi-table-h800.txt: not cnmon output (no 'Card  VF  Name' table)
only-files: 0
