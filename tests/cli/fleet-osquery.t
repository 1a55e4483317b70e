# an osquery pci_devices export: 8 A100 counted, NVSwitches and NICs ignored
cwd: @SRC@
run: check -p us-ear-2025 --as-of 2025-08-12 -f json tests/fixtures/osquery/gpu-node-7.json
stdout-contains:   "summary": {"assets": 1, "units": 8, "findings": {"error": 0, "warning": 0, "info": 0}, "waived": 0, "justified": 0, "baseline": 0},
