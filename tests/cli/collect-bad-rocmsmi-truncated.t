# rocm-smi JSON cut short: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi rocm-truncated.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: rocm-truncated.json:21:15: invalid JSON: premature end of input near '"VBIOS '
only-files: 0
