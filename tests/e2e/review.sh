#!/usr/bin/env bash
# Procurement review end to end (issue #6), on tests/fixtures/review with
# keys made here by `chipgate keygen`:
#   review -> justify -> fill in -> review (awaiting) -> approve -> check
#   shows the order `justified`;
# the canonical JSON that approve signs equals an independent one (Python)
# and an envelope made without chipgate (Python + openssl) verifies;
# every way a signed approval fails is reported, with its reason, by check
# (finding note), explain and review: a forged envelope, a key the pack
# does not list, self-approval, a listed approver's key used under another
# approver's name, an approver the pack does not list, a record edited
# after approval, a missing approval file; approve refuses to overwrite and
# to sign a self-approval; review's JSON and exit status.
set -u
bin=$1
src=${SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
cp "$src/tests/fixtures/review/pack.cfg" "$src/tests/fixtures/review/inventory.cfg" .
mkdir keys
for k in zhang.min wang.fang li.wei mallory; do
	"$bin" keygen -o "keys/$k" >/dev/null || fail "keygen $k"
done
cg() { "$bin" "$1" -p pack.cfg "${@:2}"; }

# ---- 1. review before anything is signed --------------------------------------
cg review -f json inventory.cfg >r0.json; rc=$?
[ $rc = 1 ] || fail "review with open orders: exit $rc, expected 1"
python3 - r0.json <<'PY' || fail "review JSON before signing"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "chipgate.review/1" and r["verdict"] == "fail", r
st = {o["asset"]: o["state"] for o in r["orders"]}
assert "dc-910b" not in st, st                      # deployed, domestic: not an order under review
assert st["po-new"] == "missing", st
assert r["orders"][0]["asset"] == "po-new", "most urgent first"
assert all(st[a] == "approval-invalid" for a in st if a != "po-new"), st
PY

# ---- 2. justify writes a skeleton that loads as it is ---------------------------
cg justify -o skel.cfg po-new inventory.cfg || fail "justify"
grep -q '"huawei-ascend-910b"' skel.cfg || fail "skeleton lacks the domestic alternatives"
grep -q '# approval = "po-new.approval.dsse.json";' skel.cfg || fail "skeleton lacks the approval hint"
cg review --justifications skel.cfg inventory.cfg >/dev/null 2>err; rc=$?
[ $rc = 1 ] || fail "the skeleton does not load as a justifications file: $(cat err)"
cg justify dc-910b inventory.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] || fail "justify of an asset no rule applies to: exit $rc, expected 2"
grep -q "triggers no justification rule" err || fail "justify: unclear message: $(cat err)"

# ---- 3. fill it in (as the requester) and add it to the inventory ----------------
python3 - skel.cfg inventory.cfg <<'PY' || fail "cannot fill in the skeleton"
import re, sys
skel, inv = open(sys.argv[1]).read(), open(sys.argv[2]).read()
rec = skel[skel.index("  { asset"):skel.rindex("\n);")]
rec = rec.replace('reason = "";', 'reason = "the training stack needs CUDA kernels not yet ported";')
rec = rec.replace('requested_by = "";', 'requested_by = "chen.jie";')
rec = rec.replace('approver = "";', 'approver = "zhang.min";')
rec = rec.replace('# approved_on = "YYYY-MM-DD";', 'approved_on = "2025-08-10";')
rec = rec.replace('# expires = "YYYY-MM-DD";', 'expires = "2026-02-10";')
inv = inv.replace("\n  # new records go here", ",\n" + rec)
open(sys.argv[2], "w").write(inv)
PY
out=$(cg review inventory.cfg); [ $? = 1 ] || fail "review after filling in"
printf '%s\n' "$out" | grep -q "^awaiting-approval  po-new" || fail "po-new is not awaiting approval: $out"
printf '%s\n' "$out" | grep -q "no signed approval ('approval' is not set)" || fail "awaiting: no reason"

