# a BOM's devices unknown to the catalog that call themselves a GPU or an AI accelerator are
# assets (CG-UNKNOWN-MODEL for them); a "GPU power connector" and a regulator are not
cwd: @SRC@
run: check -p us-ear-2025 --as-of 2025-08-12 tests/fixtures/cyclonedx/self-described.json
exit: 1
stderr: chipgate: note: tests/fixtures/cyclonedx/self-described.json: left out 2 devices (3 units) that are not accelerators: 12V-2x6 header (GPU power connector), VRM-7 (regulator)
stdout-contains: error   CG-UNKNOWN-MODEL photon: model 'Acme Photon-9' is not in the catalog
stdout-contains: error   CG-UNKNOWN-MODEL neuron: model 'Acme Neuron X2' is not in the catalog
stdout-lacks: 12V-2x6
