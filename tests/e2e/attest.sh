#!/usr/bin/env bash
# End-to-end tests of `chipgate keygen` and `chipgate verify`, with the
# openssl CLI as the independent second implementation: envelopes made by
# openssl must verify with chipgate, chipgate's golden envelope must verify
# with openssl, and every tampered envelope must exit 3 with its reason.
#
# usage: bash tests/e2e/attest.sh PATH-TO-CHIPGATE   (SOURCE_DIR = repo root)
# exit 0 pass, 1 fail, 77 skip (no openssl CLI).
set -u

CG=${1:?usage: attest.sh PATH-TO-CHIPGATE}
CG=$(cd "$(dirname "$CG")" && pwd)/$(basename "$CG")
FIX=${SOURCE_DIR:?SOURCE_DIR is not set}/tests/fixtures/attest
command -v openssl >/dev/null || { echo "skip: no openssl CLI"; exit 77; }
[ -x "$CG" ] || { echo "FAIL: no chipgate binary at $CG"; exit 1; }
for c in keygen verify cosign; do
	if "$CG" "$c" --help 2>&1 | grep -qF "unknown command '$c'"; then
		echo "skip: this chipgate has no '$c' command in its table (src/main.c)"
		exit 77
	fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-attest.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
unset CHIPGATE_KEY_PASSPHRASE
umask 022
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect CODE PATTERN CMD...: run CMD, require exit CODE and, when PATTERN
# is not empty, a line of stdout+stderr containing PATTERN (fixed string).
expect() {
	local code=$1 pattern=$2
	shift 2
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$code" ]; then
		fail "exit $rc, want $code: $*"$'\n'"$out"
		return 1
	elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" <<<"$out"; then
		fail "output lacks '$pattern': $*"$'\n'"$out"
		return 1
	fi
}

b64() { openssl base64 -A; }
unb64() { openssl base64 -d -A; }

# pae TYPE FILE: the DSSE pre-authentication encoding of FILE's bytes
pae() {
	printf 'DSSEv1 %d %s %d ' "${#1}" "$1" "$(wc -c <"$2")"
	cat "$2"
}

# keyid PUBFILE: hex SHA-256 of the DER SubjectPublicKeyInfo
keyid() { openssl pkey -pubin -in "$1" -outform DER | sha256sum | cut -d' ' -f1; }

# sign_raw KIND KEY IN OUT: an openssl signature as chipgate makes them
sign_raw() {
	case $1 in
	ed25519) openssl pkeyutl -sign -rawin -inkey "$2" -in "$3" -out "$4" ;;
	ecdsa-p256) openssl dgst -sha256 -sign "$2" -out "$4" "$3" ;;
	rsa-3072) openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-sigopt rsa_mgf1_md:sha256 -sign "$2" -out "$4" "$3" ;;
	esac
}

