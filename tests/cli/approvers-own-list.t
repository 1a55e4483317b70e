# --approvers is for packs that list no approvers: when every pack applied
# has its own list, the file would be ignored, so it is an error
cwd: @SRC@
run: check -o @TMP@/r.json -p tests/fixtures/signed/pack-own-approvers.cfg --approvers tests/fixtures/signed/approvers.cfg tests/fixtures/signed/inventory.cfg
exit: 2
stderr: chipgate: --approvers tests/fixtures/signed/approvers.cfg: every pack applied (signed-own) lists approvers of its own, and a pack's own list is the one used
absent: r.json
