#!/usr/bin/env bash
# check --sign end to end: keygen, a signed report of the example, verify
# with --inputs, byte-identical envelopes under SOURCE_DATE_EPOCH, an
# independent check of the signature with the openssl CLI over the PAE,
# refusal of a group-readable key, and tampering detected (exit 3).
set -u
bin=$1
src=${SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
cp "$src/inventories/example.cfg" inv.cfg
"$bin" keygen -o org >/dev/null || fail "keygen"
export SOURCE_DATE_EPOCH=1754956800
"$bin" check --sign org.key -o r1.json inv.cfg >/dev/null; [ $? = 1 ] || fail "check --sign exit status"
[ -f r1.json.dsse.json ] || fail "no envelope"
"$bin" check --sign org.key -o r2.json inv.cfg >/dev/null
cmp -s r1.json.dsse.json r2.json.dsse.json || fail "envelopes differ under SOURCE_DATE_EPOCH"
out=$("$bin" verify -k org.pub --inputs r1.json.dsse.json) || fail "verify: $out"
case $out in *"3 subjects (digests match); verdict fail"*) ;; *) fail "verify summary: $out" ;; esac
# the predicate is the report itself
python3 - r1.json r1.json.dsse.json <<'PY' || fail "predicate differs from the report"
import base64, json, sys
r = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))
st = json.loads(base64.b64decode(e["payload"]))
sys.exit(0 if st["predicate"] == r and st["_type"] == "https://in-toto.io/Statement/v1" else 1)
PY
# an implementation that shares no code with chipgate: openssl over the PAE
python3 - r1.json.dsse.json <<'PY' || fail "cannot build the PAE"
import base64, json, sys
e = json.load(open(sys.argv[1]))
body = base64.b64decode(e["payload"])
t = e["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)
open("pae.bin", "wb").write(pae)
open("sig.bin", "wb").write(base64.b64decode(e["signatures"][0]["sig"]))
PY
openssl pkeyutl -verify -pubin -inkey org.pub -rawin -in pae.bin -sigfile sig.bin >/dev/null ||
	fail "openssl does not verify the envelope"
# the report and the inventory it names must not change under it
echo "# edited" >>inv.cfg
"$bin" verify -k org.pub --inputs r1.json.dsse.json >/dev/null 2>err; rc=$?
[ $rc = 3 ] || fail "edited input: exit $rc, expected 3"
grep -q "inv.cfg" err || fail "edited input: message does not name the file"
# a key readable by the group is refused, and nothing is written
chmod 640 org.key
"$bin" check --sign org.key -o r3.json "$src/inventories/example.cfg" >/dev/null 2>err; rc=$?
[ $rc = 2 ] || fail "group-readable key: exit $rc, expected 2"
[ ! -e r3.json ] && [ ! -e r3.json.dsse.json ] || fail "group-readable key: something was written"
grep -q "chmod 600" err || fail "group-readable key: message does not say how to fix it"
echo "sign: all checks passed"
