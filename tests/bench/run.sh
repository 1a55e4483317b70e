#!/usr/bin/env bash
# The fleet-scale benchmark of DESIGN §10 (issue #7), in one run:
#
#   1. generate (once, cached by row count and mix) a deterministic fleet of
#      N CSV rows and its companion header file (gen_fleet.py); by default
#      the dense mix, where most rows break some rule (issue #17);
#   2. time `chipgate check -p cn-cac-2025 -p us-ear-2025` on it, the text
#      report (capped: 50 findings of each severity, the counts exact)
#      written to a file; on the same file a Python `csv` script
#      (one_rule.py) that applies just one rule, CN-GOV-001; and the floor,
#      a bare libcsv pass over the file (csv_pass.c, built here with cc),
#      which is what reading the CSV costs before any value is looked at:
#      after one untimed run of each, R rounds, each running chipgate, then
#      Python, then the floor, best of R for each -- interleaved, so that
#      all see the same phases of a shared machine, whose speed drifts over
#      minutes; the median of the rounds' own ratios is printed too; then
#      chipgate once more with -f json (every finding);
#   3. time a jq program (one_rule.jq, once) that applies the same rule,
#      and check that both alternatives count the same findings for it as
#      chipgate's JSON report;
#   4. print wall time, peak memory (/usr/bin/time -v) and the ratios, and
#      judge the budget: under 1 s per 1M rows, peak memory under 64 MB,
#      >= 10x faster than the Python script, within 2x of the floor.
#
# usage: tests/bench/run.sh [-n ROWS] [-r RUNS] [-b CHIPGATE] [-d WORKDIR] [--mix light|dense] [--cfg ROWS]
#   -n ROWS     fleet size (default 1000000)
#   -r RUNS     rounds of chipgate, Python and the floor; the best of each counts (default 3)
#   -b PATH     the binary (default: build-fleet/chipgate, else build/chipgate)
#   -d DIR      where fleets are generated and kept (default /tmp/chipgate-bench)
#   --mix MIX   gen_fleet.py's mix: dense (default; about 1.3 findings a row) or light (0.3)
#   --cfg ROWS  also time the native libconfig format on a ROWS-row fleet
# exit: 0 within budget, 1 budget missed, 2 setup error (missing tool, bad run)
#
# Wall times depend on the machine being otherwise idle: the load average
# is printed first, and a warning when it is above 0.5.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
rows=1000000 runs=3 bin="" dir=/tmp/chipgate-bench cfg_rows=0 mix=dense
while [ $# -gt 0 ]; do
	case $1 in
	-n) rows=$2; shift 2 ;;
	-r) runs=$2; shift 2 ;;
	-b) bin=$2; shift 2 ;;
	-d) dir=$2; shift 2 ;;
	--cfg) cfg_rows=$2; shift 2 ;;
	--mix) mix=$2; shift 2 ;;
	*) echo "usage: $0 [-n ROWS] [-r RUNS] [-b CHIPGATE] [-d WORKDIR] [--mix light|dense] [--cfg ROWS]" >&2; exit 2 ;;
	esac
done
if [ -z "$bin" ]; then
	for b in "$src/build-fleet/chipgate" "$src/build/chipgate"; do
		[ -x "$b" ] && { bin=$b; break; }
	done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "bench: no chipgate binary (build it, or pass -b)" >&2; exit 2; }
for tool in python3 jq /usr/bin/time cc; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench: $tool is missing (apt-get install -y jq time python3 gcc)" >&2; exit 2; }
done
mkdir -p "$dir" || exit 2
floor=$dir/csv_pass
cc -O2 -o "$floor" "$here/csv_pass.c" -lcsv || { echo "bench: cannot build csv_pass.c (libcsv-dev)" >&2; exit 2; }

# ---- 1. the fleet -------------------------------------------------------
gen_sum=$(sha256sum "$here/gen_fleet.py" | cut -c1-12)
fleet=$dir/fleet-$mix-$rows-$gen_sum.csv hdr=$dir/header.cfg
if [ ! -s "$fleet" ]; then
	echo "generating $rows rows ($mix) -> $fleet"
	python3 "$here/gen_fleet.py" -n "$rows" --mix "$mix" -o "$fleet.tmp" && mv "$fleet.tmp" "$fleet" || exit 2
