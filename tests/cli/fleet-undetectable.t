# a file that is no known inventory format
cwd: @SRC@
run: check -p cn-cac-2025 tests/fixtures/collect/not-lspci.txt
exit: 2
stderr: chipgate: tests/fixtures/collect/not-lspci.txt: cannot tell the inventory format (not libconfig, CSV, CycloneDX or osquery JSON); use --format-in
