#!/usr/bin/env bash
# us-ear's 2026 rules through the command line, where the pack's own tests
# (rules/us-ear.cfg, run by lint) cannot go: they run with the pack's
# defaults and with no rule enabled, so this script sets parameters and
# enables rules as a user would.
#
#  - the 91 FR 1684 zone with --param zone_connective=or (the press
#    reading) on both sides of both limits, and with the limits moved
#    (zone_tpp_below, zone_bw_below): a limit is "below", never "at";
#  - the Affiliates rule's re-imposition date as a parameter;
#  - each bill (watch, enabled = false): nothing without --enable, nothing
#    the day before it was introduced or advanced, a watch finding from that
#    day with --enable, and never a failing verdict, whatever --fail-on says.
#
# Each check compares the exact set of us-ear findings, as RULE:ASSET with
# =justified, =waived, =indeterminate or =watch as the pack tests write them.
#
# usage: bash tests/e2e/us-ear-2026.sh PATH-TO-CHIPGATE
# exit: 0 pass, 1 fail.
set -u
bin=${1:?usage: us-ear-2026.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fx=$src/tests/fixtures/packs
export SOURCE_DATE_EPOCH=1755000000 NO_COLOR=1 LC_ALL=C
failures=0
report() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-usear.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# keys ARGS...: the us-ear findings of `chipgate check -f json ARGS`, one
# key a line, sorted; the exit status goes to $tmp/rc.
keys() {
	"$bin" check -f json "$@" >"$tmp/r.json" 2>"$tmp/err"
	echo $? >"$tmp/rc"
	jq -r '.findings[] | select(.policy == "us-ear")
		| .rule + ":" + .asset
		  + (if .status != "open" then "=" + .status
		     elif ((.note // "") | startswith("indeterminate")) then "=indeterminate"
		     elif ((.note // "") | startswith("watch")) then "=watch"
		     else "" end)' "$tmp/r.json" | sort
}

# ran: the last check ran and gave a verdict (exit 0 or 1), so that an
# empty list of findings is not an error's silence.
ran() { [ "$(cat "$tmp/rc")" -le 1 ]; }

# expect NAME "KEY KEY ..." ARGS...: the findings are exactly the keys.
expect() {
	local name=$1 want=$2 got
	shift 2
	got=$(keys "$@" | tr '\n' ' ' | sed 's/ $//')
	want=$(printf '%s\n' $want | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		ok "$name"
	else
		report "$name"
		echo "  want: $want"
		echo "  got:  $got"
		sed 's/^/  stderr: /' "$tmp/err"
	fi
}

# ---- the zone: connective and limits ------------------------------------------
zone=(-C "$fx/us-ear-zone-catalog.cfg" "$fx/us-ear-zone.cfg")
expect "zone, 'and' (the default): one limit reached puts an item above" \
	"US-CBC-001:cn-in US-PD-001:cn-tpp US-PD-001:cn-bw US-PD-001:cn-out
	 US-CBC-001:cn-nobw=indeterminate US-PD-001:cn-nobw=indeterminate US-PD-001:mo-nobw-hi
	 US-3A090A-003:ru-in" "${zone[@]}"
expect "zone, --param zone_connective=or: one limit below puts an item inside" \
	"US-CBC-001:cn-in US-CBC-001:cn-tpp US-CBC-001:cn-bw US-PD-001:cn-out
	 US-CBC-001:cn-nobw US-CBC-001:mo-nobw-hi=indeterminate US-PD-001:mo-nobw-hi=indeterminate
	 US-3A090A-003:ru-in" --param zone_connective=or "${zone[@]}"
expect "zone, --param us-ear:zone_connective=and names the pack" \
	"US-CBC-001:cn-in US-PD-001:cn-tpp US-PD-001:cn-bw US-PD-001:cn-out
	 US-CBC-001:cn-nobw=indeterminate US-PD-001:cn-nobw=indeterminate US-PD-001:mo-nobw-hi
	 US-3A090A-003:ru-in" --param us-ear:zone_connective=and "${zone[@]}"
expect "zone, TPP limit moved to 20999: TPP 20999 is not below it" \
	"US-PD-001:cn-in US-PD-001:cn-tpp US-PD-001:cn-bw US-PD-001:cn-out US-PD-001:cn-nobw
	 US-PD-001:mo-nobw-hi US-3A090A-003:ru-in" --param zone_tpp_below=20999 "${zone[@]}"
expect "zone, bandwidth limit moved to 6501: 6500 GB/s is below it" \
	"US-CBC-001:cn-in US-PD-001:cn-tpp US-CBC-001:cn-bw US-PD-001:cn-out
	 US-CBC-001:cn-nobw=indeterminate US-PD-001:cn-nobw=indeterminate US-PD-001:mo-nobw-hi
	 US-3A090A-003:ru-in" --param zone_bw_below=6501 "${zone[@]}"
"$bin" check --param zone_connective=maybe "${zone[@]}" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "zone_connective=maybe: 'maybe' is not one of: and, or" "$tmp/err"; then
	ok "zone, a connective other than and / or is refused (exit 2)"
else
	report "zone, --param zone_connective=maybe: exit $rc, $(cat "$tmp/err")"
fi

# ---- the 2026 example with the press reading ---------------------------------
expect "the 2026 example with 'or': the H100 of unstated variant inside, the B30A undecided" \
	"US-CBC-001:ord-cn-h200-cert=justified US-CBC-001:ord-cn-h200-nocert US-CBC-001:ord-cn-mi325x
	 US-CBC-001:ord-my-h200=justified US-ENT-002:ord-cn-l20-fudan US-H20-001:ord-cn-h20
	 US-HQ-002:ord-my-b200 US-HQ-002:ord-my-h200=waived US-PD-001:ord-my-b200
	 US-CBC-001:ord-cn-h100 US-CBC-001:ord-cn-b30a=indeterminate US-PD-001:ord-cn-b30a=indeterminate
	 US-ENT-001:ord-us-mlu370 US-HQ-003:ord-my-l40 US-232-001:ord-cn-h200-cert
	 US-232-001:ord-cn-h200-nocert US-232-001:ord-cn-mi325x US-232-001:ord-my-h200
	 US-301-001:ord-us-mlu370 US-H20-002:ord-cn-h20 US-OFFSHORE-001:ord-my-h200=watch" \
	--param zone_connective=or "$src/inventories/us-distributor-2026.cfg"

# ---- the Affiliates rule's re-imposition date --------------------------------------
bills=$fx/us-ear-bills.cfg
expect "Affiliates rule re-imposed on 2026-11-10 (the default)" \
	"US-PD-001:cn-b200 US-AFF-001:my-l20" --as-of 2026-11-10 "$bills"
expect "Affiliates rule, --param affiliates_reimposed_on=2026-12-01: still suspended on 2026-11-30" \
	"US-PD-001:cn-b200" --as-of 2026-11-30 --param affiliates_reimposed_on=2026-12-01 "$bills"
expect "Affiliates rule, --param affiliates_reimposed_on=2026-12-01: in force on 2026-12-01" \
	"US-PD-001:cn-b200 US-AFF-001:my-l20" --as-of 2026-12-01 --param affiliates_reimposed_on=2026-12-01 "$bills"

# ---- the bills: watch, off unless enabled ------------------------------------------
# bill:first day:the watch findings on that day with --enable
for spec in "US-GAIN-001:2025-10-09:US-GAIN-001:cn-b200=watch" \
	"US-OVERWATCH-001:2025-12-18:US-OVERWATCH-001:cn-b200=watch" \
	"US-RASA-001:2026-01-12:US-RASA-001:sg-h100=watch" \
	"US-CSA-001:2026-03-26:US-CSA-001:cn-b200=watch US-CSA-001:sg-h100=watch"; do
	rule=${spec%%:*} rest=${spec#*:}
	day=${rest%%:*} want=${rest#*:}
	before=$(date -u -d "$day - 1 day" +%F)
	got=$(keys --as-of "$day" "$bills" | grep -c "^$rule:")
	[ "$got" -eq 0 ] && ran && ok "$rule off without --enable on $day" ||
		report "$rule without --enable on $day: $got findings, exit $(cat "$tmp/rc")"
	got=$(keys --as-of "$before" --enable "$rule" "$bills" | grep -c "^$rule:")
	[ "$got" -eq 0 ] && ran && ok "$rule not yet on $before, even enabled" ||
		report "$rule on $before: $got findings, exit $(cat "$tmp/rc")"
	got=$(keys --as-of "$day" --enable "$rule" "$bills" | grep "^$rule:" | tr '\n' ' ' | sed 's/ $//')
	want=$(printf '%s\n' $want | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] && ok "$rule from $day with --enable: $got" ||
		report "$rule on $day with --enable: want '$want', got '$got'"
done
expect "watch findings never fail the gate, even with --fail-on info" \
	"US-RASA-001:sg-h100=watch US-CSA-001:sg-h100=watch" --fail-on info \
	--enable US-RASA-001 --enable US-CSA-001 "$fx/us-ear-remote.cfg"
[ "$(cat "$tmp/rc")" -eq 0 ] && ok "watch only: exit 0" || report "watch only: exit $(cat "$tmp/rc"), want 0"

echo "$failures failed"
[ $failures -eq 0 ]
