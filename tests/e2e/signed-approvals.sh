#!/usr/bin/env bash
# Signed approvals under a built-in pack (issue #15): approve agrees with
# check, review and explain about --param signed_approvals and --approvers.
# The private keys must be 0600, which git does not keep, so this runs as a
# script (the CLI cases in tests/cli/signed-approval-*.t use the public keys
# and the approval already signed in tests/fixtures/signed).
#   - no keyring: approve refuses (exit 3) and says how to give one;
#   - a key the file lists for another approver: refused (exit 3), nothing written;
#   - the approver's own key: signed, and check, review and explain accept it;
#   - the record edited afterwards: all three reject it, with the same reason.
set -u
bin=$1
src=${SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
mkdir keys
for k in zhang.min wang.fang; do
	"$bin" keygen -o "keys/$k" >/dev/null || fail "keygen $k"
done
cat >approvers.cfg <<'CFG'
approvers = (
  { name = "zhang.min"; key = "keys/zhang.min.pub"; },
  { name = "wang.fang"; key = "keys/wang.fang.pub"; }
);
CFG
# the fixture inventory without its approval line
grep -v '^    approval = ' "$src/tests/fixtures/signed/inventory.cfg" |
	sed 's/expires = "2026-08-04";$/expires = "2026-08-04"; }/' >inv.cfg
grep -q 'expires = "2026-08-04"; }' inv.cfg || fail "could not prepare the inventory"
on=(--param signed_approvals=true)

"$bin" approve "${on[@]}" -k keys/zhang.min.key po-0815 inv.cfg >out 2>err; rc=$?
[ $rc = 3 ] || fail "approve without a keyring: exit $rc, expected 3"
grep -q "no approvers are known for cn-cac, a built-in pack: give the organisation's approvers with --approvers FILE" err ||
	fail "approve without a keyring: $(cat err)"
[ ! -e po-0815.approval.dsse.json ] || fail "approve without a keyring wrote an approval"

"$bin" approve "${on[@]}" --approvers approvers.cfg -k keys/wang.fang.key po-0815 inv.cfg >out 2>err; rc=$?
[ $rc = 3 ] || fail "approve with another approver's key: exit $rc, expected 3"
grep -q "is not a key of approver 'zhang.min'" err || fail "approve with the wrong key: $(cat err)"
[ ! -e po-0815.approval.dsse.json ] || fail "approve with the wrong key wrote an approval"

"$bin" approve "${on[@]}" --approvers approvers.cfg -k keys/zhang.min.key po-0815 inv.cfg >out 2>err ||
	fail "approve: $(cat err)"
grep -q "is the key of approver 'zhang.min' in cn-cac (approvers from approvers.cfg)" out ||
	fail "approve does not say what it checked: $(cat out)"
sed -i 's/expires = "2026-08-04"; }/expires = "2026-08-04"; approval = "po-0815.approval.dsse.json"; }/' inv.cfg

"$bin" check "${on[@]}" --approvers approvers.cfg inv.cfg >out || fail "check of the signed record: $(cat out)"
grep -q "approved by zhang.min (signed approval verified)" out || fail "check: $(cat out)"
"$bin" review "${on[@]}" --approvers approvers.cfg inv.cfg >out || fail "review of the signed record: $(cat out)"
grep -q "^approved  " out || fail "review: $(cat out)"
"$bin" explain "${on[@]}" --approvers approvers.cfg po-0815 inv.cfg >out || fail "explain"
grep -q "satisfies the requirement; approval signed by zhang.min" out || fail "explain: $(cat out)"

# edited after approval: the three commands give the same reason
sed -i 's/quantity = 64;/quantity = 640;/' inv.cfg
sed -i 's/offer 64 GB/offer 48 GB/' inv.cfg
why="the record was edited after approval 'po-0815.approval.dsse.json' was signed ('reason' changed)"
"$bin" check "${on[@]}" --approvers approvers.cfg inv.cfg >out; rc=$?
[ $rc = 1 ] || fail "check of an edited record: exit $rc"
grep -qF "$why" out || fail "check of an edited record: $(cat out)"
"$bin" review "${on[@]}" --approvers approvers.cfg inv.cfg >out; rc=$?
[ $rc = 1 ] || fail "review of an edited record: exit $rc"
grep -qF "$why" out || fail "review of an edited record: $(cat out)"
"$bin" explain "${on[@]}" --approvers approvers.cfg po-0815 inv.cfg >out
grep -qF "$why" out || fail "explain of an edited record: $(cat out)"
# and with signatures off, the edit does not matter (the approver's word counts)
"$bin" check inv.cfg >out || fail "check with signatures off: $(cat out)"
echo "ok: signed approvals under cn-cac with --approvers"