# envelope TYPE PAYLOAD64 [KEYID SIG64]...: DSSE envelope JSON on stdout
envelope() {
	local type=$1 payload=$2 sep=""
	shift 2
	printf '{"payloadType":"%s","payload":"%s","signatures":[' "$type" "$payload"
	while [ $# -ge 2 ]; do
		printf '%s{"keyid":"%s","sig":"%s"}' "$sep" "$1" "$2"
		sep=,
		shift 2
	done
	printf ']}\n'
}

# openssl_envelope KIND STATEMENT-FILE [TYPE]: signed with the test key KIND
openssl_envelope() {
	local kind=$1 stmt=$2 type=${3:-application/vnd.in-toto+json}
	pae "$type" "$stmt" >"$TMP/pae.bin"
	sign_raw "$kind" "$TMP/keys/$kind.key" "$TMP/pae.bin" "$TMP/sig.bin" || fail "openssl sign $kind"
	envelope "$type" "$(b64 <"$stmt")" "$(keyid "$FIX/$kind.pub")" "$(b64 <"$TMP/sig.bin")"
}

# statement TYPE PREDICATE-TYPE SUBJECT-NAME SUBJECT-SHA256: a Statement
statement() {
	printf '{"_type":"%s","predicateType":"%s","predicate":{"schema":"chipgate.report/1","verdict":"fail"},"subject":[{"name":"%s","digest":{"sha256":"%s"}}]}' \
		"$1" "$2" "$3" "$4"
}

ST=https://in-toto.io/Statement/v1
PT=https://chipgate.dev/report/v1

# Committed keys lose their mode in git: copy them and make them private.
mkdir -p "$TMP/keys" "$TMP/work"
for k in ed25519 ecdsa-p256 rsa-3072 other-ed25519; do
	cp "$FIX/$k.key" "$FIX/$k.pub" "$TMP/keys/" && chmod 600 "$TMP/keys/$k.key"
done
cp "$FIX/inventory.cfg" "$TMP/work/"
INV_SHA=$(sha256sum <"$FIX/inventory.cfg" | cut -d' ' -f1)

# ---- keygen -----------------------------------------------------------------

for t in ed25519 ecdsa-p256 rsa-3072; do
	expect 0 "keyid" "$CG" keygen -t "$t" -o "$TMP/gen-$t"
	[ "$(stat -c %a "$TMP/gen-$t.key")" = 600 ] || fail "keygen $t: .key mode $(stat -c %a "$TMP/gen-$t.key")"
	[ "$(stat -c %a "$TMP/gen-$t.pub")" = 644 ] || fail "keygen $t: .pub mode $(stat -c %a "$TMP/gen-$t.pub")"
	head -n1 "$TMP/gen-$t.key" | grep -qx -- '-----BEGIN PRIVATE KEY-----' || fail "keygen $t: not PKCS#8 PEM"
	head -n1 "$TMP/gen-$t.pub" | grep -qx -- '-----BEGIN PUBLIC KEY-----' || fail "keygen $t: not SPKI PEM"
	openssl pkey -in "$TMP/gen-$t.key" -pubout | cmp -s - "$TMP/gen-$t.pub" || fail "keygen $t: .pub is not the .key's"
done
# the default is ed25519, and the keyid printed is the SPKI digest
out=$("$CG" keygen -o "$TMP/gen-default") || fail "keygen default"
grep -qF "ed25519 key, keyid $(keyid "$TMP/gen-default.pub")" <<<"$out" || fail "keygen keyid: $out"
# never overwrites, and leaves the old key alone
sum=$(sha256sum <"$TMP/gen-ed25519.key")
expect 2 "already exists: not overwritten" "$CG" keygen -o "$TMP/gen-ed25519"
[ "$sum" = "$(sha256sum <"$TMP/gen-ed25519.key")" ] || fail "keygen changed an existing key"
touch "$TMP/only.pub"
expect 2 "only.pub: already exists" "$CG" keygen -o "$TMP/only"
[ ! -e "$TMP/only.key" ] || fail "keygen left a .key behind"
expect 2 "unknown key type 'dsa'" "$CG" keygen -t dsa -o "$TMP/x"
expect 2 "-o PREFIX is required" "$CG" keygen
expect 2 "unexpected argument" "$CG" keygen -o "$TMP/y" extra
expect 2 "option '-o' needs a value" "$CG" keygen -o
expect 2 "unknown option '--bogus'" "$CG" keygen --bogus -o "$TMP/y"
# passphrases: -P takes CHIPGATE_KEY_PASSPHRASE; without a terminal or the
# variable it fails; the variable without -P is refused (no silent plaintext)
expect 0 "encrypted key" env CHIPGATE_KEY_PASSPHRASE=s3cret "$CG" keygen -P -o "$TMP/enc"
head -n1 "$TMP/enc.key" | grep -qx -- '-----BEGIN ENCRYPTED PRIVATE KEY-----' || fail "-P: key not encrypted"
[ "$(stat -c %a "$TMP/enc.key")" = 600 ] || fail "-P: mode"
openssl pkey -in "$TMP/enc.key" -passin pass:s3cret -noout 2>/dev/null || fail "openssl cannot decrypt with the passphrase"
openssl pkey -in "$TMP/enc.key" -passin pass:wrong -noout 2>/dev/null && fail "openssl decrypted with a wrong passphrase"
openssl asn1parse -in "$TMP/enc.key" | grep -q aes-256-cbc || fail "-P: not AES-256-CBC"
expect 2 "-P needs a passphrase" "$CG" keygen -P -o "$TMP/enc2" </dev/null
expect 2 "CHIPGATE_KEY_PASSPHRASE is set but -P was not given" \
	env CHIPGATE_KEY_PASSPHRASE=s3cret "$CG" keygen -o "$TMP/enc3"
[ ! -e "$TMP/enc2.key" ] && [ ! -e "$TMP/enc3.key" ] || fail "failed keygen left a key"

# ---- verify: usage and I/O ------------------------------------------------

GOLD=$FIX/golden.dsse.json
expect 2 "no trusted key" "$CG" verify "$GOLD"
expect 2 "no envelope given" "$CG" verify -k "$FIX/ed25519.pub"
expect 2 "more than one envelope given" "$CG" verify -k "$FIX/ed25519.pub" "$GOLD" "$GOLD"
expect 2 "option '-k' needs a value" "$CG" verify -k
expect 2 "usage: chipgate verify -k PUBKEY..." "$CG" verify -x "$GOLD"
expect 0 "usage: chipgate verify -k PUBKEY... [--threshold N] [--inputs] [--report FILE] [-o FILE]" "$CG" verify --help
expect 0 "usage: chipgate keygen [-P] [-t ed25519|ecdsa-p256|rsa-3072] -o PREFIX" "$CG" keygen --help
expect 2 "bad --threshold '0'" "$CG" verify -k "$FIX/ed25519.pub" --threshold 0 "$GOLD"
expect 2 "bad --threshold 'two'" "$CG" verify -k "$FIX/ed25519.pub" --threshold two "$GOLD"
expect 2 "--threshold 2 needs 2 distinct trusted keys, got 1" \
	"$CG" verify -k "$FIX/ed25519.pub" -k "$FIX/ed25519.pub" --threshold 2 "$GOLD"
expect 2 "missing.dsse.json: cannot open" "$CG" verify -k "$FIX/ed25519.pub" "$TMP/missing.dsse.json"
expect 2 "missing.pub: cannot open" "$CG" verify -k "$TMP/missing.pub" "$GOLD"
expect 2 "this is a private key" "$CG" verify -k "$TMP/keys/ed25519.key" "$GOLD"

# ---- the golden envelope (made by chipgate's signing code) ------------------

gold_id=$(keyid "$FIX/ed25519.pub")
expect 0 "$GOLD: verified; keyid $gold_id; 1 subject; verdict pass" \
	"$CG" verify -k "$FIX/ed25519.pub" "$GOLD"
# --inputs resolves subjects beside the envelope, from any directory
(cd / && expect 0 "1 subject (digests match); verdict pass" \
	"$CG" verify -k "$FIX/ed25519.pub" --inputs "$GOLD") || failures=$((failures + 1))
# the keyid is a hint only: an untrusted key alongside changes nothing
expect 0 "verified" "$CG" verify -k "$FIX/other-ed25519.pub" -k "$FIX/ed25519.pub" "$GOLD"
expect 0 "verified" "$CG" verify --key="$FIX/ed25519.pub" -- "$GOLD"

# Independent check: openssl verifies chipgate's signature over the PAE.
sed -n 's/^  "payload": "\(.*\)",$/\1/p' "$GOLD" | unb64 >"$TMP/gold-stmt.json"
sed -n 's/^      "sig": "\(.*\)"$/\1/p' "$GOLD" | unb64 >"$TMP/gold-sig.bin"
pae application/vnd.in-toto+json "$TMP/gold-stmt.json" >"$TMP/gold-pae.bin"
openssl pkeyutl -verify -pubin -inkey "$FIX/ed25519.pub" -rawin -in "$TMP/gold-pae.bin" \
	-sigfile "$TMP/gold-sig.bin" >/dev/null 2>&1 || fail "openssl does not verify the golden envelope"
grep -qF "\"subject\":[{\"name\":\"inventory.cfg\",\"digest\":{\"sha256\":\"$INV_SHA\"}}]" \
	"$TMP/gold-stmt.json" || fail "golden subject is not inventory.cfg's digest"
# it binds report.json, the rendered report, and carries it byte for byte
REP_SHA=$(sha256sum <"$FIX/report.json" | cut -d' ' -f1)
grep -qF "\"predicateType\":\"https://chipgate.dev/report/v2\",\"predicate\":{\"rendered\":{\"name\":\"report.json\",\"format\":\"json\",\"sha256\":\"$REP_SHA\"},\"report\":" \
	"$TMP/gold-stmt.json" || fail "golden statement does not bind report.json"
expect 0 "verified; keyid $gold_id; 1 subject; verdict pass; report $FIX/report.json (json) matches" \
	"$CG" verify -k "$FIX/ed25519.pub" "$GOLD"
"$CG" verify -k "$FIX/ed25519.pub" -o "$TMP/extracted.json" "$GOLD" >/dev/null &&
	cmp -s "$TMP/extracted.json" "$FIX/report.json" || fail "verify -o does not give report.json back"
# an envelope of before the binding (predicateType v1) still verifies
expect 0 "verified; keyid $gold_id; 1 subject (digests match); verdict pass; report not checked (the statement names none)" \
	"$CG" verify -k "$FIX/ed25519.pub" --inputs "$FIX/golden-v1.dsse.json"
# the ECDSA and RSA-PSS samples made by chipgate, checked as chipgate(1) shows
for k in ecdsa-p256 rsa-3072; do
	S=$FIX/$k.dsse.json
	expect 0 "verified; keyid $(keyid "$FIX/$k.pub"); 1 subject (digests match)" \
		"$CG" verify -k "$FIX/$k.pub" --inputs "$S"
	sed -n 's/^  "payload": "\(.*\)",$/\1/p' "$S" | unb64 >"$TMP/s-stmt.json"
	sed -n 's/^      "sig": "\(.*\)"$/\1/p' "$S" | unb64 >"$TMP/s-sig.bin"
	pae application/vnd.in-toto+json "$TMP/s-stmt.json" >"$TMP/s-pae.bin"
	case $k in
	ecdsa-p256) openssl dgst -sha256 -verify "$FIX/$k.pub" -signature "$TMP/s-sig.bin" "$TMP/s-pae.bin" ;;
	rsa-3072) openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-sigopt rsa_mgf1_md:sha256 -verify "$FIX/$k.pub" -signature "$TMP/s-sig.bin" "$TMP/s-pae.bin" ;;
	esac >/dev/null 2>&1 || fail "openssl does not verify chipgate's $k envelope"
	cmp -s "$TMP/s-stmt.json" "$TMP/gold-stmt.json" || fail "$k sample signs a different statement"
