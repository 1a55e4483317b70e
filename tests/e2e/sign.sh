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
# the mode check holds for every spelling of a file URI (RFC 8089: the
# scheme in any case, file:/P, file:///P, file://localhost/P, %XX)
enc=$(printf '%s' "$PWD/org.key" | sed 's/o/%6F/g')
uris=("FILE:$PWD/org.key" "File://$PWD/org.key" "FILE://localhost$PWD/org.key"
	"file://LOCALHOST$PWD/org.key" "file:$enc")
for mode in 640 604; do
	chmod $mode org.key
	for u in "${uris[@]}"; do
		"$bin" check --sign "$u" -o r4.json "$src/inventories/example.cfg" >/dev/null 2>err; rc=$?
		[ $rc = 2 ] || fail "mode $mode, --sign $u: exit $rc, expected 2"
		grep -q "accessible by group or others (mode 0$mode): run 'chmod 600 $PWD/org.key'" err ||
			fail "mode $mode, --sign $u: $(cat err)"
		[ ! -e r4.json ] && [ ! -e r4.json.dsse.json ] || fail "--sign $u: something was written"
	done
done
chmod 600 org.key
for u in "${uris[@]}"; do
	rm -f r4.json r4.json.dsse.json
	"$bin" check --sign "$u" -o r4.json inv.cfg >/dev/null 2>err; rc=$?
	[ $rc = 1 ] || fail "--sign $u: exit $rc, expected 1: $(cat err)"
	"$bin" verify -k org.pub r4.json.dsse.json >/dev/null || fail "--sign $u: the envelope does not verify"
done
"$bin" check --sign "file://build.example$PWD/org.key" -o r5.json inv.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "file URI names the host 'build.example'" err || fail "remote file URI: exit $rc, $(cat err)"
[ ! -e r5.json ] || fail "remote file URI: something was written"
# a public key given to --sign: say so, not "chmod"
"$bin" check --sign org.pub -o r6.json inv.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] || fail "--sign org.pub: exit $rc, expected 2"
[ "$(cat err)" = "chipgate: signing needs a private key; 'org.pub' is a public key (did you mean 'org.key'?)" ] ||
	fail "--sign org.pub: $(cat err)"
[ ! -e r6.json ] || fail "--sign org.pub: something was written"
echo "sign: all checks passed"
