# CG-IDENTITY-CONFLICT is a warning: --fail-on warning fails the check on it
cwd: @SRC@
run: check -p us-ear-2025 --as-of 2025-08-12 --fail-on warning -f json tests/fixtures/collect/expected-h800-relabelled.cfg
exit: 1
stdout-contains: "rule": "CG-IDENTITY-CONFLICT",
stdout-contains: "identity_conflict": "143771 MiB of memory reported per unit, against the catalog's 80 GB for NVIDIA H800 SXM (nvidia-h800)"