done
# and a forged golden (one payload character) fails for both
sed 's/\("payload": "ey\)J/\1K/' "$GOLD" >"$TMP/forged.dsse.json"
cmp -s "$GOLD" "$TMP/forged.dsse.json" && fail "forgery did not change the file"
expect 3 "does not verify" "$CG" verify -k "$FIX/ed25519.pub" "$TMP/forged.dsse.json"
sed -n 's/^  "payload": "\(.*\)",$/\1/p' "$TMP/forged.dsse.json" | unb64 >"$TMP/forged-stmt.json"
pae application/vnd.in-toto+json "$TMP/forged-stmt.json" >"$TMP/forged-pae.bin"
openssl pkeyutl -verify -pubin -inkey "$FIX/ed25519.pub" -rawin -in "$TMP/forged-pae.bin" \
	-sigfile "$TMP/gold-sig.bin" >/dev/null 2>&1 && fail "openssl verifies the forged golden envelope"

# ---- interop: envelopes signed by openssl verify with chipgate -------------

statement "$ST" "$PT" inventory.cfg "$INV_SHA" >"$TMP/stmt.json"
for k in ed25519 ecdsa-p256 rsa-3072; do
	openssl_envelope "$k" "$TMP/stmt.json" >"$TMP/work/$k.dsse.json"
	expect 0 "verified; keyid $(keyid "$FIX/$k.pub"); 1 subject (digests match); verdict fail" \
		"$CG" verify -k "$FIX/$k.pub" --inputs "$TMP/work/$k.dsse.json"
	expect 3 "is not among the -k keys)" "$CG" verify -k "$FIX/other-ed25519.pub" "$TMP/work/$k.dsse.json"
