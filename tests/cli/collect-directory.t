# a directory of saved nvidia-smi output in three forms: a host per file, from its name (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi fleet
stderr: chipgate: warning: fleet/gpu-a100-1.xml:7: attached_gpus says 4, 1 <gpu> listed: counted what is listed
stdout-golden: @SRC@/tests/fixtures/collect/expected-directory.cfg
