# a bad property value in a CycloneDX BOM: its position, nothing written
cwd: @SRC@
run: check -p cn-cac-2025 -o @TMP@/r.json tests/fixtures/cyclonedx/bad-quantity.json
exit: 2
stderr: chipgate: tests/fixtures/cyclonedx/bad-quantity.json:7:51: invalid quantity '-4' in property 'cdx:device:quantity'
absent: @TMP@/r.json
