#!/usr/bin/env bash
# The bad-input corpus (tests/bad/): every malformed inventory, pack,
# catalog, justification file, CSV, CycloneDX BOM, osquery export, saved
# tool output and envelope must be refused the way DESIGN §3 promises —
# the exit status (2, or 3 for an envelope that fails verification), ONE
# line on stderr, exactly `chipgate: FILE:LINE[:COL]: message` as its
# sidecar NAME.expect says, no output file, no crash, no leak (under an
# ASan build LeakSanitizer turns a leak into exit 23 and extra stderr),
# and within a time limit.
#
# A case is tests/bad/NAME (the input) plus tests/bad/NAME.expect:
#   # comment
#   run: ARGS...      optional; @IN@ = the input (a name relative to the
#                     directory the command runs in, so messages name it
#                     short), @OUT@ = an empty scratch directory, @SRC@ =
#                     the checkout. Default by the name's prefix (below).
#   env: NAME=VALUE   optional, repeatable
#   stdin: input      optional: feed the input on standard input
#   generated:        the input is written by this script at run time
#                     (1 MB lines, NUL bytes, deep nesting, files over the
#                     input limit), not committed
#   exit: N           expected exit status
#   stderr: LINE      the one expected line of stderr, exact
#
# Every input in tests/bad/ must have its .expect, and the corpus must hold
# at least 40 cases.
#
# usage: bash tests/e2e/bad.sh CHIPGATE-BINARY   (env SOURCE_DIR: the checkout)
# exit: 0 pass, 1 fail
set -u
bin=${1:-}
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "FAIL: usage: bash tests/e2e/bad.sh CHIPGATE-BINARY (got '$bin')"
	exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
bad=$src/tests/bad
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-bad.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
gen=$tmp/gen
mkdir -p "$gen"
# sanitizer builds: leaks are failures; libconfig's own leak is not ours
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
case ${LSAN_OPTIONS:-} in
*suppressions=*) ;;
*) export LSAN_OPTIONS=suppressions=$src/tests/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS} ;;
esac
unset CHIPGATE_MAX_INPUT NO_COLOR
export SOURCE_DATE_EPOCH=1754956800
limit=${BAD_TIMEOUT:-60}

fail=0 n=0
report() {
	echo "FAIL: $*"
	fail=1
}

# ---- generated inputs --------------------------------------------------
H='inventory = { organization = "Bad Co."; jurisdiction = "CN"; as_of = "2025-08-12"; };'
P='policy = { id = "bad-pack"; title = "Bad"; jurisdiction = "CN"; version = "1"; references = ["test"]; };'
R='id = "BAD-001"; title = "t"; severity = "error"; references = ["test"];'
mb() { head -c 1048576 /dev/zero | tr '\0' "$1"; } # 1 MiB of one character
rep() { yes -- "$1" | head -n "$2" | tr -d '\n'; }       # $1 (no newline) $2 times
printf '%s\nassets = ( { id = "a"; model = "NVIDIA H20\0 (really H100)"; quantity = 8; } );\n' "$H" \
	>"$gen/inv-nul-byte.cfg"
{ printf '%s\nassets = ( { id = "' "$H"; mb x; printf '"; model = "NVIDIA H20"; quantity = 8; } );\n'; } \
	>"$gen/inv-1mb-id.cfg"
{ printf '%s\nassets = ( { id = "a"; model = "NVIDIA H20"; quantity = 8; ' "$H"; mb x; printf ' } );\n'; } \
	>"$gen/inv-1mb-token.cfg"
{ printf '%s\nassets = ( { id = "a"; model = "NVIDIA H20"; quantity = 8; attrs = ' "$H"
  rep '{ a = ' 20000; printf '1'; rep '; }' 20000; printf '; } );\n'; } >"$gen/inv-deep-nesting.cfg"
{ printf '%s\nassets = ( { id = "a"; model = "NVIDIA H20"; quantity = 8; tags = ' "$H"; rep '(' 200000; } \
	>"$gen/inv-deep-lists.cfg"
# a valid inventory a little over the limit its .expect sets (4096 bytes)
{ printf '%s\nassets = (\n' "$H"
  for ((i = 0; i < 80; i++)); do printf '  { id = "a%d"; model = "NVIDIA H20"; quantity = 8; },\n' "$i"; done
  printf '  { id = "last"; model = "NVIDIA H20"; quantity = 8; }\n);\n'; } >"$gen/inv-over-limit.cfg"