done
# two distinct signers meet a threshold of 2
pae application/vnd.in-toto+json "$TMP/stmt.json" >"$TMP/pae.bin"
sign_raw ed25519 "$TMP/keys/ed25519.key" "$TMP/pae.bin" "$TMP/s1.bin"
sign_raw ecdsa-p256 "$TMP/keys/ecdsa-p256.key" "$TMP/pae.bin" "$TMP/s2.bin"
P64=$(b64 <"$TMP/stmt.json")
envelope application/vnd.in-toto+json "$P64" "$(keyid "$FIX/ed25519.pub")" "$(b64 <"$TMP/s1.bin")" \
	"$(keyid "$FIX/ecdsa-p256.pub")" "$(b64 <"$TMP/s2.bin")" >"$TMP/two.dsse.json"
expect 0 "keyid $(keyid "$FIX/ed25519.pub"),$(keyid "$FIX/ecdsa-p256.pub");" \
	"$CG" verify -k "$FIX/ed25519.pub" -k "$FIX/ecdsa-p256.pub" --threshold 2 "$TMP/two.dsse.json"

# ---- tampering: every case exits 3 with its own reason ----------------------

ED=$FIX/ed25519.pub
ED_ID=$(keyid "$ED")
SIG64=$(b64 <"$TMP/s1.bin")
good() { envelope application/vnd.in-toto+json "$P64" "$ED_ID" "$SIG64"; }
good >"$TMP/good.dsse.json"
expect 0 "verified" "$CG" verify -k "$ED" "$TMP/good.dsse.json"

# change one byte of the payload (the decoded Statement)
sed 's/"verdict":"fail"/"verdict":"pass"/' "$TMP/stmt.json" | b64 >"$TMP/p64"
envelope application/vnd.in-toto+json "$(cat "$TMP/p64")" "$ED_ID" "$SIG64" >"$TMP/t-payload.json"
expect 3 "no trusted key made this signature (keyid '$ED_ID' is one of the -k keys, but that key does not verify it)" \
	"$CG" verify -k "$ED" "$TMP/t-payload.json"
# change one byte of the signature
cp "$TMP/s1.bin" "$TMP/s1x.bin"
printf '\x55' | dd of="$TMP/s1x.bin" bs=1 seek=7 conv=notrunc 2>/dev/null
cmp -s "$TMP/s1.bin" "$TMP/s1x.bin" && printf '\xaa' | dd of="$TMP/s1x.bin" bs=1 seek=7 conv=notrunc 2>/dev/null
envelope application/vnd.in-toto+json "$P64" "$ED_ID" "$(b64 <"$TMP/s1x.bin")" >"$TMP/t-sig.json"
expect 3 "does not verify" "$CG" verify -k "$ED" "$TMP/t-sig.json"
# change the payloadType
envelope application/json "$P64" "$ED_ID" "$SIG64" >"$TMP/t-type.json"
expect 3 "$TMP/t-type.json: payloadType is 'application/json', expected 'application/vnd.in-toto+json'" \
	"$CG" verify -k "$ED" "$TMP/t-type.json"
