# rocm-smi JSON given to --amd-smi: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --amd-smi rocm-productname.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: rocm-productname.json: not amd-smi static --json output (expected an array of GPUs or 'gpu_data')
only-files: 0
