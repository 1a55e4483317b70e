#!/usr/bin/env bash
# Outputs that must never replace an input, and what a signed report
# writes: for check, collect and justify, an -o (or the envelope
# FILE.dsse.json) that names an input -- the same inode, through a
# symbolic or a hard link, standard input, or the same path -- is refused
# with exit 2, one line, and nothing in the directory changes (not even a
# mode); --sign refuses /dev/null, a FIFO and a directory; write errors
# name their reason; and the pair is renamed report first, envelope last,
# under the lock file .FILE.chipgate-lock, with no temporary file left.
#
# usage: bash tests/e2e/outputs.sh CHIPGATE-BINARY   (env SOURCE_DIR: the checkout)
set -u
bin=$1
src=${SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
mkdir "$tmp/tpl"
cd "$tmp/tpl" || exit 1
export SOURCE_DATE_EPOCH=1754956800
cp "$src/inventories/example.cfg" inv.cfg
cp "$src/tests/fixtures/cli/pack.cfg" pack.cfg
cp "$src/tests/fixtures/cli/overlay.cfg" overlay.cfg
cp "$src/tests/fixtures/collect/lspci-nnk.txt" lspci.txt
cp "$src/tests/fixtures/collect/pci.ids" pci.ids
cp "$src/tests/fixtures/collect/lspci-x-dump.txt" dump.txt
python3 "$src/tests/bench/gen_fleet.py" -n 40 -o fleet.csv || exit 1
python3 "$src/tests/bench/gen_fleet.py" --header just.cfg || exit 1
"$bin" keygen -o k >/dev/null || exit 1
"$bin" check -q --sign k.key -o s.json inv.cfg 2>/dev/null
[ -f s.json.dsse.json ] || { echo "FAIL: setup: the signed report"; exit 1; }
"$bin" check -q -f json -o base.json inv.cfg
[ $? = 1 ] || fail "setup: the baseline report"
ln -s inv.cfg link.cfg
ln inv.cfg hard.cfg
cp inv.cfg r.json.dsse.json

# Each case starts from the same files, so one that fails cannot spoil the next.
fresh() {
	cd "$tmp" && rm -rf w && cp -a tpl w && cd w || exit 1
}

# Every name, type, mode, size and digest in the directory (hidden files too).
state() {
	find . -mindepth 1 -printf '%p %y %m %s %l\n' | sort
	find . -type f -exec sha256sum {} + | sort
}

# refused LINE ARGS...: exit 2, stderr exactly LINE, and nothing changed.
refused() {
	local want=$1 before rc
	shift
	fresh
	before=$(state)
	timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ $rc = 2 ] || fail "$*: exit $rc, expected 2"
	[ "$(cat "$tmp/err")" = "$want" ] || fail "$*: stderr '$(cat "$tmp/err")', expected '$want'"
	[ "$(state)" = "$before" ] || {
		fail "$*: the directory changed"
		diff <(echo "$before") <(state) | head
	}
}

# ---- check: each kind of input, as the report or as its envelope ----------
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	check -f json -o inv.cfg inv.cfg
refused "chipgate: k.key: would overwrite an input (the signing key)" \
	check --sign k.key -f json -o k.key inv.cfg
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	check --sign k.key -f json -o inv.cfg inv.cfg
refused "chipgate: r.json.dsse.json: would overwrite an input (the inventory)" \
	check --sign k.key --format-in cfg -o r.json r.json.dsse.json
refused "chipgate: just.cfg: would overwrite an input (the justifications file)" \
	check --justifications just.cfg -f json -o just.cfg fleet.csv
refused "chipgate: pack.cfg: would overwrite an input (the policy pack)" \
	check -p pack.cfg -f json -o pack.cfg inv.cfg
refused "chipgate: overlay.cfg: would overwrite an input (the catalog overlay)" \
	check -C overlay.cfg -f json -o overlay.cfg inv.cfg
refused "chipgate: base.json: would overwrite an input (the baseline)" \
	check --baseline base.json -o base.json inv.cfg
# through links, both ways, and a hard link
refused "chipgate: link.cfg: would overwrite an input (the inventory)" \
	check -f json -o link.cfg inv.cfg
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	check -f json -o inv.cfg link.cfg
refused "chipgate: hard.cfg: would overwrite an input (the inventory)" \
	check -f json -o hard.cfg inv.cfg
# standard input that is the file
fresh
before=$(state)
"$bin" check -f json -o inv.cfg - <inv.cfg >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && [ "$(cat "$tmp/err")" = "chipgate: inv.cfg: would overwrite an input (the inventory)" ] ||
	fail "stdin as the output: exit $rc, $(cat "$tmp/err")"
[ "$(state)" = "$before" ] || fail "stdin as the output: the directory changed"

# ---- collect and justify ----------------------------------------------------
refused "chipgate: lspci.txt: would overwrite an input (the lspci output)" \
	collect --lspci lspci.txt -f cfg -o lspci.txt
