# amd-smi static of a 4-socket MI300A host: 4 GPUs by DEVICE_ID 0x74a0, the 4 CPU sections
# noted; the APU's VRAM is its share of unified memory, so no conflict with 128 GB (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --amd-smi amd-smi-static-4x-mi300a-apu-cpu-and-gpu-sections.txt
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-amdsmi.cfg
