# every justification approved, and no other finding at error on an order:
# all cleared, exit 0, as check passes (a warning and an info remain)
cwd: @SRC@
run: review tests/fixtures/review/blocking.cfg
exit: 0
stdout-contains:   3 approved
stdout-contains:   3 of 3 cleared; 0 blocked by open findings of other rules at or above error
stdout-contains: approved           bl-l20-nopurpose: ordered 32 x NVIDIA L20 (PO-22), tests/fixtures/review/blocking.cfg:13
stdout-lacks: blocked by error
stdout-lacks: blocked by warning
stdout-lacks: blocked by info
stdout-lacks: verdict: approved, but
