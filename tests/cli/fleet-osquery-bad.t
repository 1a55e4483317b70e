# an osquery row with a vendor id that is not hex
cwd: @SRC@
run: check -p us-ear-2025 --format-in osquery tests/fixtures/osquery/bad-id.json
exit: 2
stderr: chipgate: tests/fixtures/osquery/bad-id.json:2:45: 'vendor_id' and 'model_id' must be hex ids such as '0x10de'
