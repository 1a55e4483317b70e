#!/usr/bin/env bash
# Inputs read once (issue #13): every inventory format read from a FIFO,
# from a pipe on standard input ("-") and from /dev/fd/N (<(...)) gives
# the same report, digest included, as from its file -- format detection
# reads the first bytes and the reader goes on from them, nothing is
# opened twice (a FIFO used to hang, /dev/fd/63 to be read empty). A CSV
# fleet on a pipe is streamed, not read whole. CHIPGATE_MAX_INPUT holds
# for a pipe. Binary input and a huge field are refused with little
# memory (peak RSS measured when /usr/bin/time is there).
#
# usage: bash tests/e2e/input.sh CHIPGATE-BINARY   (env SOURCE_DIR: the checkout)
set -u
bin=${1:?usage: input.sh CHIPGATE-BINARY}
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v mkfifo >/dev/null || { echo "SKIP: mkfifo is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1754956800
unset CHIPGATE_MAX_INPUT
limit=30
fail=0
report() {
	echo "FAIL: $*"
	fail=1
}
cd "$tmp"

# The report without the inventory's path: the same from every source.
norm() {
	python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
inv = [i["path"] for i in r["inputs"] if i["role"] == "inventory"][0]
def walk(v):
    if isinstance(v, dict):
        return {k: walk(x) for k, x in v.items()}
    if isinstance(v, list):
        return [walk(x) for x in v]
    if isinstance(v, str):
        return "INV" if v == inv else v.replace("(" + inv + ":", "(INV:").replace(
            " by " + inv + ":", " by INV:")
    return v
print(json.dumps(walk(r), sort_keys=True))
PY
}

# same NAME ARGS... -- INVENTORY: the report from INVENTORY as a file, a
# FIFO, a pipe on stdin and /dev/fd/N must be the same.
same() {
	local name=$1 args=() inv
	shift
	while [ "$1" != "--" ]; do args+=("$1"); shift; done
	inv=$2
	timeout "$limit" "$bin" check "${args[@]}" -f json -o file.json "$inv" 2>file.err
	local rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || { report "$name: from the file: exit $rc: $(cat file.err)"; return; }
	norm file.json >want.txt || { report "$name: from the file: no JSON report"; return; }

	rm -f fifo && mkfifo fifo
	(cat "$inv" >fifo &)
	timeout "$limit" "$bin" check "${args[@]}" -f json -o fifo.json fifo 2>fifo.err
	rc=$?
	# a reader that never opened the FIFO leaves the writer waiting: release it
	{ exec 9<>fifo && exec 9>&-; } 2>/dev/null
	if [ "$rc" = 124 ]; then
		report "$name: from a FIFO: hung"
	elif ! norm fifo.json 2>/dev/null | cmp -s - want.txt; then
		report "$name: from a FIFO: exit $rc, a different report: $(head -c 300 fifo.err)"
	else
		echo "ok   $name from a FIFO"
	fi

	cat "$inv" | timeout "$limit" "$bin" check "${args[@]}" -f json -o stdin.json - 2>stdin.err
	rc=$?
	if ! norm stdin.json 2>/dev/null | cmp -s - want.txt; then
		report "$name: from a pipe on stdin: exit $rc, a different report: $(head -c 300 stdin.err)"
	else
		echo "ok   $name from a pipe on standard input"
	fi

	timeout "$limit" "$bin" check "${args[@]}" -f json -o fd.json <(cat "$inv") 2>fd.err
	rc=$?
	if ! norm fd.json 2>/dev/null | cmp -s - want.txt; then
		report "$name: from /dev/fd/N: exit $rc, a different report: $(head -c 300 fd.err)"
	else
		echo "ok   $name from /dev/fd/N"
	fi
}

f=$src/tests/fixtures
same "libconfig inventory" -- "$src/inventories/example.cfg"
same "CSV inventory with its companion" -p cn-cac-2025 --justifications "$f/csv/hdr.cfg" -- "$f/csv/good.csv"
same "CSV, --format-in csv" -p cn-cac-2025 --format-in csv -- "$f/csv/good.csv"
same "CycloneDX BOM" -p cn-cac-2025 -- "$f/cyclonedx/server-1.5.json"
same "osquery export" -p us-ear-2025 --format-in osquery -- "$f/osquery/gpu-node-7.json"

# ---- --justifications from a FIFO or /dev/fd/N: read once, its digest recorded --
jf=$f/csv/hdr.cfg
want_sha=$(sha256sum "$jf" | cut -d' ' -f1)
just_sha() { # the digest the report records for the justifications input
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print([i["sha256"] for i in r["inputs"] if i["role"] == "justifications"][0])' "$1" 2>/dev/null
}
rm -f jfifo && mkfifo jfifo
(cat "$jf" >jfifo &)
timeout "$limit" "$bin" check -p cn-cac-2025 --justifications jfifo -f json -o jf.json "$f/csv/good.csv" 2>jf.err
rc=$?
{ exec 9<>jfifo && exec 9>&-; } 2>/dev/null
if [ "$rc" = 124 ]; then
	report "--justifications from a FIFO: hung"
elif [ "$(just_sha jf.json)" != "$want_sha" ]; then
	report "--justifications from a FIFO: exit $rc, digest '$(just_sha jf.json)', want $want_sha: $(head -c 300 jf.err)"
else
	echo "ok   --justifications from a FIFO, its digest recorded"
fi
timeout "$limit" "$bin" check -p cn-cac-2025 --justifications <(cat "$jf") -f json -o jd.json "$f/csv/good.csv" 2>jd.err
if [ "$(just_sha jd.json)" != "$want_sha" ]; then
	report "--justifications from /dev/fd/N: digest '$(just_sha jd.json)', want $want_sha: $(head -c 300 jd.err)"
else
	echo "ok   --justifications from /dev/fd/N, its digest recorded"
fi

# ---- a fleet on a pipe is streamed, like the file ------------------------------
python3 "$src/tests/bench/gen_fleet.py" -n 200000 -o fleet.csv >/dev/null || { report "gen_fleet.py"; exit 1; }
"$bin" check -p cn-cac-2025 -f json -o fleet-file.json fleet.csv 2>/dev/null
norm fleet-file.json >fleet-want.txt || { report "a fleet from its file: no JSON report"; exit 1; }
cat fleet.csv | timeout "$limit" "$bin" check -p cn-cac-2025 -f json -o fleet-pipe.json - 2>fleet.err
if norm fleet-pipe.json 2>/dev/null | cmp -s - fleet-want.txt; then
	echo "ok   a 200000-row fleet on a pipe gives the file's report"
else
	report "a fleet on a pipe: a different report: $(head -c 300 fleet.err)"
fi

# ---- the size limit counts what a pipe delivers --------------------------------
head -c 300000 fleet.csv | CHIPGATE_MAX_INPUT=100000 "$bin" check -p cn-cac-2025 -o over.json - \
	2>over.err >/dev/null
rc=$?
if [ "$rc" = 2 ] && [ "$(cat over.err)" = "chipgate: -: file is larger than the input limit of 100000 bytes" ] \
	&& [ ! -e over.json ]; then
	echo "ok   CHIPGATE_MAX_INPUT refuses a pipe past the limit"
else
	report "CHIPGATE_MAX_INPUT on a pipe: exit $rc: $(cat over.err)"
fi

# ---- what collect writes, check reads back ----------------------------------------------
for f in nvidia-smi-150-gpus nvidia-smi-long-name; do
	for ext in cfg csv; do
		"$bin" collect --nvidia-smi "$src/tests/fixtures/input/$f.csv" -o "collected.$ext" 2>err.txt \
			|| { report "collect $f -> $ext: $(cat err.txt)"; continue; }
		"$bin" check -p us-ear-2025 -f json -o report.json "collected.$ext" 2>err.txt
		rc=$?
		if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then
			echo "ok   collect $f writes a .$ext that check reads"
		else
			report "check of what collect wrote from $f ($ext): exit $rc: $(cat err.txt)"
		fi
	done
done

# ---- refusal before memory: binary input, a huge field -------------------------------
# peak RSS under 200 MB (before issue #13: 1.06 GB for /dev/zero as CSV,
# 2.1 GB for /dev/urandom as libconfig; sanitizer builds stay far below)
rss_check() {
	local name=$1 want=$2
	shift 2
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o rss.txt timeout "$limit" "$@" >/dev/null 2>err.txt
	else
		timeout "$limit" "$@" >/dev/null 2>err.txt
	fi
	local rc=$?
	if [ "$rc" != 2 ]; then
		report "$name: exit $rc, expected 2: $(head -c 300 err.txt)"
	elif ! grep -Eq -- "$want" err.txt; then
		report "$name: $(head -c 300 err.txt)"
	elif [ -x /usr/bin/time ] && [ "$(tail -1 rss.txt)" -gt 204800 ]; then
		report "$name: peak RSS $(tail -1 rss.txt) KB"
	else
		if [ -x /usr/bin/time ]; then echo "ok   $name ($(tail -1 rss.txt) KB peak)"; else echo "ok   $name"; fi
	fi
}
rss_check "check --format-in csv /dev/zero" "^chipgate: /dev/zero:1:1: NUL byte in the header$" \
	"$bin" check -p cn-cac-2025 --format-in csv /dev/zero
rss_check "check --format-in cfg /dev/urandom" "^chipgate: /dev/urandom:[0-9]+:[0-9]+: (NUL byte in input|invalid UTF-8)" \
	"$bin" check --format-in cfg /dev/urandom
# a 100 MB quoted field on a pipe: its length, exactly, in bounded memory
rss_check "a 100 MB field on a pipe" "^chipgate: -:2:2: field 'model' is 100000000 bytes; the limit is 256$" \
	bash -c "{ printf 'id,model,quantity\na,\"'; head -c 100000000 /dev/zero | tr '\\0' y; printf '\",1\\n'; } | '$bin' check -p cn-cac-2025 -"

exit $fail
