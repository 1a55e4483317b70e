#!/usr/bin/env bash
# The independent verification that chipgate-verify(1) teaches, run as the
# page shows it: the commands are taken from the rendered page (mandoc
# -Tascii), not copied here, so the page cannot drift from what works.
#
#   - "Verifying without chipgate: OpenSSL": every "$ " command of the
#     section, in order, on a report that `chipgate check --sign` wrote and
#     on an approval; the output lines the page shows under a command must
#     be its output; the two keyids the first two commands print must
#     agree. The ECDSA (with a compressed-point key file, through the
#     canonical-keyid command) and RSA variants run with their own keys.
#     A payload changed by one byte must make the final verification fail.
#   - "Verifying without chipgate: securesystemslib": the Python program
#     the page shows, with a python3 that has securesystemslib (skipped,
#     loudly, when none has); it must verify chipgate's envelope and refuse
#     a changed one.
#
# usage: bash tests/e2e/verify-doc.sh CHIPGATE-BINARY   (env SOURCE_DIR)
# exit: 0 pass, 1 fail, 77 skip (no mandoc, col, openssl or jq)
set -u
bin=${1:?usage: verify-doc.sh CHIPGATE-BINARY}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
for tool in mandoc col openssl jq sha256sum; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-verify-doc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fix=$src/tests/fixtures/attest
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

page=$(mandoc -Tascii "$src/man/chipgate-verify.1" | col -bx)
# section TITLE: the rendered text of the subsection TITLE
section() {
	printf '%s\n' "$page" | awk -v t="$1" '$0 ~ "^   " t "$" { on = 1; next }
		on && /^   [^ ]/ { exit } on && /^[^ ]/ { exit } on'
}

# The OpenSSL section as steps: "CMD" records (a command with its
# continuation lines joined) each followed by the "OUT" lines the page
# shows under it, in a file of NUL-free, tab-separated records.
section "Verifying without chipgate: OpenSSL" | awk '
	function flush() { if (cmd != "") print "CMD\t" cmd; cmd = "" }
	/^ *\$ / {
		flush(); sub(/^ *\$ /, ""); cmd = $0
		while (cmd ~ /(\\|\|)$/ && (getline line) > 0) {
			sub(/^ +/, "", line)
			if (cmd ~ /\\$/) cmd = substr(cmd, 1, length(cmd) - 1)
			else cmd = cmd " "
			cmd = cmd line
		}
		flush(); incode = 1; next
	}
	/^$/ { incode = 0; next }
	incode && /^      / { sub(/^ +/, ""); print "OUT\t" $0; next }
	{ incode = 0 }' >"$tmp/steps"
nsteps=$(grep -c '^CMD' "$tmp/steps")
[ "$nsteps" -ge 12 ] || { fail "only $nsteps commands found in the OpenSSL section"; cat "$tmp/steps"; }
grep -q 'pkeyutl -verify -pubin -inkey acme-signing.pub -rawin -in pae.bin -sigfile sig.bin' "$tmp/steps" ||
	fail "the page has no 'openssl pkeyutl -verify -rawin' step"

# run_steps DIR FILTER: run, in DIR, the steps whose command matches the
# extended regex FILTER (and those that name no key file), comparing the
# output the page shows; the outputs go to DIR/out.N.
run_steps() {
	local dir=$1 filter=$2 n=0 cmd="" kind text
	: >"$dir/expected"
	while IFS=$'\t' read -r kind text; do
		if [ "$kind" = CMD ]; then
			[ -n "$cmd" ] && run_one "$dir" "$n" "$cmd"
			cmd=""
			n=$((n + 1))
			: >"$dir/expected"
			if ! grep -q 'acme' <<<"$text" || grep -Eq -- "$filter" <<<"$text"; then
				cmd=$text
			fi
		elif [ -n "$cmd" ]; then
			printf '%s\n' "$text" >>"$dir/expected"
		fi
	done <"$tmp/steps"
	[ -n "$cmd" ] && run_one "$dir" "$n" "$cmd"
	return 0
}
run_one() {
	local dir=$1 n=$2 cmd=$3
	(cd "$dir" && bash -o pipefail -c "$cmd") >"$dir/out.$n" 2>"$dir/err.$n" ||
		{ fail "$dir: exit $? from: $cmd"$'\n'"$(cat "$dir/err.$n")"; return; }
	if [ -s "$dir/expected" ] && ! diff -u "$dir/expected" "$dir/out.$n" >"$dir/diff.$n"; then
		fail "$dir: the output of '$cmd' is not what the page shows:"$'\n'"$(cat "$dir/diff.$n")"
	fi
	printf '%s\n' "$cmd" >"$dir/cmd.$n"
}
# out_of DIR REGEX: the output of the step whose command matches REGEX
out_of() {
	local f
	for f in "$1"/cmd.*; do
		grep -Eq -- "$2" "$f" && { cat "${f/cmd./out.}"; return; }
	done
	fail "no step matching /$2/ ran in $1"
}

# setup DIR KEY [PUBFILE-NAME PUBFILE]: a report of the attest fixture's
# inventory (it passes) signed with the fixture key KEY, as
# report.json.dsse.json, with the public key as PUBFILE-NAME
setup() {
	local dir=$tmp/$1 key=$2
	mkdir -p "$dir"
	cp "$fix/inventory.cfg" "$dir/"
	cp "$fix/$key.key" "$dir/signer.key" && chmod 600 "$dir/signer.key"
	(cd "$dir" && SOURCE_DATE_EPOCH=1754956800 "$bin" check --sign signer.key -o report.json \
		inventory.cfg >/dev/null 2>&1) || fail "$1: check --sign"
	rm -f "$dir/signer.key"
	cp "${4:-$fix/$key.pub}" "$dir/${3:-acme-signing.pub}"
}

