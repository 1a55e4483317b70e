# control characters from an input reach the terminal only as \xNN
run: check -p cn-cac-2025 @SRC@/tests/fixtures/cli/control-chars.cfg
exit: 1
stdout-contains: group 'dc\x1b[2J\x07':
stdout-contains: dc\x1b[2J\x07
