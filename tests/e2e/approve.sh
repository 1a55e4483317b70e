#!/usr/bin/env bash
# approve checks the key before it signs (issue #14), on the review
# fixture (tests/fixtures/review: pack.cfg lists zhang.min, wang.fang and
# li.wei with keys made here):
#   - the approver's own key signs; the output names the full keyid and
#     says what was checked; `verify` accepts the envelope as an approval;
#   - another listed approver's key, an unlisted key, and an approver the
#     pack does not list under a rule that asks for a signature: exit 3,
#     the message approve(1) shows, nothing written;
#   - the approver's key in another encoding (a compressed P-256 point)
#     is the same key;
#   - without the pack (a companion file, or packs without the rule) it
#     signs and says that nothing was compared;
#   - a public key as -k is named as such.
# usage: bash tests/e2e/approve.sh CHIPGATE-BINARY   (env SOURCE_DIR)
set -u
bin=${1:?usage: approve.sh CHIPGATE-BINARY}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:?}
for tool in openssl python3; do
	command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-approve.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
cd "$tmp" || exit 1
cp "$src/tests/fixtures/review/pack.cfg" "$src/tests/fixtures/review/inventory.cfg" .
mkdir keys
for k in zhang.min wang.fang mallory; do
	"$bin" keygen -o "keys/$k" >/dev/null || fail "keygen $k"
done
"$bin" keygen -t ecdsa-p256 -o keys/li.wei >/dev/null || fail "keygen li.wei"
keyid() { openssl pkey -pubin -in "$1" -outform DER | sha256sum | cut -d' ' -f1; }
ZM=$(keyid keys/zhang.min.pub) WF=$(keyid keys/wang.fang.pub) MA=$(keyid keys/mallory.pub)

# run CODE CMD...: run chipgate, require exit CODE; output in out, err
run() {
	local code=$1
	shift
	"$bin" "$@" >out 2>err
	local rc=$?
	[ $rc = "$code" ] || fail "exit $rc, want $code: chipgate $*"$'\n'"$(cat out err)"
}

# ---- the approver's key ------------------------------------------------------------
run 0 approve -p pack.cfg -k keys/zhang.min.key po-signed inventory.cfg
grep -qx "po-signed.approval.dsse.json: signed the justification of po-signed for RV-JUST-001 (inventory.cfg:33), approver zhang.min, with keyid $ZM" out ||
	fail "approve: first line: $(cat out)"
grep -qx "checked: keyid $ZM is the key of approver 'zhang.min' in review-test" out ||
	fail "approve: does not say what it checked: $(cat out)"
grep -qx 'add to that record: approval = "po-signed.approval.dsse.json";' out || fail "approve: $(cat out)"
run 0 verify -k keys/zhang.min.pub po-signed.approval.dsse.json
grep -qx "po-signed.approval.dsse.json: verified approval; keyid $ZM; asset 'po-signed', rule 'RV-JUST-001', approver 'zhang.min', approved_on 2025-08-01" out ||
	fail "verify of the approval: $(cat out)"
# and check counts it (the record already names the file)
"$bin" check -p pack.cfg -f json -o report.json inventory.cfg >/dev/null 2>&1
python3 - report.json <<'PY' 2>/dev/null || fail "check does not count the approval po-signed"
import json, sys
f = [x for x in json.load(open(sys.argv[1]))["findings"] if x["asset"] == "po-signed" and x["rule"] == "RV-JUST-001"]
assert f and f[0]["status"] == "justified", f
PY

# one keyid everywhere: review and explain name the signer's full keyid
"$bin" review -p pack.cfg inventory.cfg >review.txt 2>/dev/null
grep -q "signature verified (keyid $ZM)" review.txt || fail "review: $(grep -i keyid review.txt)"
"$bin" explain -p pack.cfg po-signed inventory.cfg >explain.txt 2>&1
grep -q "approval signed by zhang.min (keyid $ZM)" explain.txt || fail "explain: $(grep -i keyid explain.txt)"
rm -f review.txt explain.txt

# ---- keys that are not the approver's: exit 3, nothing written ------------------------
run 3 approve -p pack.cfg -k keys/wang.fang.key po-other-name inventory.cfg
[ "$(cat err)" = "chipgate: approve: key $WF is not a key of approver 'zhang.min' (expected keyid $ZM)" ] ||
	fail "another approver's key: $(cat err)"
