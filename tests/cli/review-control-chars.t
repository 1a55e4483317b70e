# review shows an order number's control characters as \xNN
run: review -p cn-cac-2025 @SRC@/tests/fixtures/cli/control-chars-order.cfg
exit: 1
stdout-contains: o1: ordered 1 x NVIDIA H20 (PO\x1b[31m1)
