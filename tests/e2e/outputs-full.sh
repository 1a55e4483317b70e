#!/usr/bin/env bash
# A full file system (issue #14): a signed report and its envelope on a
# small tmpfs (64 KiB, more if the pair has grown). A run that cannot write the whole pair exits 2, says why
# ("write error: No space left on device"), leaves the previous report
# and envelope byte-identical, and leaves no temporary file -- whether the
# new report does not fit, only the envelope would fit (the run that used
# to replace the envelope and then delete it), the report fits and the
# envelope does not, or the report and the envelope would fit but not the
# scratch copy of the JSON report the envelope is made from (a SARIF
# report's Statement holds the JSON report, rendered beside the outputs).
#
# Needs root to mount the tmpfs: otherwise it is skipped, loudly (77).
# usage: bash tests/e2e/outputs-full.sh CHIPGATE-BINARY   (env SOURCE_DIR)
set -u
bin=$1
src=${SOURCE_DIR:?}
skip() {
	echo "SKIP: $*; the full-file-system cases were NOT run" >&2
	echo "SKIP: $*; the full-file-system cases were NOT run"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "not root: cannot mount a tmpfs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
export SOURCE_DATE_EPOCH=1754956800
cd "$tmp" || exit 1
"$bin" keygen -o k >/dev/null || exit 1
small=$src/tests/fixtures/cli/good.cfg
pack=$src/tests/fixtures/cli/pack.cfg
inv=$src/inventories/example.cfg
python3 "$src/tests/bench/gen_fleet.py" -n 2000 -o fleet.csv || exit 1
python3 "$src/tests/bench/gen_fleet.py" --header hdr.cfg || exit 1
page=4096
pages() { echo $((($(stat -c %s "$1") + page - 1) / page)); }
# the sizes of the old and the new pair, and of the JSON report, from the
# same runs on the disk, under the same name (the envelope names it)
mkdir old new
(cd old && "$bin" check -q -p "$pack" --sign ../k.key -o R.sarif "$small")
(cd new && "$bin" check -q --sign ../k.key -o R.sarif "$inv")
(cd new && "$bin" check -q -f json -o R.json "$inv")
r_pages=$(pages new/R.sarif) e_pages=$(pages new/R.sarif.dsse.json) j_pages=$(pages new/R.json)
need=$(($(pages old/R.sarif) + $(pages old/R.sarif.dsse.json) + r_pages + e_pages + j_pages))
# 64 KiB, or what both pairs need if the formats have grown past that
size=$((need + 2 > 16 ? need + 2 : 16))
mnt=$tmp/fs
mkdir "$mnt"
if ! mount -t tmpfs -o "size=$((size * page)),mode=0755" tmpfs "$mnt" 2>"$tmp/err"; then
	skip "mount -t tmpfs failed ($(cat "$tmp/err"))"
fi
trap 'umount "$mnt"; rm -rf "$tmp"' EXIT

# case NAME FREE-PAGES LINE ARGS...: on the tmpfs holding the old pair and
# a filler that leaves FREE-PAGES pages, the run exits 2 with LINE and
# changes nothing.
case_full() {
	local name=$1 free=$2 want=$3 rc avail
	shift 3
	rm -rf "${mnt:?}"/* "$mnt"/.[!.]*
	"$bin" check -q -p "$pack" --sign k.key -o "$mnt/R.sarif" "$small"
	[ $? = 1 ] || { fail "$name: the old pair"; return; }
	cp "$mnt/R.sarif" old.sarif && cp "$mnt/R.sarif.dsse.json" old.env
	if [ "$free" -ge 0 ]; then
		avail=$(($(stat -f -c %a "$mnt") * $(stat -f -c %S "$mnt") / page))
		[ "$avail" -ge "$free" ] || { fail "$name: only $avail pages free, need $free"; return; }
		head -c $(((avail - free) * page)) /dev/zero >"$mnt/filler" || { fail "$name: filler"; return; }
	fi
	(cd "$mnt" && "$bin" check --sign "$tmp/k.key" -o R.sarif "$@" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	[ $rc = 2 ] || fail "$name: exit $rc, expected 2"
	[ "$(cat "$tmp/err")" = "$want" ] || fail "$name: stderr '$(cat "$tmp/err")', expected '$want'"
	cmp -s old.sarif "$mnt/R.sarif" || fail "$name: the old report changed or is gone"
	cmp -s old.env "$mnt/R.sarif.dsse.json" || fail "$name: the old envelope changed or is gone"
	ls -A "$mnt" | grep -q '^\.chipgate-' && fail "$name: temporary files left: $(ls -A "$mnt" | grep '^\.chipgate-')"
	[ -s "$tmp/out" ] && fail "$name: something on stdout"
}

# the new report does not fit at all
case_full "report too large" -1 "chipgate: R.sarif: write error: No space left on device" \
	--justifications "$tmp/hdr.cfg" "$tmp/fleet.csv"
# room for less than the new report: the old envelope must stay
case_full "room for less than the report" $((r_pages - 1)) \
	"chipgate: R.sarif: write error: No space left on device" "$inv"
# room for the report and the envelope, not for the JSON report the
# envelope is made from as well
case_full "no room for the scratch JSON report" $((r_pages + j_pages - 1)) \
	"chipgate: R.sarif.dsse.json: write error: No space left on device" "$inv"
# room for the new report, not for the envelope as well
case_full "room for the report only" $((r_pages + e_pages - 1)) \
	"chipgate: R.sarif.dsse.json: write error: No space left on device" "$inv"
# and with room for both, the pair is written
rm -f "$mnt/filler" "$mnt/R.sarif" "$mnt/R.sarif.dsse.json"
(cd "$mnt" && "$bin" check -q --sign "$tmp/k.key" -o R.sarif "$inv")
[ $? = 1 ] || fail "the pair with room for it"
cmp -s "$mnt/R.sarif" new/R.sarif && cmp -s "$mnt/R.sarif.dsse.json" new/R.sarif.dsse.json ||
	fail "the pair written with room for it differs from the same run on disk"
[ $failed = 0 ] && echo "outputs-full: all checks passed ($r_pages + $e_pages pages for the pair, $j_pages for the scratch JSON)"
exit $failed