# a validly signed Statement with the wrong _type / predicateType
statement https://in-toto.io/Statement/v0.1 "$PT" inventory.cfg "$INV_SHA" >"$TMP/st-type.json"
openssl_envelope ed25519 "$TMP/st-type.json" >"$TMP/t-stype.json"
expect 3 "statement _type is 'https://in-toto.io/Statement/v0.1', expected 'https://in-toto.io/Statement/v1'" \
	"$CG" verify -k "$ED" "$TMP/t-stype.json"
statement "$ST" https://slsa.dev/provenance/v1 inventory.cfg "$INV_SHA" >"$TMP/st-pred.json"
openssl_envelope ed25519 "$TMP/st-pred.json" >"$TMP/t-pred.json"
expect 3 "statement predicateType is 'https://slsa.dev/provenance/v1', expected 'https://chipgate.dev/report/v2'" \
	"$CG" verify -k "$ED" "$TMP/t-pred.json"
# the wrong key
expect 3 "no trusted key made this signature (keyid '$ED_ID' is not among the -k keys)" \
	"$CG" verify -k "$FIX/other-ed25519.pub" "$TMP/good.dsse.json"
# no signatures at all
envelope application/vnd.in-toto+json "$P64" >"$TMP/t-empty.json"
expect 3 "envelope has no signatures" "$CG" verify -k "$ED" "$TMP/t-empty.json"
# one key's signature twice does not meet a threshold of 2
envelope application/vnd.in-toto+json "$P64" "$ED_ID" "$SIG64" "$ED_ID" "$SIG64" >"$TMP/t-dup.json"
expect 0 "verified" "$CG" verify -k "$ED" "$TMP/t-dup.json"
expect 3 "1 distinct trusted key verified (2 signatures), threshold is 2" \
	"$CG" verify -k "$ED" -k "$FIX/other-ed25519.pub" --threshold 2 "$TMP/t-dup.json"
# truncated JSON
head -c 100 "$TMP/good.dsse.json" >"$TMP/t-trunc.json"
expect 3 "envelope is not valid JSON" "$CG" verify -k "$ED" "$TMP/t-trunc.json"
# bad base64 in the payload, then in the signature
envelope application/vnd.in-toto+json "${P64:0:20}!${P64:21}" "$ED_ID" "$SIG64" >"$TMP/t-b64.json"
expect 3 "payload is not valid base64" "$CG" verify -k "$ED" "$TMP/t-b64.json"
envelope application/vnd.in-toto+json "${P64%=}" "$ED_ID" "$SIG64" >"$TMP/t-pad.json"
[ "${P64%=}" != "$P64" ] && expect 3 "payload is not valid base64" "$CG" verify -k "$ED" "$TMP/t-pad.json"
envelope application/vnd.in-toto+json "$P64" "$ED_ID" "${SIG64:0:10}" >"$TMP/t-b64s.json"
expect 3 "signature 1 is not valid base64" "$CG" verify -k "$ED" "$TMP/t-b64s.json"
# a validly signed payload that is not JSON (parsed only after verification)
printf '{"_type":' >"$TMP/st-trunc.json"
openssl_envelope ed25519 "$TMP/st-trunc.json" >"$TMP/t-ptrunc.json"
expect 3 "signed payload is not valid JSON" "$CG" verify -k "$ED" "$TMP/t-ptrunc.json"
# a subject whose file changed on disk, with --inputs
cp "$TMP/good.dsse.json" "$TMP/work/good.dsse.json"
expect 0 "digests match" "$CG" verify -k "$ED" --inputs "$TMP/work/good.dsse.json"
echo "# edited after signing" >>"$TMP/work/inventory.cfg"
expect 3 "subject 'inventory.cfg': sha256 mismatch" "$CG" verify -k "$ED" --inputs "$TMP/work/good.dsse.json"
expect 0 "verified" "$CG" verify -k "$ED" "$TMP/work/good.dsse.json"
rm "$TMP/work/inventory.cfg"
expect 2 "subject 'inventory.cfg': cannot read" "$CG" verify -k "$ED" --inputs "$TMP/work/good.dsse.json"
# the working directory is the fallback for subjects
(cd "$FIX" && expect 0 "digests match" "$CG" verify -k "$ED" --inputs "$TMP/work/good.dsse.json") ||
	failures=$((failures + 1))

# ---- one key however its file encodes it (issue #14) ------------------------

