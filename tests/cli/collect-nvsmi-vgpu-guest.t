# a vGPU guest (GRID A100-4C, virtualization mode VGPU): no physical unit here, said why
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-vgpu-guest.xml
stderr: chipgate: note: no accelerators found
stdout-golden: @SRC@/tests/fixtures/collect/expected-vgpu-guest.cfg