refused "chipgate: pci.ids: would overwrite an input (the pci.ids file)" \
	collect --pci-dump dump.txt --pci-ids pci.ids --host h -f cfg -o pci.ids
refused "chipgate: dump.txt: would overwrite an input (the PCI dump)" \
	collect --pci-dump dump.txt --host h -f cfg -o dump.txt
refused "chipgate: overlay.cfg: would overwrite an input (the catalog overlay)" \
	collect --lspci lspci.txt -C overlay.cfg -o overlay.cfg
refused "chipgate: missing.txt: would overwrite an input (the nvidia-smi output)" \
	collect --nvidia-smi missing.txt -f cfg -o missing.txt
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	justify -o inv.cfg bj1-h20-ord-0903 inv.cfg
refused "chipgate: link.cfg: would overwrite an input (the inventory)" \
	justify -o link.cfg bj1-h20-ord-0903 inv.cfg
refused "chipgate: pack.cfg: would overwrite an input (the policy pack)" \
	justify -p pack.cfg -o pack.cfg bj1-h20-ord-0903 inv.cfg
# what is not an input is written as before
fresh
"$bin" justify -o j.cfg bj1-h20-ord-0903 inv.cfg 2>"$tmp/err" || fail "justify -o j.cfg: $(cat "$tmp/err")"
"$bin" collect --lspci lspci.txt -o c.cfg 2>"$tmp/err" || fail "collect -o c.cfg: $(cat "$tmp/err")"

# ---- approve, review, verify and cosign (issue #14) ------------------------------
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	approve -k k.key -o inv.cfg sh2-h20-ord-0815 inv.cfg
refused "chipgate: k.key: would overwrite an input (the approver's key)" \
	approve -k k.key -o k.key sh2-h20-ord-0815 inv.cfg
refused "chipgate: link.cfg: would overwrite an input (the inventory)" \
	approve -k k.key -o link.cfg sh2-h20-ord-0815 inv.cfg
refused "chipgate: pack.cfg: would overwrite an input (the policy pack)" \
	approve -k k.key -p pack.cfg -o pack.cfg sh2-h20-ord-0815 inv.cfg
refused "chipgate: inv.cfg: would overwrite an input (the inventory)" \
	review -f text -o inv.cfg inv.cfg
refused "chipgate: hard.cfg: would overwrite an input (the inventory)" \
	review -f json -o hard.cfg inv.cfg
refused "chipgate: pack.cfg: would overwrite an input (the policy pack)" \
	review -p pack.cfg -f json -o pack.cfg inv.cfg
refused "chipgate: just.cfg: would overwrite an input (the justifications file)" \
	review --justifications just.cfg -f json -o just.cfg fleet.csv
refused "chipgate: s.json.dsse.json: would overwrite an input (the envelope)" \
	verify -k k.pub -o s.json.dsse.json s.json.dsse.json
refused "chipgate: k.pub: would overwrite an input (a trusted key)" \
	verify -k k.pub -o k.pub s.json.dsse.json
refused "chipgate: s.json: would overwrite an input (the report)" \
	verify -k k.pub --report s.json -o s.json s.json.dsse.json
refused "chipgate: k.key: would overwrite an input (the cosigner's key)" \
	cosign -k k.key -o k.key s.json.dsse.json
# what is not an input is written as before
fresh
"$bin" approve -k k.key -o a.dsse.json sh2-h20-ord-0815 inv.cfg >/dev/null 2>"$tmp/err" ||
	fail "approve -o a.dsse.json: $(cat "$tmp/err")"
"$bin" verify -k k.pub a.dsse.json >/dev/null 2>"$tmp/err" || fail "verify the approval: $(cat "$tmp/err")"
"$bin" approve -k k.key -o a.dsse.json sh2-h20-ord-0815 inv.cfg >/dev/null 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat "$tmp/err")" = "chipgate: a.dsse.json: already exists (use --force to replace it)" ] ||
	fail "approve over an approval: $(cat "$tmp/err")"
"$bin" review -q -f json -o rv.json inv.cfg 2>"$tmp/err"
[ -s rv.json ] || fail "review -o rv.json: $(cat "$tmp/err")"
# keys and approvals go through the same temporary files as reports: those
# a killed run left are removed by the next run that writes there
sh -c 'exit 0' &
dead=$!
wait $dead
stale=.chipgate-$dead-abcDEF.tmp
touch -d '2 minutes ago' "$stale" && touch -h -d '2 minutes ago' "$stale"
"$bin" keygen -o k3 >/dev/null 2>"$tmp/err" || fail "keygen: $(cat "$tmp/err")"
[ ! -e "$stale" ] || fail "keygen left the stale temporary file $stale"
ls -a | grep -q '^\.chipgate-key-\|^\.chipgate-[0-9]' && fail "keygen left temporary files: $(ls -a | grep '^\.chipgate-')"

