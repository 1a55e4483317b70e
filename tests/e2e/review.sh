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
# to sign a self-approval; review's JSON and exit status. Issue #14: what
# else blocks an order, checked against check's own report for every
# --fail-on; the HTML page well-formed (xmllint --html), inert and escaped.
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
printf '%s\n' "$out" | grep -q '^| cleared (approved) | po-signed |' || fail "po-signed: $out"
printf '%s\n' "$out" | grep -q '^| cleared (approved) | po-edited |' || fail "po-edited after re-signing: $out"

# ---- 9. what else blocks an order (issue #14) ---------------------------------------
# For every inventory and --fail-on, review's blocking findings, cleared
# flags, verdict and exit status are what check's own JSON report implies:
# an order is cleared when its justification is approved or expiring and
# no other open finding on its asset is at or above --fail-on.
command -v xmllint >/dev/null || fail "xmllint is not installed (libxml2-utils): the HTML cannot be checked"
cat >implied.py <<'PY'
import json, sys
rank = {"info": 0, "warning": 1, "error": 2, "never": 3}
rep, rev, fail_on, rc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], int(sys.argv[4])
assert rev["fail_on"] == fail_on, rev["fail_on"]
keys = ["state", "asset", "location", "status", "quantity", "model", "chip", "order", "policy", "rule",
        "required_fields", "signed_approval", "records", "justification", "reasons", "next",
        "cleared", "blocking"]
cleared = blocked = 0
for o in rev["orders"]:
    assert list(o) == keys, list(o)          # the fields of #6 kept, in order; two added
    want = [{"rule": f["rule"], "policy": f["policy"], "severity": f["severity"], "message": f["message"]}
            for f in rep["findings"]
            if f["status"] == "open" and f.get("asset") == o["asset"]
            and rank[f["severity"]] >= rank[fail_on]
            and not (f["rule"] == o["rule"] and f["policy"] == o["policy"])]
    assert o["blocking"] == want, (o["asset"], o["blocking"], want)
    ok = o["state"] in ("approved", "expiring") and not want
    assert o["cleared"] is ok, (o["asset"], o["cleared"], ok)
    cleared += ok
    blocked += bool(want)
s = rev["summary"]
assert (s["cleared"], s["blocked"]) == (cleared, blocked), (s, cleared, blocked)
assert rev["verdict"] == ("pass" if cleared == len(rev["orders"]) else "fail"), rev["verdict"]
assert rc == (0 if cleared == len(rev["orders"]) else 1), (rc, cleared)
PY
for inv in inventories/example.cfg inventories/us-distributor.cfg inventories/example-typos.cfg \
	tests/fixtures/review/blocking.cfg tests/fixtures/review/approved.cfg; do
	for lvl in error warning info never; do
		(cd "$src" && "$bin" check -f json --fail-on "$lvl" "$inv") >"$tmp/check.json"
		(cd "$src" && "$bin" review -f json --fail-on "$lvl" "$inv") >"$tmp/review.json"; rc=$?
		python3 implied.py "$tmp/check.json" "$tmp/review.json" "$lvl" "$rc" ||
			fail "review of $inv with --fail-on $lvl is not what check's report implies"
	done
done

# the example: an approved order that check still fails on CN-H20-001
(cd "$src" && "$bin" review -f json inventories/example.cfg) >ex.json; rc=$?
[ $rc = 1 ] || fail "review of the example: exit $rc, expected 1"
python3 - ex.json <<'PY' || fail "the example's approved order is not shown as blocked"
import json, sys
r = json.load(open(sys.argv[1]))
o = {x["asset"]: x for x in r["orders"]}["sh2-h20-ord-0815"]
assert o["state"] == "approved" and o["cleared"] is False, o
assert [(b["rule"], b["severity"]) for b in o["blocking"]] == [("CN-H20-001", "error")], o["blocking"]
assert "H20 orders are suspended" in o["blocking"][0]["message"], o["blocking"]
assert o["next"].startswith("resolve or waive CN-H20-001"), o["next"]
assert r["summary"]["approved"] == 1 and r["summary"]["cleared"] == 0 and r["verdict"] == "fail", r["summary"]
PY
(cd "$src" && "$bin" review inventories/example.cfg) | grep -q "verdict: approved, but blocked by CN-H20-001" ||
	fail "the text review does not say the approved order is blocked"
# a cleared order: the licensed H20 sale has nothing else open
(cd "$src" && "$bin" review -f json inventories/us-distributor.cfg) >us.json
python3 - us.json <<'PY' || fail "the licensed order is not cleared"
import json, sys
o = {x["asset"]: x for x in json.load(open(sys.argv[1]))["orders"]}
assert o["ord-cn-h20-lic"]["cleared"] is True and o["ord-cn-h20-lic"]["blocking"] == [], o["ord-cn-h20-lic"]
assert o["ord-cn-h20"]["cleared"] is False and o["ord-cn-h20"]["state"] == "missing", o["ord-cn-h20"]
PY
# --fail-on changes the verdict, as it changes check's
for lvl in error warning; do
	(cd "$src" && "$bin" review --fail-on $lvl tests/fixtures/review/blocking.cfg) >/dev/null; r1=$?
	(cd "$src" && "$bin" check --fail-on $lvl tests/fixtures/review/blocking.cfg) >/dev/null; c1=$?
	[ "$r1" = "$c1" ] || fail "blocking.cfg --fail-on $lvl: review exits $r1, check $c1"
	eval "rc_$lvl=$r1"
