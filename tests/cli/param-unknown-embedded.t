# an unknown parameter of an embedded pack names the pack's FILE:LINE
run: check -p us-ear-2025 --param zone_conective=or -o report.json @SRC@/inventories/us-distributor.cfg
exit: 2
stderr-match: ^chipgate: embedded:us-ear(-2025)?\.cfg:[0-9]+: --param zone_conective: no such parameter in the packs applied
absent: report.json
only-files: 0
