# a CycloneDX BOM: its accelerators are assets (an ordered H100 needs a justification); the server
# and the NVSwitch are not, and a note says so
cwd: @SRC@
run: check -p cn-cac-2025 --as-of 2025-08-12 tests/fixtures/cyclonedx/server-1.5.json
exit: 1
stderr: chipgate: note: tests/fixtures/cyclonedx/server-1.5.json: left out 2 devices (5 units) that are not accelerators: SYS-821GE-TNHR, NVSwitch (switch)
stdout-contains: error   CN-JUST-001 node-7-gpus: ordered 8 x NVIDIA H100 SXM5 needs an approved justification naming the domestic alternatives considered (tests/fixtures/cyclonedx/server-1.5.json:17)