fi
python3 "$here/gen_fleet.py" --header "$hdr" || exit 2

# ---- helpers ---------------------------------------------------------------
# run LABEL CMD...: sets WALL (s), RSS (MB) from /usr/bin/time -v; output to $dir/LABEL.out
run() {
	local label=$1; shift
	/usr/bin/time -v -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err"
	RC=$?
	WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.3f", s }' "$dir/$label.time")
	RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$dir/$label.time")
	CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' \
		"$dir/$label.time")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)"
awk '{ if ($1 > 0.5) print "WARNING: the machine is not idle (load " $1 "); wall times are pessimistic" }' /proc/loadavg
echo "chipgate: $bin ($("$bin" --version | head -1))"
echo "fleet: $fleet ($(du -m "$fleet" | cut -f1) MB, $rows rows)"
echo

# ---- 2. chipgate and Python, interleaved ----------------------------------------
# one untimed run of each first: the fleet in the page cache, the binaries
# and libraries loaded (this VM's memory manager pages out what it finds
# cold within a minute, the fleet included)
"$bin" check -p cn-cac-2025 -p us-ear-2025 --justifications "$hdr" "$fleet" >/dev/null 2>&1
python3 "$here/one_rule.py" "$fleet" >/dev/null 2>&1
"$floor" "$fleet" >/dev/null 2>&1
best=999999 best_rss=0 best_cpu=0 py_wall=999999 py_rss=0 round_ratios="" fl_wall=999999 fl_rss=0 floor_ratios=""
for i in $(seq "$runs"); do
	run chipgate "$bin" check -p cn-cac-2025 -p us-ear-2025 --justifications "$hdr" "$fleet"
	if [ "$RC" != 0 ] && [ "$RC" != 1 ]; then
		echo "bench: chipgate check failed (exit $RC):"; cat "$dir/chipgate.err"; exit 2
	fi
	c_wall=$WALL c_cpu=$CPU c_rss=$RSS
	if awk -v a="$WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then
		best=$WALL best_rss=$RSS best_cpu=$CPU
	fi
	run python python3 "$here/one_rule.py" "$fleet"
	[ "$RC" = 0 ] || { echo "bench: one_rule.py failed (exit $RC):"; cat "$dir/python.err"; exit 2; }
	if awk -v a="$WALL" -v b="$py_wall" 'BEGIN { exit !(a < b) }'; then
		py_wall=$WALL py_rss=$RSS
	fi
	round_ratios="$round_ratios $(ratio "$WALL" "$c_wall")"
	p_wall=$WALL
	run floor "$floor" "$fleet"
	[ "$RC" = 0 ] || { echo "bench: csv_pass failed (exit $RC):"; cat "$dir/floor.err"; exit 2; }
	if awk -v a="$WALL" -v b="$fl_wall" 'BEGIN { exit !(a < b) }'; then
		fl_wall=$WALL fl_rss=$RSS
	fi
	floor_ratios="$floor_ratios $(ratio "$c_wall" "$WALL")"
	printf '  round %d: chipgate %6.3f s wall, %5.2f s cpu, %6.1f MB peak; python %6.3f s (%sx); libcsv pass %6.3f s (chipgate %sx)\n' \
		"$i" "$c_wall" "$c_cpu" "$c_rss" "$p_wall" "$(ratio "$p_wall" "$c_wall")" "$WALL" "$(ratio "$c_wall" "$WALL")"
done
findings=$(sed -n 2p "$dir/chipgate.out")
listed=$(grep -cE '^(error|warning|info) ' "$dir/chipgate.out")
py_out=$(cat "$dir/python.out")
run chipgate-json "$bin" check -p cn-cac-2025 -p us-ear-2025 --justifications "$hdr" -f json -o "$dir/report.json" "$fleet"
json_wall=$WALL json_rss=$RSS
gov=$(grep -c '^      "rule": "CN-GOV-001",$' "$dir/report.json")

# ---- 3. jq -----------------------------------------------------------------------
run jq jq -r -R -n -f "$here/one_rule.jq" "$fleet"
jq_wall=$WALL jq_rss=$RSS jq_out=$(cat "$dir/jq.out")

cfg_line=""
if [ "$cfg_rows" -gt 0 ]; then
	cfgf=$dir/fleet-$cfg_rows-$gen_sum.cfg
	[ -s "$cfgf" ] || python3 "$here/gen_fleet.py" -n "$cfg_rows" --format cfg -o "$cfgf" || exit 2
	run chipgate-cfg "$bin" check -p cn-cac-2025 -p us-ear-2025 "$cfgf"
	cfg_line=$(printf '%-44s %8.3f s %8.1f MB   (libconfig, %d rows)' "chipgate check, native format" "$WALL" "$RSS" "$cfg_rows")
fi

# ---- 4. the table and the budget -------------------------------------------------
echo
printf '%-44s %10s %11s\n' "" "wall" "peak RSS"
printf '%-44s %8.3f s %8.1f MB   (best of %d; %.2f s cpu on 2 threads)\n' "chipgate check, both packs, text report" "$best" "$best_rss" "$runs" "$best_cpu"
printf '%-44s %8.3f s %8.1f MB\n' "chipgate check, both packs, -f json" "$json_wall" "$json_rss"
# the median of the rounds' own ratios: each pairs two runs a few seconds
# apart, so it is the figure least moved by the machine's drift
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
median=$(median $round_ratios)
fl_median=$(median $floor_ratios)
printf '%-44s %8.3f s %8.1f MB   (%sx chipgate; best of %d; median of the rounds %sx)\n' "python3 csv, CN-GOV-001 only" "$py_wall" "$py_rss" "$(ratio "$py_wall" "$best")" "$runs" "$median"
printf '%-44s %8.3f s %8.1f MB   (%sx chipgate)\n' "jq -R, CN-GOV-001 only" "$jq_wall" "$jq_rss" "$(ratio "$jq_wall" "$best")"
printf '%-44s %8.3f s %8.1f MB   (chipgate %sx it; best of %d; median of the rounds %sx)\n' "bare libcsv pass (the floor)" "$fl_wall" "$fl_rss" "$(ratio "$best" "$fl_wall")" "$runs" "$fl_median"
[ -n "$cfg_line" ] && echo "$cfg_line"
echo
echo "chipgate: $findings; $listed findings listed in the text report"
ls -l "$dir/chipgate.out" | awk '{ printf "text report: %d bytes; ", $5 }'
ls -l "$dir/report.json" | awk '{ printf "JSON report: %d bytes\n", $5 }'
echo "CN-GOV-001 findings: chipgate $gov; $py_out (python); $jq_out (jq)"

status=0
verdict() { if [ "$2" = 1 ]; then echo "  ok    $1"; else echo "  MISS  $1"; status=1; fi; }
echo
echo "budget ($rows rows):"
scale=$(awk -v r="$rows" 'BEGIN { printf "%.6f", r / 1000000 }')
verdict "wall under 1 s per million rows ($best s)" "$(awk -v a="$best" -v s="$scale" 'BEGIN { print (a < s) }')"
verdict "peak memory under 64 MB ($best_rss MB)" "$(awk -v a="$best_rss" 'BEGIN { print (a < 64) }')"
verdict "at least 10x faster than python ($(ratio "$py_wall" "$best")x)" "$(awk -v p="$py_wall" -v a="$best" 'BEGIN { print (p >= 10 * a) }')"
verdict "within 2x of the bare libcsv pass ($(ratio "$best" "$fl_wall")x)" "$(awk -v f="$fl_wall" -v a="$best" 'BEGIN { print (a <= 2 * f) }')"
verdict "the text report lists at most 50 findings of each severity ($listed)" "$([ "$listed" -le 150 ] && echo 1 || echo 0)"
verdict "the alternatives agree with chipgate on CN-GOV-001" \
	"$([ "$py_out" = "CN-GOV-001: $gov findings" ] && [ "$jq_out" = "CN-GOV-001: $gov findings" ] && echo 1 || echo 0)"
exit $status