cp "$gen/inv-over-limit.cfg" "$gen/inv-over-limit-stdin.cfg"
{ printf '%s\nrules = ( { %s when = "' "$P" "$R"; rep 'true && ' 600; printf 'true"; } );\n'; } \
	>"$gen/pack-long-expression.cfg"
# 2000 parentheses and 4000 minus signs: within the length limit, far over the depth cap
{ printf '%s\nrules = ( { %s when = "' "$P" "$R"; rep '(' 2000; printf 'true'; rep ')' 2000
  printf '"; } );\n'; } >"$gen/pack-deep-nesting-2000.cfg"
{ printf '%s\nrules = ( { %s when = "' "$P" "$R"; rep '-' 4000; printf '1 > 0"; } );\n'; } \
	>"$gen/pack-deep-negation-4000.cfg"
{ printf 'id,model,quantity,site\nb1,NVIDIA H20,8,BJ'; mb ,; printf '\n'; } >"$gen/csv-1mb-line.csv"
{ printf 'id,model,quantity,site\n'; mb i; printf ',NVIDIA H20,8,BJ\n'; } >"$gen/csv-1mb-id.csv"
{ printf 'id,model,quantity,site\nb1,NVIDIA H20,8,"'; mb s; printf '\n'; } >"$gen/csv-1mb-unterminated.csv"
{ printf 'id,model,quantity,site\n'; for ((i = 0; i < 200; i++)); do printf 'r%d,NVIDIA H20,8,BJ\n' "$i"; done; } \
	>"$gen/csv-over-limit.csv"
cp "$gen/csv-over-limit.csv" "$gen/csv-over-limit-stdin.csv"
printf 'id,model,quantity,site\nb1,NVIDIA H20\0,8,BJ\n' >"$gen/csv-nul-byte.csv"
{ printf '{"bomFormat":"CycloneDX","specVersion":"1.5","components":'; rep '[' 100000; } \
	>"$gen/cdx-deep-nesting.json"