# ---- 4. the approver signs; the record names the envelope; check passes it -------
"$bin" approve -k keys/zhang.min.key po-new inventory.cfg >out || fail "approve po-new"
grep -q 'approval = "po-new.approval.dsse.json";' out || fail "approve does not say what to add: $(cat out)"
[ "$(stat -c %a po-new.approval.dsse.json)" = 644 ] || fail "envelope mode"
"$bin" approve -k keys/zhang.min.key po-new inventory.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "already exists" err || fail "approve overwrote an envelope (exit $rc)"
"$bin" approve --force -k keys/zhang.min.key po-new inventory.cfg >/dev/null || fail "approve --force"
sed -i 's|# approval = "po-new.approval.dsse.json";|approval = "po-new.approval.dsse.json";|' inventory.cfg
cg check -f json -o report.json inventory.cfg; rc=$?
[ $rc = 1 ] || fail "check: exit $rc, expected 1 (the broken approvals stay open)"
python3 - report.json <<'PY' || fail "check does not justify po-new"
import json, sys
r = json.load(open(sys.argv[1]))
f = {x["asset"]: x for x in r["findings"] if x["rule"] == "RV-JUST-001"}
assert f["po-new"]["status"] == "justified", f["po-new"]
assert "signed approval verified" in f["po-new"]["note"], f["po-new"]["note"]
PY

# ---- 5. the signed payload is the canonical record, by an independent encoder ----
python3 - po-new.approval.dsse.json <<'PY' || fail "payload is not the canonical record"
import base64, json, sys
e = json.load(open(sys.argv[1]))
assert e["payloadType"] == "application/vnd.chipgate.approval+json"
got = base64.b64decode(e["payload"])
rec = {"asset": "po-new", "rule": "RV-JUST-001",
       "reason": "the training stack needs CUDA kernels not yet ported",
       "alternatives": ["iluvatar-bi-v100", "cambricon-mlu370-x8", "kunlunxin-r200",
                        "moore-threads-mtt-s4000", "huawei-ascend-910b"],
       "requested_by": "chen.jie", "approver": "zhang.min",
       "approved_on": "2025-08-10", "expires": "2026-02-10"}
want = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
assert got == want, (got, want)
PY

# ---- 6. envelopes for the other records -----------------------------------------
for a in po-signed po-forged po-edited; do
	"$bin" approve -k keys/zhang.min.key "$a" inventory.cfg >/dev/null || fail "approve $a"
done
"$bin" approve -k keys/mallory.key po-unlisted-key inventory.cfg >/dev/null || fail "approve (mallory)"
"$bin" approve -k keys/wang.fang.key po-other-name inventory.cfg >/dev/null || fail "approve (wang.fang)"
"$bin" approve -k keys/li.wei.key po-self inventory.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "is also the requester" err || fail "approve signed a self-approval (exit $rc)"
[ ! -e po-self.approval.dsse.json ] || fail "a refused approval left a file"
# self-approval, signed without chipgate: Python for the canonical record
# and the PAE, openssl for the Ed25519 signature
python3 - <<'PY' || fail "cannot build the PAE"
import json
rec = {"asset": "po-self", "rule": "RV-JUST-001", "reason": "urgent capacity",
       "alternatives": ["huawei-ascend-910b"], "requested_by": "li.wei", "approver": "li.wei",
       "approved_on": "2025-08-01", "expires": "2026-08-01"}
body = json.dumps(rec, sort_keys=True, separators=(",", ":")).encode()
t = b"application/vnd.chipgate.approval+json"
open("self.body", "wb").write(body)
open("self.pae", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body))
PY
openssl pkeyutl -sign -inkey keys/li.wei.key -rawin -in self.pae -out self.sig || fail "openssl sign"
python3 - <<'PY' || fail "cannot write the envelope"
import base64, json
json.dump({"payloadType": "application/vnd.chipgate.approval+json",
           "payload": base64.b64encode(open("self.body", "rb").read()).decode(),
           "signatures": [{"keyid": "", "sig": base64.b64encode(open("self.sig", "rb").read()).decode()}]},
          open("po-self.approval.dsse.json", "w"))
