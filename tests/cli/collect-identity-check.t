# check on a collected inventory whose 8 x NVIDIA H800 report an H200's memory: a warning
# CG-IDENTITY-CONFLICT that names both figures (not failing at the default --fail-on error)
cwd: @SRC@
run: check -p us-ear-2025 --as-of 2025-08-12 tests/fixtures/collect/expected-h800-relabelled.cfg
stdout-contains: warning CG-IDENTITY-CONFLICT gpu-node-9:nvidia-h800: identity conflict: 143771 MiB of memory reported per unit, against the catalog's 80 GB for NVIDIA H800 SXM (nvidia-h800) (tests/fixtures/collect/expected-h800-relabelled.cfg:4)
stdout-contains: open: 0 error, 1 warning, 0 info
