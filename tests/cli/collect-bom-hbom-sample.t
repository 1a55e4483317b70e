# the official CycloneDX hardware BOM of a PCIe-SATA adapter board: its six devices are connectors
# and a jumper, not accelerators: no asset, no CG-UNKNOWN-MODEL, one note naming them
requires-shared:
cwd: @SHARED@/samples
run: check -p us-ear-2025 --as-of 2025-08-12 cyclonedx-hbom-1.4-pcie-sata-adapter-board.json
stderr: chipgate: note: cyclonedx-hbom-1.4-pcie-sata-adapter-board.json: left out 6 devices (15 units) that are not accelerators: PCIE-098-02-F-D-EMS2 (connector), 47155-4001 (connector), 5622-4100-ML (connector), MC9A22-1034 (connector), 826632-3 (connector), MP000003 (jumper)
stdout-contains: PASS  0 assets, 0 units, as of 2025-08-12; policies: us-ear
stdout-lacks: CG-UNKNOWN-MODEL
