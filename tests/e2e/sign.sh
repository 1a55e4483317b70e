#!/usr/bin/env bash
# check --sign end to end: keygen, a signed report of the example, verify
# with --inputs, byte-identical envelopes under SOURCE_DATE_EPOCH, an
# independent check of the signature with the openssl CLI over the PAE,
# refusal of a group-readable key, and tampering detected (exit 3).
#
# The report is bound to its envelope (issue #14): in every format check
# writes, the Statement names the report file, its format and the
# SHA-256 of its bytes; verify checks the file beside the envelope (or
# --report FILE) and says "FILE: differs from what was signed" (exit 3)
# for an edited report and for another run's report swapped in, passes
# with "report not checked (FILE not found)" when it is gone, and -o
# gives back the signed JSON report -- with -f json, the report itself.
# An unsigned check over a signed report warns that the envelope no
# longer matches. The key is loaded before the work: a bad key or
# passphrase fails at once, before an inventory is even opened.
set -u
bin=$1
src=${SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; failed=1; }
failed=0
cd "$tmp"
cp "$src/inventories/example.cfg" inv.cfg
"$bin" keygen -o org >/dev/null || fail "keygen"
export SOURCE_DATE_EPOCH=1754956800
"$bin" check --sign org.key -o r1.json inv.cfg >/dev/null 2>&1; [ $? = 1 ] || fail "check --sign exit status"
[ -f r1.json.dsse.json ] || fail "no envelope"
# the same run under the same name elsewhere: the same bytes
mkdir again && cp inv.cfg again/
(cd again && "$bin" check --sign ../org.key -o r1.json inv.cfg >/dev/null 2>&1)
cmp -s r1.json.dsse.json again/r1.json.dsse.json || fail "envelopes differ under SOURCE_DATE_EPOCH"
out=$("$bin" verify -k org.pub --inputs r1.json.dsse.json) || fail "verify: $out"
case $out in *"3 subjects (digests match); verdict fail; report r1.json (json) matches") ;; *) fail "verify summary: $out" ;; esac
# the predicate binds the report file and carries it byte for byte
python3 - r1.json r1.json.dsse.json <<'PY' || fail "predicate does not bind the report"
import base64, hashlib, json, sys
raw = open(sys.argv[1], "rb").read()
e = json.load(open(sys.argv[2]))
body = base64.b64decode(e["payload"])
st = json.loads(body)
p = st["predicate"]
ok = (st["_type"] == "https://in-toto.io/Statement/v1"
      and st["predicateType"] == "https://chipgate.dev/report/v2"
      and p["rendered"] == {"name": "r1.json", "format": "json",
                            "sha256": hashlib.sha256(raw).hexdigest()}
      and p["report"] == json.loads(raw)
      and raw.rstrip(b"\n") in body)
sys.exit(0 if ok else 1)
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

