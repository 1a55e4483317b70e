#!/usr/bin/env bash
# Memoised verdicts equal plain evaluation (issue #16). The engine keeps
# rule verdicts, evidence and message parts per asset signature (see
# src/policy/verdict.c); CHIPGATE_NO_MEMO=1 evaluates every asset plainly.
# On a fleet written to exercise every kind of rule (memo_fleet.py: every
# catalog chip, unknown and ambiguous models, every purpose, status and
# workload, sites with and without facts, the attributes the packs name,
# justifications, asset, group and whole-rule waivers), with both shipped
# packs on two evaluation dates, and on the benchmark's dense fleet in the
# native format, the JSON report (complete) and the text report (capped)
# must be byte-identical with the memo on and off. The fleet is checked
# to hold what the comparison needs: findings open, waived, justified and
# indeterminate, exposure groups breaching, stale waivers.
#
# usage: bash tests/e2e/memo.sh PATH-TO-CHIPGATE   (SOURCE_DIR = checkout)
# exit: 0 pass, 1 fail
set -u
bin=${1:?usage: memo.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
here=$src/tests/e2e
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-memo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1764806400
unset CHIPGATE_NO_MEMO
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bin" catalog -f json list | jq -r '.[].id' >"$tmp/models" || { echo "catalog list failed"; exit 1; }
packs=(-p cn-cac -p us-ear)

# The packs' rules, from a report of a tiny fleet: which are justification
# and exposure rules decides the records the real fleet gets.
python3 "$here/memo_fleet.py" -n 20 --models "$tmp/models" -o "$tmp/pre" || exit 1
"$bin" check "${packs[@]}" --sites "$tmp/pre/sites.csv" --justifications "$tmp/pre/header.cfg" \
	-q -f json -o "$tmp/pre.json" "$tmp/pre/fleet.csv"
[ -s "$tmp/pre.json" ] || { echo "no report of the tiny fleet"; exit 1; }
ids() { jq -r "[.rules[] | select($1) | .id] | unique | join(\",\")" "$tmp/pre.json"; }
just=$(ids '.kind == "justification"') expo=$(ids '.kind == "exposure"')
rules=$(ids '.policy != "chipgate"')
[ -n "$just" ] && [ -n "$expo" ] || fail "the packs have no justification or exposure rule"

python3 "$here/memo_fleet.py" -n 6000 --models "$tmp/models" --just-rules "$just" \
	--expo-rules "$expo" --rules "$rules" -o "$tmp/f" || exit 1

# check ARGS... twice, memo on and off, for each report format; the reports must match
both() {
	local name=$1; shift
	for fmt in json text; do
		"$bin" check "$@" -q -f $fmt -o "$tmp/$name-on.$fmt"
		local on=$?
		CHIPGATE_NO_MEMO=1 "$bin" check "$@" -q -f $fmt -o "$tmp/$name-off.$fmt"
		local off=$?
		[ "$on" = "$off" ] || fail "$name: exit $on with the memo, $off without"
		[ -s "$tmp/$name-on.$fmt" ] || fail "$name: no $fmt report"
		cmp -s "$tmp/$name-on.$fmt" "$tmp/$name-off.$fmt" ||
			{ fail "$name: the $fmt report differs with CHIPGATE_NO_MEMO=1"; diff "$tmp/$name-on.$fmt" "$tmp/$name-off.$fmt" | head -20; }
	done
}

for as_of in 2025-08-12 2026-07-01; do
	both "fleet-$as_of" "${packs[@]}" --as-of $as_of --sites "$tmp/f/sites.csv" \
		--justifications "$tmp/f/header.cfg" "$tmp/f/fleet.csv"
	r=$tmp/fleet-$as_of-on.json
	# what the comparison covered
	for st in open waived justified; do
		n=$(jq "[.findings[] | select(.status == \"$st\")] | length" "$r")
		[ "$n" -gt 0 ] || fail "$as_of: no $st finding: the fleet does not exercise them"
	done
	n=$(jq '[.findings[] | select(.evidence.indeterminate == true)] | length' "$r")
	[ "$n" -gt 0 ] || fail "$as_of: no indeterminate finding"
	n=$(jq '[.exposure[] | select(.breach)] | length' "$r")
	[ "$n" -gt 0 ] || fail "$as_of: no exposure group breaches"
	for rule in CG-STALE-WAIVER CG-UNKNOWN-MODEL CG-UNKNOWN-SITE CG-IDENTITY-CONFLICT; do
		n=$(jq "[.findings[] | select(.rule == \"$rule\")] | length" "$r")
		[ "$n" -gt 0 ] || fail "$as_of: no $rule finding"
	done
	n=$(jq '[.findings[] | .rule] | unique | length' "$r")
	echo "as of $as_of: $(jq '.findings | length' "$r") findings of $n rules, identical with and without the memo"
done

# the native format: attribute names are not shared between assets there
python3 "$src/tests/bench/gen_fleet.py" -n 3000 --mix dense --format cfg -o "$tmp/dense.cfg" || exit 1
both dense-cfg "${packs[@]}" "$tmp/dense.cfg"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "memo: all reports identical with CHIPGATE_NO_MEMO=1"
