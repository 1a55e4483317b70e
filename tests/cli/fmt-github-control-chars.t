# control characters from an input never reach a CI log raw
run: check -p cn-cac-2025 -f github @SRC@/tests/fixtures/cli/control-chars.cfg
exit: 1
stdout-contains: ::warning file=
stdout-contains: group 'dc\x1b[2J\x07':