# ---- the report bound to its envelope, in every format ----------------------
# verify_is WANT-EXIT WANT-LINE ARGS...: exit status and the one line it says
verify_is() {
	local want=$1 line=$2 rc
	shift 2
	"$bin" verify -k org.pub "$@" >out 2>err
	rc=$?
	[ $rc = "$want" ] || fail "verify $*: exit $rc, expected $want: $(cat out err)"
	grep -qF -- "$line" out err || fail "verify $*: says '$(cat out err)', expected '$line'"
}
mkdir fmt other
cp inv.cfg fmt/
sed 's/gz3-h100-gov/gz4-h100-gov/' inv.cfg >other/inv.cfg
for f in json:r.json sarif:r.sarif junit:r.xml github:r.gh gitlab:r.gl markdown:r.md html:r.html text:r.txt; do
	fmt=${f%%:*} name=${f#*:}
	(cd fmt && "$bin" check -q -f "$fmt" --sign ../org.key -o "$name" inv.cfg 2>/dev/null)
	[ $? = 1 ] || fail "$fmt: check --sign"
	(cd other && "$bin" check -q -f "$fmt" --sign ../org.key -o "$name" inv.cfg 2>/dev/null)
	env=fmt/$name.dsse.json
	verify_is 0 "verdict fail; report fmt/$name ($fmt) matches" "$env"
	cp "fmt/$name" keep
	# edited: one byte more
	printf ' ' >>"fmt/$name"
	verify_is 3 "chipgate: fmt/$name: differs from what was signed" "$env"
	# swapped: another run's report of the same format and name
	cp "other/$name" "fmt/$name"
	verify_is 3 "chipgate: fmt/$name: differs from what was signed" "$env"
	# removed: the envelope verifies, and says the report was not checked
	rm "fmt/$name"
	verify_is 0 "verdict fail; report not checked (fmt/$name not found)" "$env"
	# --report names it wherever it is, and a missing one is an error
	verify_is 0 "report keep ($fmt) matches" --report keep "$env"
	verify_is 3 "chipgate: other/$name: differs from what was signed" --report "other/$name" "$env"
	verify_is 2 "chipgate: missing: cannot read" --report missing "$env"
	# -o: the signed JSON report, whatever the format
	rm -f signed.json
	verify_is 0 "verdict fail" -o signed.json "$env"
	(cd fmt && "$bin" check -q -f json -o plain.json inv.cfg 2>/dev/null)
	cmp -s signed.json fmt/plain.json || fail "$fmt: verify -o is not the JSON report of the run"
	mv keep "fmt/$name"
done
cmp -s signed.json fmt/r.json || true
"$bin" verify -k org.pub -o - fmt/r.json.dsse.json >stdout.json 2>summary || fail "verify -o -"
cmp -s stdout.json fmt/r.json || fail "verify -o - is not the report"
grep -q "report fmt/r.json (json) matches" summary || fail "verify -o -: the summary is not on stderr"
# -o never replaces what verify reads, and writes nothing unverified
for o in fmt/r.json.dsse.json org.pub fmt/r.json; do
	sum=$(sha256sum <"$o")
	verify_is 2 "would overwrite an input" --report fmt/r.json -o "$o" fmt/r.json.dsse.json
	[ "$sum" = "$(sha256sum <"$o")" ] || fail "verify -o $o changed it"
done
"$bin" keygen -o stranger >/dev/null
rm -f nothing.json
"$bin" verify -k stranger.pub -o nothing.json fmt/r.json.dsse.json >/dev/null 2>&1
[ $? = 3 ] && [ ! -e nothing.json ] || fail "verify -o wrote a report that did not verify"

# an unsigned check over a signed report: the envelope stays, check warns,
# verify says the report differs
"$bin" check -q -o fmt/r.json fmt/inv.cfg >/dev/null 2>err
grep -qx "chipgate: warning: fmt/r.json.dsse.json no longer matches the report it stands beside: it signs the one this run replaced (sign with --sign, or remove it)" err ||
	fail "unsigned check over a signed report: $(cat err)"
[ -f fmt/r.json.dsse.json ] || fail "the unsigned check removed the envelope"
SOURCE_DATE_EPOCH=1754956801 "$bin" check -q -o fmt/r.json fmt/inv.cfg 2>/dev/null
verify_is 3 "chipgate: fmt/r.json: differs from what was signed" fmt/r.json.dsse.json
"$bin" check -q -o fresh.json inv.cfg 2>err
[ ! -s err ] || fail "an unsigned check with no envelope beside it warns: $(cat err)"

# ---- the key, before the work -------------------------------------------------
# an inventory nobody writes to: a run that opens it waits forever
mkfifo never.cfg
timeout 10 "$bin" check --sign nokey.key -o r9.json never.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "nokey.key: cannot open" err || fail "a missing key after the work: exit $rc, $(cat err)"
CHIPGATE_KEY_PASSPHRASE=right "$bin" keygen -P -o enc >/dev/null
CHIPGATE_KEY_PASSPHRASE=wrong timeout 10 "$bin" check --sign enc.key -o r9.json never.cfg >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "wrong passphrase" err || fail "a wrong passphrase after the work: exit $rc, $(cat err)"
[ ! -e r9.json ] || fail "r9.json was written"

# ---- keys and tampering ----------------------------------------------------------
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
[ $failed = 0 ] && echo "sign: all checks passed"
exit $failed
