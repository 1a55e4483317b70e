# the same asset id in two inventories: a finding on one does not block the
# other (blocking.cfg's bl-l20-ok is cleared, same-id.cfg's is blocked)
cwd: @SRC@
run: review -f markdown tests/fixtures/review/blocking.cfg tests/fixtures/review/same-id.cfg
exit: 1
stdout-contains: | approved, but blocked by CN-H20-001 | bl-l20-ok | ordered 4 x NVIDIA H20 (PO-41) |
stdout-contains: | cleared (approved) | bl-l20-ok | ordered 8 x NVIDIA L20 (PO-24) |
stdout-contains: **3 of 4 cleared; 1 blocked by open findings of other rules at or above error.**