done
[ "$rc_error" = 0 ] && [ "$rc_warning" = 1 ] ||
	fail "blocking.cfg: review exits $rc_error at error and $rc_warning at warning, expected 0 and 1"

# ---- 10. the HTML page: well-formed, self-contained, inert ---------------------------
cat >tags.py <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags = [], [], set()
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "href", "action", "xlink:href"):
                self.errors.append("attribute %s=%r on <%s>" % (k, v, tag))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s" % (tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
for path in sys.argv[1:]:
    p = P()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    bad = p.errors + ["unclosed <%s>" % t for t in p.stack]
    bad += ["<%s> from the input" % t for t in p.tags & {"script", "img", "i", "u", "em", "iframe", "object"}]
    assert not bad, (path, bad[:5])
PY
cat >hostile.cfg <<'CFG'
policy = { id = "hostile-test"; title = "<script>alert('pack')</script>"; jurisdiction = "CN"; version = "1"; };
rules = (
  { id = "HT-JUST-001"; title = "Every order needs a justification"; severity = "error";
    when = "asset.status == 'ordered'"; require = "justification";
    justification = { fields = ["reason", "approver", "approved_on"]; }; },
  { id = "HT-HOLD-001"; title = "Orders on hold"; severity = "error";
    when = "asset.status == 'ordered'";
    message = "{asset.id}: model {asset.model} for {asset.site} is on hold"; }
);
CFG
cat >hostile-inv.cfg <<'CFG'
inventory = { organization = "<script>alert(1)</script> & Co"; jurisdiction = "CN"; as_of = "2025-08-12"; };
assets = (
  { id = "x\"><script>alert('id')</script>&amp;"; model = "<img src=x onerror=alert(1)>"; quantity = 8;
    site = "<b>bold</b>"; purpose = "commercial"; status = "ordered"; order = "PO-<i>1</i>"; }
);
justifications = (
  { asset = "x\"><script>alert('id')</script>&amp;"; rule = "HT-JUST-001"; reason = "<u>because</u>";
    approver = "<em>boss</em>"; approved_on = "2025-08-01"; }
);
CFG
"$bin" review -p hostile.cfg -o hostile.html hostile-inv.cfg 2>err; rc=$?
[ $rc = 1 ] || fail "hostile review: exit $rc, expected 1 (blocked by its hold rule): $(cat err)"
(cd "$src" && "$bin" review -f html inventories/example.cfg) >example.html
(cd "$src" && "$bin" review -f html tests/fixtures/review/approved.cfg) >approved.html
for h in hostile.html example.html approved.html; do
	xmllint --html --noout "$h" 2>xerr || fail "xmllint --html $h failed: $(cat xerr)"
	[ ! -s xerr ] || fail "xmllint --html $h: $(cat xerr)"
	grep -qi '<script' "$h" && fail "$h has a <script>"
	grep -Eiq '@import|url\(|https?://' "$h" && fail "$h refers to an external resource"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$h" || fail "$h has no CSP"
done
python3 tags.py hostile.html example.html approved.html || fail "an HTML page is not balanced or not inert"
grep -qF '<code>x&quot;&gt;&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;&amp;amp;</code>' hostile.html ||
	fail "hostile.html lost the escaped asset id"
grep -qF "&#39;&lt;img src=x onerror=alert(1)&gt;&#39; (not in the catalog) (PO-&lt;i&gt;1&lt;/i&gt;)" hostile.html ||
	fail "hostile.html lost the escaped model and order"
grep -qF 'model &lt;img src=x onerror=alert(1)&gt; for &lt;b&gt;bold&lt;/b&gt; is on hold' hostile.html ||
	fail "hostile.html lost the escaped blocking message"
grep -qF 'approved by &lt;em&gt;boss&lt;/em&gt; on 2025-08-01' hostile.html || fail "hostile.html: approver"
grep -qF 'approved, but blocked by CG-UNKNOWN-MODEL, HT-HOLD-001' hostile.html || fail "hostile.html: no verdict"
grep -qF '&lt;script&gt;alert(&#39;pack&#39;)&lt;/script&gt;' hostile.html || fail "hostile.html lost the pack title"
grep -qF '<span class="st cleared">cleared (approved)</span>' approved.html || fail "approved.html: not cleared"
grep -qF '<h1>Procurement review <span class="verdict pass">PASS</span></h1>' approved.html ||
	fail "approved.html: no PASS"
sha=$(sha256sum "$src/inventories/example.cfg" | cut -d' ' -f1)
grep -qF "$sha" example.html || fail "example.html lacks the inventory's digest"
echo "review: all checks passed"
