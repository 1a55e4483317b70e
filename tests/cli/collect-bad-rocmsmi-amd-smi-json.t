# amd-smi's JSON given to --rocm-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --rocm-smi amdsmi-static-mi300x.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: amdsmi-static-mi300x.json: not rocm-smi --json output (expected an object of 'cardN' objects)
only-files: 0