# the same P-256 key with a compressed point, and with explicit curve parameters
openssl ec -pubin -in "$FIX/ecdsa-p256.pub" -conv_form compressed -out "$TMP/ec-comp.pub" 2>/dev/null ||
	fail "openssl: compressed point"
openssl ec -pubin -in "$FIX/ecdsa-p256.pub" -param_enc explicit -out "$TMP/ec-expl.pub" 2>/dev/null ||
	fail "openssl: explicit parameters"
for v in ec-comp ec-expl; do
	cmp -s "$TMP/$v.pub" "$FIX/ecdsa-p256.pub" && fail "$v.pub is the same file as ecdsa-p256.pub"
	[ "$(keyid "$TMP/$v.pub")" != "$(keyid "$FIX/ecdsa-p256.pub")" ] || fail "$v.pub has the same DER"
done
EC=$FIX/ecdsa-p256.pub
EC_ID=$(keyid "$EC")
# one keyid, the canonical one (named curve, uncompressed point), for every encoding
for v in ec-comp ec-expl; do
	expect 0 "verified; keyid $EC_ID; 1 subject" "$CG" verify -k "$TMP/$v.pub" "$FIX/ecdsa-p256.dsse.json"
done
# two signatures by one key never meet a threshold of 2
pae application/vnd.in-toto+json "$TMP/stmt.json" >"$TMP/pae.bin"
sign_raw ecdsa-p256 "$TMP/keys/ecdsa-p256.key" "$TMP/pae.bin" "$TMP/e1.bin"
sign_raw ecdsa-p256 "$TMP/keys/ecdsa-p256.key" "$TMP/pae.bin" "$TMP/e2.bin"
cmp -s "$TMP/e1.bin" "$TMP/e2.bin" && fail "two ECDSA signatures are the same"
envelope application/vnd.in-toto+json "$P64" "$EC_ID" "$(b64 <"$TMP/e1.bin")" \
	"$(keyid "$TMP/ec-comp.pub")" "$(b64 <"$TMP/e2.bin")" >"$TMP/two-ec.dsse.json"
expect 0 "verified; keyid $EC_ID;" "$CG" verify -k "$EC" "$TMP/two-ec.dsse.json"
expect 2 "--threshold 2 needs 2 distinct trusted keys, got 1 ($TMP/ec-comp.pub is the same key as $EC)" \
	"$CG" verify -k "$EC" -k "$TMP/ec-comp.pub" --threshold 2 "$TMP/two-ec.dsse.json"
expect 2 "got 1 ($TMP/ec-expl.pub is the same key as $TMP/ec-comp.pub)" \
	"$CG" verify -k "$TMP/ec-comp.pub" -k "$TMP/ec-expl.pub" --threshold 2 "$TMP/two-ec.dsse.json"
expect 3 "1 distinct trusted key verified (2 signatures), threshold is 2" \
	"$CG" verify -k "$EC" -k "$TMP/ec-comp.pub" -k "$TMP/ec-expl.pub" -k "$ED" --threshold 2 \
	"$TMP/two-ec.dsse.json"

# ---- messages that say what happened (issue #14) ----------------------------

# another key's signature under a trusted keyid: nothing says "altered"
sign_raw ed25519 "$TMP/keys/other-ed25519.key" "$TMP/pae.bin" "$TMP/o1.bin"
envelope application/vnd.in-toto+json "$P64" "$ED_ID" "$(b64 <"$TMP/o1.bin")" >"$TMP/t-forged-id.json"
expect 3 "no trusted key made this signature (keyid '$ED_ID' is one of the -k keys, but that key does not verify it)" \
	"$CG" verify -k "$ED" "$TMP/t-forged-id.json"
envelope application/vnd.in-toto+json "$P64" "f0f0" "$(b64 <"$TMP/o1.bin")" >"$TMP/t-unknown-id.json"
expect 3 "no trusted key made this signature (keyid 'f0f0' is not among the -k keys)" \
	"$CG" verify -k "$ED" "$TMP/t-unknown-id.json"
for t in t-forged-id t-unknown-id; do
	"$CG" verify -k "$ED" "$TMP/$t.json" 2>&1 | grep -q altered && fail "$t: the message claims an alteration"
done
# a DSA key
if openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out "$TMP/dsa.param" 2>/dev/null &&
	openssl genpkey -paramfile "$TMP/dsa.param" -out "$TMP/dsa.key" 2>/dev/null; then
	chmod 600 "$TMP/dsa.key"
	openssl pkey -in "$TMP/dsa.key" -pubout -out "$TMP/dsa.pub"
	expect 2 "dsa.pub: DSA keys are not supported (ed25519, ecdsa-p256, rsa-3072)" \
		"$CG" verify -k "$TMP/dsa.pub" "$GOLD"
else
	fail "openssl cannot make a DSA key"
fi

# ---- approval envelopes verify too (issue #14) -------------------------------