run 3 approve -p pack.cfg -k keys/mallory.key po-unlisted-key inventory.cfg
[ "$(cat err)" = "chipgate: approve: key $MA is not a key of approver 'zhang.min' (expected keyid $ZM)" ] ||
	fail "an unlisted key: $(cat err)"
run 3 approve -p pack.cfg -k keys/mallory.key po-stranger inventory.cfg
[ "$(cat err)" = "chipgate: approve: approver 'zhao.lei' is not one of the approvers of review-test, whose rule RV-JUST-001 asks for a signed approval" ] ||
	fail "an unlisted approver: $(cat err)"
[ ! -s out ] || fail "a refused approve printed: $(cat out)"
for a in po-other-name po-unlisted-key po-stranger; do
	[ ! -e "$a.approval.dsse.json" ] || fail "a refused approve wrote $a.approval.dsse.json"
done
n=$(ls -A | wc -l)
[ "$n" = 7 ] || fail "files left behind: $(ls -A)"
# --force does not get round it, and -o - writes nothing either
run 3 approve --force -p pack.cfg -k keys/mallory.key -o - po-unlisted-key inventory.cfg
[ ! -s out ] || fail "a refused approve -o - wrote the envelope"

# ---- the same key in another encoding is the same key ----------------------------------
# li.wei is listed with an uncompressed P-256 key; the pack now holds it compressed
openssl ec -pubin -in keys/li.wei.pub -conv_form compressed -out keys/li.wei.pub.c 2>/dev/null &&
	mv keys/li.wei.pub.c keys/li.wei.pub || fail "openssl: compressed point"
python3 - <<'PY' || fail "cannot make a record approved by li.wei"
s = open("inventory.cfg").read()
s = s.replace('''requested_by = "li.wei"; approver = "zhang.min";
    approved_on = "2025-08-01"; expires = "2026-08-01";
    approval = "po-edited.approval.dsse.json"; },''', '''requested_by = "chen.jie"; approver = "li.wei";
    approved_on = "2025-08-01"; expires = "2026-08-01";
    approval = "po-edited.approval.dsse.json"; },''')
open("inventory.cfg", "w").write(s)
PY
LW=$(openssl ec -pubin -in keys/li.wei.pub -conv_form uncompressed -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1)
run 0 approve -p pack.cfg -k keys/li.wei.key po-edited inventory.cfg
grep -qx "checked: keyid $LW is the key of approver 'li.wei' in review-test" out ||
	fail "a compressed listed key: $(cat out err)"

# ---- nothing to compare with: say so ------------------------------------------------
# the inventory names no pack: the embedded ones for CN have no rule RV-JUST-001
run 0 approve -k keys/mallory.key -o m.json po-unlisted-key inventory.cfg
grep -q "^not checked: no pack applied (cn-cac.*) has the justification rule RV-JUST-001" out ||
	fail "packs without the rule: $(cat out)"
# a companion justifications file names no jurisdiction
sed -n '/^justifications = (/,$p' inventory.cfg >just.cfg
run 0 approve -k keys/zhang.min.key -o j.json po-no-file just.cfg
grep -q "^not checked: no policy pack applies to just.cfg (give -p POLICY)" out ||
	fail "a companion file without -p: $(cat out)"
run 3 approve -p pack.cfg -k keys/mallory.key -o j2.json po-no-file just.cfg
[ ! -e j2.json ] || fail "companion file with -p: wrote with the wrong key"
# a pack that cannot be loaded is an error (2), not a pass
run 2 approve -p missing.cfg -k keys/zhang.min.key -o x.json po-no-file inventory.cfg
[ ! -e x.json ] || fail "a missing pack: something was written"

# ---- a public key as -k --------------------------------------------------------------
run 2 approve -p pack.cfg -k keys/zhang.min.pub -o y.json po-no-file inventory.cfg
[ "$(cat err)" = "chipgate: approve needs the approver's private key; 'keys/zhang.min.pub' is a public key (did you mean 'keys/zhang.min.key'?)" ] ||
	fail "a public key: $(cat err)"

if [ $failures -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "approve: all checks passed"