# ---- --sign needs a regular file in a writable directory ---------------------
had_devnull_env=0
[ -e /dev/null.dsse.json ] && had_devnull_env=1
mkfifo "$tmp/tpl/fifo.json"
mkdir "$tmp/tpl/dir.json"
ln -s /dev/null "$tmp/tpl/e.json.dsse.json"
refused "chipgate: /dev/null: --sign needs -o to name a regular file (the envelope goes beside it), not a character device" \
	check --sign k.key -f json -o /dev/null inv.cfg
if [ $had_devnull_env = 0 ] && [ -e /dev/null.dsse.json ]; then
	fail "/dev/null.dsse.json was written"
	rm -f /dev/null.dsse.json
fi
refused "chipgate: fifo.json: --sign needs -o to name a regular file (the envelope goes beside it), not a FIFO" \
	check --sign k.key -o fifo.json inv.cfg
refused "chipgate: dir.json: is a directory" \
	check --sign k.key -o dir.json inv.cfg
refused "chipgate: dir.json: is a directory" check -o dir.json inv.cfg
refused "chipgate: e.json.dsse.json: --sign writes the envelope here: it must be a regular file, not a character device" \
	check --sign k.key -o e.json inv.cfg
refused "chipgate: nodir/r.json: cannot write in its directory 'nodir': No such file or directory" \
	check --sign k.key -o nodir/r.json inv.cfg
"$bin" check --sign k.key -o - inv.cfg >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q '^chipgate: --sign needs -o FILE' "$tmp/err" || fail "--sign -o -: $(cat "$tmp/err")"
# unsigned, a device is written through
fresh
"$bin" check -q -f json -o /dev/null inv.cfg
[ $? = 1 ] || fail "check -o /dev/null without --sign"

# a descriptor of this process (/dev/fd/N, /proc/self/fd/N) is written
# through, never renamed over, whatever it is redirected to; /dev/stdout
# is the same link (not tried here: a broken build would replace it)
for out in /dev/fd/1 /proc/self/fd/1; do
	fresh
	"$bin" check -q -f json -o "$out" inv.cfg >"$tmp/fd.json" 2>"$tmp/err"
	rc=$?
	[ $rc = 1 ] || fail "-o $out redirected to a file: exit $rc: $(cat "$tmp/err")"
	cmp -s "$tmp/fd.json" base.json || fail "-o $out: the report did not reach standard output"
	refused "chipgate: $out: --sign needs -o to name a regular file (the envelope goes beside it), not a descriptor of this process" \
		check --sign k.key -f json -o "$out" inv.cfg
done

# ---- write errors say why ----------------------------------------------------
refused "chipgate: /dev/full: write error: No space left on device" check -f json -o /dev/full inv.cfg
fresh
"$bin" check -f json inv.cfg >/dev/full 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && [ "$(cat "$tmp/err")" = "chipgate: <stdout>: write error: No space left on device" ] ||
	fail "stdout on /dev/full: exit $rc, $(cat "$tmp/err")"
refused "chipgate: /dev/full: write error: No space left on device" \
	collect --lspci lspci.txt -f cfg -o /dev/full
refused "chipgate: /dev/full: write error: No space left on device" \
	justify -o /dev/full bj1-h20-ord-0903 inv.cfg

# ---- the pair: report renamed first, envelope last, under the lock ------------
fresh
"$bin" check -q --sign k.key -o r.json inv.cfg
[ $? = 1 ] || fail "signed check"
[ -f .r.json.chipgate-lock ] || fail "no lock file .r.json.chipgate-lock"
ls -a | grep -q '^\.chipgate-' && fail "temporary files left: $(ls -a | grep '^\.chipgate-')"
"$bin" verify -k k.pub --inputs r.json.dsse.json >/dev/null || fail "verify the pair"
if command -v strace >/dev/null 2>&1; then
	strace -f -qq -o "$tmp/trace" -e trace=rename,renameat,renameat2,flock \
		"$bin" check -q --sign k.key -o r.json inv.cfg
	# the last three calls: the lock, the report, then the envelope
	tail -n 3 "$tmp/trace" | sed -E 's/^[0-9]+ +//; s/\.chipgate-[0-9]+-[A-Za-z0-9]{6}\.tmp/TMP/g' >"$tmp/order"
	printf '%s\n' 'flock(3, LOCK_EX) = 0' 'rename("TMP", "r.json") = 0' \
		'rename("TMP", "r.json.dsse.json") = 0' >"$tmp/order.exp"
	sed -i -E 's/flock\([0-9]+,/flock(3,/; s/ +=/ =/' "$tmp/order"
	diff -u "$tmp/order.exp" "$tmp/order" || fail "renames are not lock, report, envelope"
else
	echo "SKIP (part): strace is not installed; the order of the renames was NOT checked"
fi
[ $failed = 0 ] && echo "outputs: all checks passed"
exit $failed