printf '{"alternatives":["huawei-ascend-910b"],"approved_on":"2025-08-10","approver":"zhang.min","asset":"po-1","reason":"r","rule":"CN-JUST-001"}' \
	>"$TMP/rec.json"
AT=application/vnd.chipgate.approval+json
openssl_envelope ecdsa-p256 "$TMP/rec.json" "$AT" >"$TMP/po-1.approval.dsse.json"
expect 0 "$TMP/po-1.approval.dsse.json: verified approval; keyid $EC_ID; asset 'po-1', rule 'CN-JUST-001', approver 'zhang.min', approved_on 2025-08-10" \
	"$CG" verify -k "$EC" "$TMP/po-1.approval.dsse.json"
expect 3 "is not among the -k keys" "$CG" verify -k "$ED" "$TMP/po-1.approval.dsse.json"
# an approval's payloadType over a report, and the other way round: the signature binds the type
sed "s|\"payloadType\":\"$AT\"|\"payloadType\":\"application/vnd.in-toto+json\"|" \
	"$TMP/po-1.approval.dsse.json" >"$TMP/t-retyped.json"
cmp -s "$TMP/po-1.approval.dsse.json" "$TMP/t-retyped.json" && fail "retyping did not change the file"
expect 3 "but that key does not verify it" "$CG" verify -k "$EC" "$TMP/t-retyped.json"
printf '[1]' >"$TMP/notrec.json"
openssl_envelope ecdsa-p256 "$TMP/notrec.json" "$AT" >"$TMP/t-notrec.json"
expect 3 "signed payload is not a justification record" "$CG" verify -k "$EC" "$TMP/t-notrec.json"
envelope text/plain "$P64" "$ED_ID" "$SIG64" >"$TMP/t-plain.json"
expect 3 "payloadType is 'text/plain', expected 'application/vnd.in-toto+json' (a report) or 'application/vnd.chipgate.approval+json' (an approval)" \
	"$CG" verify -k "$ED" "$TMP/t-plain.json"

# ---- cosign ------------------------------------------------------------------

RS=$FIX/rsa-3072.pub
RS_ID=$(keyid "$RS")
cp "$GOLD" "$TMP/co.dsse.json"
expect 0 "$TMP/co.dsse.json: report cosigned with keyid $EC_ID" \
	"$CG" cosign -k "$TMP/keys/ecdsa-p256.key" "$TMP/co.dsse.json"
expect 0 "verified; keyid $ED_ID,$EC_ID; 1 subject" \
	"$CG" verify -k "$ED" -k "$EC" --threshold 2 "$TMP/co.dsse.json"
expect 3 "1 distinct trusted key verified (2 signatures), threshold is 2" \
	"$CG" verify -k "$ED" -k "$RS" --threshold 2 "$TMP/co.dsse.json"
# the payload and the first signature are as they were
for f in "$GOLD" "$TMP/co.dsse.json"; do
	sed -n 's/^  "payload": "\(.*\)",$/\1/p' "$f"
	grep -m1 '"sig": "' "$f"
