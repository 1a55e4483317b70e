#!/usr/bin/env bash
# Concurrent signed runs to the same -o (issue #14): 8 runs of 8
# different inventories, 10 trials. After each trial the envelope
# verifies, and the report beside it is the one that envelope signs: the
# Statement's predicate is that report, and its inventory subject has the
# digest the report's "inputs" give -- never one run's report beside
# another run's envelope. No temporary file is left.
#
# usage: bash tests/e2e/outputs-concurrent.sh CHIPGATE-BINARY   (env SOURCE_DIR)
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
cd "$tmp" || exit 1
runs=8 trials=10
python3 "$src/tests/bench/gen_fleet.py" --header hdr.cfg || exit 1
for i in $(seq $runs); do
	# a few thousand rows: each run takes long enough for them to overlap
	python3 "$src/tests/bench/gen_fleet.py" -n 4000 --seed "$i" -o "inv$i.csv" || exit 1
done
"$bin" keygen -o k >/dev/null || exit 1
export SOURCE_DATE_EPOCH=1754956800

# pair.py REPORT ENVELOPE: the envelope's Statement names that report
cat >pair.py <<'PY'
import base64, json, sys
report = json.load(open(sys.argv[1]))
st = json.loads(base64.b64decode(json.load(open(sys.argv[2]))["payload"]))
inv = [i for i in report["inputs"] if i["role"] == "inventory"]
subjects = {s["name"]: s["digest"]["sha256"] for s in st["subject"]}
ok = len(inv) == 1 and subjects.get(inv[0]["path"]) == inv[0]["sha256"]
if not ok:
    print("report of %s, envelope of %s" % (inv[0]["path"] if inv else "?",
                                            ", ".join(n for n in subjects if n.startswith("inv"))))
sys.exit(0 if ok and st["predicate"]["report"] == report else 1)
PY
pair_ok() { python3 pair.py R.json R.json.dsse.json; }

bad=0
for t in $(seq $trials); do
	pids=()
	for i in $(seq $runs); do
		"$bin" check -q --justifications hdr.cfg --sign k.key -o R.json "inv$i.csv" 2>"err$i" &
		pids+=($!)
	done
	for i in $(seq $runs); do
		wait "${pids[$((i - 1))]}"
		rc=$?
		[ $rc = 1 ] || fail "trial $t, run $i: exit $rc: $(cat "err$i")"
	done
	"$bin" verify -k k.pub --inputs R.json.dsse.json >/dev/null 2>err || fail "trial $t: verify: $(cat err)"
	if ! out=$(pair_ok); then
		fail "trial $t: the report is not the one its envelope signs ($out)"
		bad=$((bad + 1))
	fi
	left=$(ls -A | grep '^\.chipgate-[0-9]')
	[ -z "$left" ] || fail "trial $t: temporary files left: $left"
done
[ $failed = 0 ] && echo "outputs-concurrent: $trials trials of $runs concurrent signed runs, every pair matched"
[ $bad = 0 ] || echo "$bad of $trials trials paired a report with another run's envelope"
exit $failed