# ---- Ed25519: the section as it stands ------------------------------------------
setup ed ed25519
run_steps "$tmp/ed" 'acme-signing\.pub'
k1=$(out_of "$tmp/ed" '^openssl pkey -pubin' | cut -d' ' -f1)
k2=$(out_of "$tmp/ed" "signatures\\[0\\]\\.keyid")
[ -n "$k1" ] && [ "$k1" = "$k2" ] || fail "the keyid steps disagree: '$k1' and '$k2'"
[ "$k1" = "$(openssl pkey -pubin -in "$fix/ed25519.pub" -outform DER | sha256sum | cut -d' ' -f1)" ] ||
	fail "the keyid step does not print the key's keyid"
grep -qx 'Signature Verified Successfully' "$tmp/ed"/out.* || fail "pkeyutl did not verify"
# one byte of the payload changed: the page's last step must fail
(cd "$tmp/ed" && printf 'X' | dd of=pae.bin bs=1 seek=60 conv=notrunc 2>/dev/null)
cmd=$(grep -o 'openssl pkeyutl -verify .*' "$tmp/steps" | head -1)
(cd "$tmp/ed" && bash -c "$cmd") >/dev/null 2>&1 && fail "the page's pkeyutl step verifies a changed payload"

# ---- an approval, with the same steps ----------------------------------------
mkdir -p "$tmp/app"
cp "$fix/approval.dsse.json" "$tmp/app/report.json.dsse.json"
cp "$fix/ed25519.pub" "$tmp/app/acme-signing.pub"
: >"$tmp/app/inventory.cfg"
awk -F'\t' '$1 == "CMD" && $2 ~ /pkeyutl|payloadType|\.payload |signatures\[0\]|printf|cat payload/' \
	"$tmp/steps" | cut -f2- >"$tmp/app/script"
(cd "$tmp/app" && bash -o pipefail "$tmp/app/script") >"$tmp/app/out" 2>&1 ||
	fail "the OpenSSL steps do not verify an approval: $(cat "$tmp/app/out")"
grep -qx 'Signature Verified Successfully' "$tmp/app/out" || fail "approval: $(cat "$tmp/app/out")"

# ---- ECDSA, with a compressed-point key file ---------------------------------
openssl ec -pubin -in "$fix/ecdsa-p256.pub" -conv_form compressed -out "$tmp/ec-comp.pub" 2>/dev/null
setup ec ecdsa-p256 acme.pub "$tmp/ec-comp.pub"
run_steps "$tmp/ec" 'conv_form uncompressed|dgst -sha256 -verify acme\.pub -signature'
kc=$(out_of "$tmp/ec" 'conv_form uncompressed' | cut -d' ' -f1)
[ "$kc" = "$(out_of "$tmp/ec" "signatures\\[0\\]\\.keyid")" ] ||
	fail "the canonical keyid step of a compressed key does not give the envelope's keyid ($kc)"
grep -qx 'Verified OK' "$tmp/ec"/out.* || fail "openssl dgst did not verify the ECDSA signature"

# ---- RSA --------------------------------------------------------------------------
setup rsa rsa-3072 acme.pub
run_steps "$tmp/rsa" 'rsa_padding_mode:pss'
grep -qx 'Verified OK' "$tmp/rsa"/out.* || fail "openssl dgst did not verify the RSA-PSS signature"

# ---- securesystemslib -----------------------------------------------------------------
section "Verifying without chipgate: securesystemslib" | awk '
	/^ *\$ python3 / { on = 1; match($0, /^ */); ind = RLENGTH }
	on { print substr($0, ind + 1) }
	on && /^ *EOF$/ { exit }' | sed '1s/^\$ //' >"$tmp/ssl.sh"
grep -q "SSlibKey(keyid" "$tmp/ssl.sh" && [ "$(tail -n1 "$tmp/ssl.sh")" = EOF ] ||
	fail "no securesystemslib program found in the page"
py=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null &&
		"$p" -c 'import securesystemslib.signer, cryptography' 2>/dev/null; then
		py=$(command -v "$p")
		break
	fi
done
if [ -z "$py" ]; then
	echo "SKIP (part): no python3 with securesystemslib; its example was NOT run"
else
	mkdir -p "$tmp/pybin" && ln -s "$py" "$tmp/pybin/python3"
	setup ssl ed25519
	out=$(cd "$tmp/ssl" && PATH=$tmp/pybin:$PATH bash "$tmp/ssl.sh" 2>&1) ||
		fail "the securesystemslib example fails: $out"
	[ "$out" = "verified by $k1" ] || fail "securesystemslib example: '$out'"
	sed -i 's/"payload": "ey/"payload": "eX/' "$tmp/ssl/report.json.dsse.json"
	(cd "$tmp/ssl" && PATH=$tmp/pybin:$PATH bash "$tmp/ssl.sh") >/dev/null 2>&1 &&
		fail "the securesystemslib example verifies a changed payload"
fi

if [ $failures -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: $nsteps commands of chipgate-verify(1) run as shown"