done | sort -u | wc -l | grep -qx 2 || fail "cosign changed the payload or the first signature"
[ "$(grep -c '"sig": "' "$TMP/co.dsse.json")" = 2 ] || fail "cosign: not two signatures"
# the same key again, under either signature: refused, nothing written
sum=$(sha256sum <"$TMP/co.dsse.json")
expect 2 "already signed by this key (signature 2, keyid $EC_ID)" \
	"$CG" cosign -k "$TMP/keys/ecdsa-p256.key" "$TMP/co.dsse.json"
expect 2 "already signed by this key (signature 1, keyid $ED_ID)" \
	"$CG" cosign -k "file://localhost$TMP/keys/ed25519.key" "$TMP/co.dsse.json"
[ "$sum" = "$(sha256sum <"$TMP/co.dsse.json")" ] || fail "a refused cosign changed the envelope"
# -o writes elsewhere and leaves the envelope alone; - is standard output
expect 0 "$TMP/co3.dsse.json: report cosigned with keyid $RS_ID" \
	"$CG" cosign -k "$TMP/keys/rsa-3072.key" -o "$TMP/co3.dsse.json" "$TMP/co.dsse.json"
[ "$sum" = "$(sha256sum <"$TMP/co.dsse.json")" ] || fail "cosign -o changed its input"
expect 0 "keyid $RS_ID,$EC_ID,$ED_ID;" \
	"$CG" verify -k "$RS" -k "$EC" -k "$ED" --threshold 3 "$TMP/co3.dsse.json"
"$CG" cosign -k "$TMP/keys/rsa-3072.key" -o - "$TMP/co.dsse.json" >"$TMP/co-stdout.json" ||
	fail "cosign -o -"
expect 0 "verified" "$CG" verify -k "$RS" -k "$EC" --threshold 2 "$TMP/co-stdout.json"
"$CG" cosign -k "$TMP/keys/rsa-3072.key" -o - - <"$TMP/co.dsse.json" >"$TMP/co-pipe.json" ||
	fail "cosign -o - - (a pipe)"
expect 0 "keyid $RS_ID,$EC_ID,$ED_ID;" "$CG" verify -k "$RS" -k "$EC" -k "$ED" --threshold 3 "$TMP/co-pipe.json"
# concurrent cosigners of one envelope in place: none loses another's
# signature (the envelope is locked from read to rename)
for i in 1 2 3 4 5; do
	"$CG" keygen -t ecdsa-p256 -o "$TMP/cc$i" >/dev/null 2>&1 || fail "keygen cc$i"
done
for trial in 1 2 3 4; do
	cp "$GOLD" "$TMP/cc.dsse.json"
	for i in 1 2 3 4 5; do
		"$CG" cosign -k "$TMP/cc$i.key" "$TMP/cc.dsse.json" >/dev/null &
	done
	wait
	n=$(grep -c '"sig": "' "$TMP/cc.dsse.json")
	[ "$n" = 6 ] || fail "5 concurrent cosigns (trial $trial) left $n signatures, expected 6"
done
expect 0 "verified" "$CG" verify -k "$ED" -k "$TMP/cc1.pub" -k "$TMP/cc2.pub" -k "$TMP/cc3.pub" \
	-k "$TMP/cc4.pub" -k "$TMP/cc5.pub" --threshold 6 "$TMP/cc.dsse.json"
# one cosignature altered: the threshold fails, and says which signature did not count
awk '/"sig": "/ { if (++n == 2) { i = index($0, "\"sig\": \"") + 12; c = substr($0, i, 1)
	$0 = substr($0, 1, i - 1) (c == "A" ? "B" : "A") substr($0, i + 1) } } { print }' \
	"$TMP/co.dsse.json" >"$TMP/co-bad.dsse.json"
cmp -s "$TMP/co.dsse.json" "$TMP/co-bad.dsse.json" && fail "the cosignature was not altered"
expect 3 "1 distinct trusted key verified (2 signatures), threshold is 2; signature 2: keyid '$EC_ID' is one of the -k keys, but that key does not verify it" \
	"$CG" verify -k "$ED" -k "$EC" --threshold 2 "$TMP/co-bad.dsse.json"
expect 0 "verified" "$CG" verify -k "$ED" "$TMP/co-bad.dsse.json"
# approvals are cosigned the same way
cp "$TMP/po-1.approval.dsse.json" "$TMP/co-app.dsse.json"
expect 0 "approval cosigned with keyid $ED_ID" "$CG" cosign -k "$TMP/keys/ed25519.key" "$TMP/co-app.dsse.json"
expect 0 "verified approval; keyid $ED_ID,$EC_ID; asset 'po-1'" \
	"$CG" verify -k "$ED" -k "$EC" --threshold 2 "$TMP/co-app.dsse.json"
# what cannot be cosigned
expect 2 "envelope is not valid JSON" "$CG" cosign -k "$TMP/keys/rsa-3072.key" "$TMP/t-trunc.json"
expect 2 "signature 1 is not valid base64" "$CG" cosign -k "$TMP/keys/rsa-3072.key" "$TMP/t-b64s.json"
expect 2 "payloadType is 'text/plain', expected" "$CG" cosign -k "$TMP/keys/rsa-3072.key" "$TMP/t-plain.json"
expect 2 "cosign needs the cosigner's private key; '$RS' is a public key" \
	"$CG" cosign -k "$RS" "$TMP/co.dsse.json"
expect 2 "missing.dsse.json: cannot open" "$CG" cosign -k "$TMP/keys/rsa-3072.key" "$TMP/missing.dsse.json"
[ ! -e "$TMP/missing.dsse.json" ] || fail "cosign created a missing envelope"
[ "$sum" = "$(sha256sum <"$TMP/co.dsse.json")" ] || fail "a failed cosign changed the envelope"
ls -A "$TMP" | grep -v '\.\(json\|pub\|bin\|key\|param\)$' | grep -vx 'keys\|work\|p64\|err' |
	grep . && fail "temporary files left behind"

# ---- output ---------------------------------------------------------------

if [ -w /dev/full ]; then
	"$CG" verify -k "$ED" "$TMP/good.dsse.json" >/dev/full 2>"$TMP/err"
	rc=$?
	[ "$rc" = 2 ] && grep -qF "write error" "$TMP/err" || fail "stdout write error: exit $rc, $(cat "$TMP/err")"
fi
out=$("$CG" verify -k "$ED" "$TMP/good.dsse.json" 2>/dev/null)
[ "$(wc -l <<<"$out")" = 1 ] || fail "summary is not one line: $out"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok"