# BAD_KEEP_GENERATED=DIR: keep a copy of the generated inputs (to debug)
if [ -n "${BAD_KEEP_GENERATED:-}" ]; then
	mkdir -p "$BAD_KEEP_GENERATED" && cp "$gen"/* "$BAD_KEEP_GENERATED"/
fi

# ---- one case ------------------------------------------------------------
default_args() {
	local good=@SRC@/tests/fixtures/cli/good.cfg
	case $1 in
	inv-*) echo "check -o @OUT@/report.json @IN@" ;;
	csv-* | cdx-*) echo "check -p cn-cac-2025 -o @OUT@/report.json @IN@" ;;
	osquery-*) echo "check -p cn-cac-2025 --format-in osquery -o @OUT@/report.json @IN@" ;;
	pack-*) echo "check -p @IN@ -o @OUT@/report.json $good" ;;
	catalog-*) echo "check -C @IN@ -o @OUT@/report.json $good" ;;
	just-*) echo "check --justifications @IN@ -o @OUT@/report.json $good" ;;
	report-*) echo "check --baseline @IN@ -o @OUT@/report.json $good" ;;
	lspci-*) echo "collect --lspci @IN@ -o @OUT@/inventory.cfg" ;;
	nvidia-smi-*) echo "collect --nvidia-smi @IN@ -o @OUT@/inventory.cfg" ;;
	npu-smi-*) echo "collect --npu-smi @IN@ -o @OUT@/inventory.cfg" ;;
	env-*) echo "verify -k @SRC@/tests/fixtures/attest/ed25519.pub @IN@" ;;
	*) echo "" ;;
	esac
}

run_case() {
	local expect=$1 name args="" envs=() exp_exit="" exp_err=() generated=0 use_stdin=0 dir
	name=$(basename "$expect" .expect)
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'#'* | '') ;;
		run:*) args=${line#run: } ;;
		env:*) envs+=("${line#env: }") ;;
		stdin:*) use_stdin=1 ;;
		generated:*) generated=1 ;;
		exit:*) exp_exit=${line#exit: } ;;
		stderr:*) exp_err+=("${line#stderr: }") ;;
		*) report "$name: bad directive '$line' in $expect"; return ;;
		esac
	done <"$expect"
	if [ $generated = 1 ]; then dir=$gen; else dir=$bad; fi
	if [ ! -f "$dir/$name" ]; then
		report "$name: no input ($dir/$name)"
		return
	fi
	[ -n "$args" ] || args=$(default_args "$name")
	if [ -z "$args" ] || [ -z "$exp_exit" ] || [ ${#exp_err[@]} -ne 1 ]; then
		report "$name: $expect needs run: (or a known prefix), exit: and exactly one stderr: line"
		return
	fi
	local out=$tmp/out/$name
	mkdir -p "$out"
	args=${args//@SRC@/$src}
	args=${args//@OUT@/$out}
	args=${args//@IN@/$name}
	local stdin=/dev/null
	[ $use_stdin = 1 ] && stdin=$dir/$name
	eval "set -- $args"
	(cd "$dir" && env "${envs[@]+"${envs[@]}"}" timeout "$limit" "$bin" "$@" \
		<"$stdin" >"$tmp/stdout" 2>"$tmp/stderr")
	local rc=$? ok=1
	n=$((n + 1))
	if [ "$rc" = 124 ]; then
		report "$name: timed out after ${limit}s"
		ok=0
	elif [ "$rc" != "$exp_exit" ]; then
		report "$name: exit status $rc, expected $exp_exit"
		ok=0
	fi
	printf '%s\n' "${exp_err[0]}" >"$tmp/stderr.exp"
	if ! cmp -s "$tmp/stderr.exp" "$tmp/stderr"; then
		report "$name: stderr is not the one expected line"
		diff -u "$tmp/stderr.exp" "$tmp/stderr" | head -40 | cut -c1-300
		ok=0
	fi
	if [ -n "$(ls -A "$out")" ]; then
		report "$name: something was written: $(ls -A "$out" | tr '\n' ' ')"
		ok=0
	fi
	[ $ok = 1 ] && echo "ok   $name"
	rm -rf "$out"
}

shopt -s nullglob
for f in "$bad"/*.expect; do
	run_case "$f"
done

# ---- special output files --------------------------------------------------
# -o naming a FIFO (or a device, or /dev/stdout) writes through it: the
# atomic temp-and-rename of a report must never replace the node itself
# (run as root, `-o /dev/null` once replaced /dev/null with a regular file).
# A FIFO stands in for the device nodes, which a test must not risk.
if command -v mkfifo >/dev/null 2>&1; then
	fifo=$tmp/fifo
	mkfifo "$fifo"
	timeout "$limit" cat "$fifo" >"$tmp/fifo.out" &
	reader=$!
	(cd "$tmp" && timeout "$limit" "$bin" check -f json -o "$fifo" "$src/tests/fixtures/cli/good.cfg" \
		>/dev/null 2>"$tmp/fifo.err")
	rc=$?
	# a writer that never opened the FIFO leaves the reader waiting: release it
	{ [ -p "$fifo" ] && exec 9<>"$fifo" && exec 9>&-; } 2>/dev/null
	wait "$reader" 2>/dev/null
	n=$((n + 1))
	if [ ! -p "$fifo" ]; then
		report "check -o FIFO replaced the FIFO with $(stat -c %F "$fifo" 2>/dev/null)"
	elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		report "check -o FIFO exited $rc: $(head -2 "$tmp/fifo.err")"
	elif ! grep -q '"schema": "chipgate.report/1"' "$tmp/fifo.out"; then
		report "check -o FIFO: the report did not come through the FIFO"
	else
		echo "ok   check -o FIFO writes through the FIFO"
	fi
	# and a report that fails is not written to it either
	ln -s fifo "$tmp/fifo-link"
	timeout "$limit" cat "$fifo" >"$tmp/fifo.out" &
	reader=$!
	(cd "$bad" && timeout "$limit" "$bin" check -o "$tmp/fifo-link" inv-truncated.cfg >/dev/null 2>&1)
	rc=$?
	{ exec 9<>"$fifo" && exec 9>&-; } 2>/dev/null
	wait "$reader" 2>/dev/null
	n=$((n + 1))
	if [ ! -L "$tmp/fifo-link" ] || [ ! -p "$fifo" ]; then
		report "check -o SYMLINK-TO-FIFO replaced the link or the FIFO"
	elif [ "$rc" != 2 ] || [ -s "$tmp/fifo.out" ]; then
		report "check -o FIFO of a bad inventory: exit $rc, $(wc -c <"$tmp/fifo.out") bytes written"
	else
		echo "ok   check -o FIFO of a bad inventory writes nothing"
	fi
fi

# every committed input has an expectation
for f in "$bad"/*; do
	case $f in *.expect | */README*) continue ;; esac
	[ -f "$f.expect" ] || report "$(basename "$f"): no $(basename "$f").expect"
done
if [ "$n" -lt 40 ]; then
	report "only $n bad inputs ran; the corpus must hold at least 40"
fi
echo "$n bad inputs"
exit $fail
