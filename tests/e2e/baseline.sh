#!/usr/bin/env bash
# End-to-end tests of `chipgate check --baseline` and `chipgate diff`
# (issue #4), on the example inventory and variants of it made by
# tests/golden/cases.sh:
#
#  1. the diff and baseline goldens (tests/golden/diff*.{txt,json},
#     baseline-next.json) are reproduced byte for byte;
#  2. a baseline matches by policy, rule and asset or group, never by line:
#     every asset moved -> everything 'baseline', exit 0; a new asset ->
#     exactly its finding open, exit 1; a finding waived in the baseline
#     whose waiver has expired is not grandfathered;
#  3. a baseline from another policy version names the rules it cannot
#     match (stderr warning and a CG-BASELINE-MISMATCH finding), and their
#     findings count as new; a baseline without the policy says so;
#  4. a malformed baseline is exit 2, "chipgate: FILE:LINE:COL: message"
#     pointing at the offending value, and nothing is written;
#  5. diff exits 1 on a newly open finding at or above --fail-on, 0 the
#     other way round and with --fail-on never, 2 on bad input.
#
# usage: bash tests/e2e/baseline.sh PATH-TO-CHIPGATE   (SOURCE_DIR = checkout)
# exit: 0 pass, 1 fail, 77 skip (jq not installed).
set -u
bin=${1:?usage: baseline.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
golden=$src/tests/golden
. "$golden/cases.sh"
golden_env
if ! command -v jq >/dev/null; then
	echo "SKIP: jq is not installed (apt-get install jq); --baseline and diff were NOT tested"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-baseline.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0 mark=0
report() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
ok() {
	[ "$failures" -eq "$mark" ] && echo "ok: $*"
	mark=$failures
}
# expect CODE CMD...: run CMD (stdout to $tmp/out, stderr to $tmp/err), require exit CODE
expect() {
	local code=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		report "exit $rc, expected $code: ${*#"$bin"}"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
		return 1
	fi
}
cd "$tmp" || exit 1
mkdir inventories

# ---- 1. goldens ------------------------------------------------------------------
mkdir gold work
if (cd work && golden_diffs "$bin" "$src" "$tmp/gold"); then
	for f in diff.txt diff.json diff-reverse.txt diff-reverse.json baseline-next.json; do
		if ! diff -u "$golden/$f" "gold/$f" >golden.diff; then
			report "$f differs from $golden/$f (if intended: tests/golden/regen.sh)"
			head -40 golden.diff
		fi
	done
else
	report "could not produce the diff and baseline outputs"
fi
ok "diff and baseline goldens"

# ---- 2. matching ---------------------------------------------------------------------
cp "$src/inventories/example.cfg" inventories/example.cfg
expect 1 "$bin" check -o base.json inventories/example.cfg
open_base=$(jq '[.findings[] | select(.status == "open")] | length' base.json)
[ "$open_base" -gt 5 ] || report "the example has only $open_base open findings; the test needs more"

golden_variant "$src/inventories/example.cfg" inventories/example.cfg move || report "variant move"
expect 0 "$bin" check --baseline base.json -o moved.json inventories/example.cfg
[ "$(jq '[.findings[] | select(.status == "open")] | length' moved.json)" = 0 ] ||
	report "moved lines: findings still open"
[ "$(jq '[.findings[] | select(.status == "baseline")] | length' moved.json)" = "$open_base" ] ||
	report "moved lines: not every open finding became 'baseline'"
[ "$(jq -c '[.findings[].location.line]' moved.json)" != "$(jq -c '[.findings[].location.line]' base.json)" ] ||
	report "moved lines: no line moved (the test tests nothing)"
jq -e '.inputs[] | select(.role == "baseline" and .path == "base.json")' moved.json >/dev/null ||
	report "the baseline is not recorded among the inputs"
jq -e '.summary.baseline == '"$open_base"' and .verdict == "pass"' moved.json >/dev/null ||
	report "moved lines: summary or verdict wrong"
ok "baseline survives moved lines"

golden_variant "$src/inventories/example.cfg" inventories/example.cfg move,new || report "variant move,new"
expect 1 "$bin" check --baseline base.json -o new.json inventories/example.cfg
got=$(jq -c '[.findings[] | select(.status == "open") | [.rule, .asset]]' new.json)
[ "$got" = '[["CN-GOV-001","gz3-h100-gov2"]]' ] || report "new asset: open findings are $got"
# the same with --fail-on never: reported, not failing
expect 0 "$bin" check --fail-on never --baseline base.json -f text inventories/example.cfg
grep -q "baseline $open_base " "$tmp/out" || report "text report does not count baseline findings"
expect 1 "$bin" check -o new-plain.json inventories/example.cfg
ok "a new asset fails the baselined run"

golden_variant "$src/inventories/example.cfg" inventories/example.cfg expire || report "variant expire"
expect 1 "$bin" check --baseline base.json -o expired.json inventories/example.cfg
[ "$(jq -r '.findings[] | select(.asset == "gz3-a800-grid") | .status' expired.json)" = open ] ||
	report "a finding waived in the baseline was grandfathered after its waiver expired"
ok "expired waiver is not grandfathered"

# ---- 3. policy versions ------------------------------------------------------------------
cp "$src/inventories/example.cfg" inventories/example.cfg
jq '(.policies[] | select(.id == "cn-cac") | .version) = "2024.12"' base.json >v-same.json
expect 0 "$bin" check --baseline v-same.json -o v1.json inventories/example.cfg
version=$(jq -r '.policies[] | select(.id == "cn-cac") | .version' base.json)
grep -q "chipgate: v-same.json: warning: the baseline is from policy 'cn-cac' version '2024.12', this run uses '$version'; every rule is unchanged and matched" err ||
	report "other version, same rules: no warning ($(cat err))"
jq '(.policies[] | select(.id == "cn-cac") | .version) = "2024.12"
    | (.rules[] | select(.id == "CN-H20-001") | .when) = "false"' base.json >v-changed.json
expect 1 "$bin" check --baseline v-changed.json -o v2.json inventories/example.cfg
grep -q "cannot match rules CN-H20-001 (new or changed); their findings count as new" err ||
	report "changed rule: the warning does not name CN-H20-001 ($(cat err))"
got=$(jq -c '[.findings[] | select(.status == "open") | .rule] | unique' v2.json)
[ "$got" = '["CG-BASELINE-MISMATCH","CN-H20-001"]' ] || report "changed rule: open rules are $got"
jq -e '.findings[] | select(.rule == "CG-BASELINE-MISMATCH" and .severity == "info")
       | select(.message | contains("cn-cac: CN-H20-001"))' v2.json >/dev/null ||
	report "no CG-BASELINE-MISMATCH info finding naming the rule"
"$bin" check -o us.json "$src/inventories/us-distributor.cfg" 2>/dev/null
expect 1 "$bin" check --baseline us.json -o v3.json inventories/example.cfg
grep -q "the baseline has no results for policy 'cn-cac'; its findings count as new" err ||
	report "baseline of another policy: no warning"
[ "$(jq '.summary.baseline' v3.json)" = 0 ] || report "baseline of another policy matched findings"
ok "baseline from another policy version"

# ---- 4. malformed baselines ---------------------------------------------------------------
# bad NAME JQ-OR-SED EXPECTED-MESSAGE-ERE: the baseline NAME must be refused with
# exit 2 and a FILE:LINE:COL message, and -o must not be created.
bad() {
	local name=$1 want=$2
	rm -f never.json
	expect 2 "$bin" check --baseline "$name" -o never.json inventories/example.cfg
	grep -Eq "^chipgate: $name:[0-9]+:[0-9]+: $want" err || report "$name: stderr is '$(cat err)', expected /$want/"
	[ "$(grep -c '' err)" = 1 ] || report "$name: more than one line on stderr"
	[ ! -e never.json ] || report "$name: a report was written"
}
head -c 700 base.json >truncated.json
bad truncated.json "(premature end of input|unexpected newline|end of file|string or '}' expected)"
sed '0,/"verdict": "fail",/s//"verdict": "fail", "verdict": "fail",/' base.json >dup.json
bad dup.json "duplicate object key"
jq '.findings[3].location.line = "x"' base.json >type.json
bad type.json "findings\\[3\\]\\.location\\.line: expected an integer, not a string"
# the position is that of the offending value
pos=$(sed -n 's/^chipgate: type.json:\([0-9]*\):\([0-9]*\):.*/\1 \2/p' err)
line=${pos% *} col=${pos#* }
[ "$(sed -n "${line}p" type.json | cut -c"$col"-"$((col + 2))")" = '"x"' ] ||
	report "type.json: $line:$col does not point at the bad value"
jq '.findings[0].severity = "fatal"' base.json >sev.json
bad sev.json "findings\\[0\\]\\.severity: unknown severity 'fatal' \\(error, warning, info\\)"
jq '.schema = "sarif"' base.json >schema.json
bad schema.json "schema: not a chipgate report: schema 'sarif'"
jq 'del(.findings[1].message)' base.json >missing.json
bad missing.json "findings\\[1\\]: missing member 'message'"
echo '[]' >array.json
bad array.json "a report must be a JSON object"
expect 2 "$bin" check --baseline does-not-exist.json inventories/example.cfg
grep -q "^chipgate: does-not-exist.json: cannot open" err || report "missing baseline: $(cat err)"
ok "malformed baselines are refused"

# ---- 5. diff ---------------------------------------------------------------------------------
expect 1 "$bin" diff base.json new-plain.json
grep -q '^  ! error   CN-GOV-001 gz3-h100-gov2' out || report "diff: the new error is not marked"
expect 0 "$bin" diff new-plain.json base.json
grep -q '^1 new, 1 resolved\|^0 new, 1 resolved, 0 changed; 0 newly open' out || report "diff back: $(tail -1 out)"
expect 0 "$bin" diff --fail-on never base.json new-plain.json
expect 1 "$bin" diff --fail-on info -f json base.json new-plain.json
jq -e '.summary.newly_failing >= 1 and .verdict == "fail"' out >/dev/null || report "diff -f json summary"
expect 0 "$bin" diff base.json base.json
grep -q '^0 new, 0 resolved, 0 changed; 0 newly open at or above error$' out || report "diff of a report with itself"
# a baselined finding is not open: open -> baseline is a change that does
# not gate; baseline -> open is one that does (it would fail the gate now)
expect 0 "$bin" diff base.json moved.json
grep -q "changed ($open_base)" out || report "diff open -> baseline: not every finding shown as changed"
expect 1 "$bin" diff moved.json base.json
expect 2 "$bin" diff base.json truncated.json
grep -Eq '^chipgate: truncated.json:[0-9]+:[0-9]+: ' err || report "diff of a bad report: $(cat err)"
expect 2 "$bin" diff base.json
grep -q '^usage: chipgate diff \[--fail-on SEVERITY\] \[-f text|json\] OLD-REPORT NEW-REPORT$' err ||
	report "diff with one report: no usage"
expect 2 "$bin" diff -f xml base.json new.json
expect 2 "$bin" diff --fail-on fatal base.json new.json
ok "diff exit statuses"

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "ok: baseline and diff"
exit 0
