# review agrees with check: with the keyring the order is approved and
# cleared, the signature verified
cwd: @SRC@
run: review --param signed_approvals=true --approvers tests/fixtures/signed/approvers.cfg tests/fixtures/signed/inventory.cfg
exit: 0
stdout-contains:   1 of 1 cleared; 0 blocked by open findings of other rules at or above error
stdout-contains: justified by tests/fixtures/signed/inventory.cfg:18, approved by zhang.min on 2025-08-04, signature verified (keyid 240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87); in date until 2026-08-04 (357 days)
