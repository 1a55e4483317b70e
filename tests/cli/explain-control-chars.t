# explain shows an input's control characters as \xNN, line by line
run: explain -p cn-cac-2025 a @SRC@/tests/fixtures/cli/control-chars.cfg
stdout-contains: asset.site = 'dc\x1b[2J\x07'
stdout-contains: asset a (