PY
# forged: the payload changed under the signature
python3 - <<'PY' || fail "cannot forge"
import base64, json
e = json.load(open("po-forged.approval.dsse.json"))
rec = json.loads(base64.b64decode(e["payload"]))
rec["expires"] = "2030-01-01"
e["payload"] = base64.b64encode(json.dumps(rec, sort_keys=True, separators=(",", ":")).encode()).decode()
json.dump(e, open("po-forged.approval.dsse.json", "w"))
PY
sed -i 's/pilot of 8 cards for a customer trial/pilot of 80 cards for a customer trial/' inventory.cfg

# ---- 7. every failure, with its reason, in check, explain and review ---------------
cg check -f json -o report.json inventory.cfg; rc=$?
[ $rc = 1 ] || fail "check: exit $rc, expected 1"
cg review -f json inventory.cfg >r1.json; rc=$?
[ $rc = 1 ] || fail "review: exit $rc, expected 1"
python3 - report.json r1.json <<'PY' || fail "reasons"
import json, sys
rep, rev = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
notes = {x["asset"]: x for x in rep["findings"] if x["rule"] == "RV-JUST-001"}
orders = {o["asset"]: o for o in rev["orders"]}
want = {
    "po-new": ("justified", "approved", None),
    "po-signed": ("justified", "approved", None),
    "po-forged": ("open", "approval-invalid", "is one of the approvers' keys of review-test, but that key does not verify it"),
    "po-unlisted-key": ("open", "approval-invalid", "is not among the approvers' keys of review-test)"),
    "po-self": ("open", "approval-invalid", "approver 'li.wei' is also the requester"),
    "po-other-name": ("open", "approval-invalid", "is signed by the key of 'wang.fang', not by the key of the approver 'zhang.min'"),
    "po-edited": ("open", "approval-invalid", "the record was edited after approval 'po-edited.approval.dsse.json' was signed ('reason' changed)"),
    "po-no-file": ("open", "approval-invalid", "approval 'po-no-file.approval.dsse.json': cannot open: No such file or directory"),
    "po-stranger": ("open", "approval-invalid", "approver 'zhao.lei' is not one of the approvers of review-test"),
}
for a, (status, state, why) in want.items():
    f, o = notes[a], orders[a]
    assert f["status"] == status, (a, f)
    assert o["state"] == state, (a, o)
    if why:
        assert why in f["note"], (a, f["note"])
        assert any(why in r["text"] for r in o["reasons"]), (a, o["reasons"])
# the self-approval envelope itself is sound: that is the only reason
assert [r["text"] for r in orders["po-self"]["reasons"]] == ["approver 'li.wei' is also the requester"], orders["po-self"]
assert orders["po-signed"]["justification"]["signed_by"] == "zhang.min"
assert rev["summary"]["approved"] == 2 and rev["summary"]["approval-invalid"] == 7, rev["summary"]
PY
cg explain po-edited inventory.cfg >ex.txt || fail "explain"
grep -q "fails: the record was edited after approval" ex.txt || fail "explain lacks the reason: $(cat ex.txt)"
cg explain po-signed inventory.cfg | grep -q "satisfies the requirement; approval signed by zhang.min" ||
	fail "explain does not name the signer"

# ---- 8. an edit to the approval line alone does not matter; re-signing fixes an edit
sed -i 's|approval = "po-signed.approval.dsse.json";|approval = "./po-signed.approval.dsse.json";|' inventory.cfg
"$bin" approve --force -k keys/zhang.min.key po-edited inventory.cfg >/dev/null || fail "re-approve"
out=$(cg review -f markdown inventory.cfg)
printf '%s\n' "$out" | grep -q '^| approved | po-signed |' || fail "po-signed: $out"
printf '%s\n' "$out" | grep -q '^| approved | po-edited |' || fail "po-edited after re-signing: $out"
echo "review: all checks passed"
