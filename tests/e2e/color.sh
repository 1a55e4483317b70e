#!/usr/bin/env bash
# Colour on a terminal, as no-color.org defines NO_COLOR: each case runs
# chipgate under a pseudo-terminal (script(1)), so "auto" sees a terminal,
# and looks for ANSI escapes in what it printed.
#   auto, NO_COLOR unset            colour
#   auto, NO_COLOR=1 (non-empty)    none
#   auto, NO_COLOR= (set, empty)    colour: only a non-empty value counts
#   --color=never                   none
#   --color=always, NO_COLOR=1      colour: the command line wins
#   -o FILE: the verdict on stderr  coloured on a terminal, not in the file
#   a pipe, auto                    none
#
# usage: bash tests/e2e/color.sh CHIPGATE-BINARY   (env SOURCE_DIR)
# exit: 0 pass, 1 fail, 77 skip (no script(1))
set -u
bin=${1:-}
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "FAIL: usage: bash tests/e2e/color.sh CHIPGATE-BINARY (got '$bin')"
	exit 1
fi
if ! command -v script >/dev/null 2>&1; then
	echo "SKIP: script(1) is not installed (util-linux); colour on a terminal was NOT checked"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-color.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
esc=$(printf '\033[')

# on_tty ENV-ASSIGNMENTS -- ARGS...: chipgate's output on a terminal
on_tty() {
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	local cmd
	cmd=$(printf '%q ' env -u NO_COLOR "${envs[@]+"${envs[@]}"}" "$bin" "$@")
	(cd "$tmp" && script -qec "$cmd" /dev/null </dev/null)
}
has_colour() { # has_colour WANT(yes|no) WHAT OUTPUT
	case $3 in
	*"$esc"*) [ "$1" = yes ] || { echo "FAIL: $2: coloured, expected plain"; fail=1; } ;;
	*) [ "$1" = no ] || { echo "FAIL: $2: plain, expected colour"; fail=1; } ;;
	esac
}

inv=$src/inventories/example.cfg
out=$(on_tty -- check "$inv")
case $out in *FAIL*) ;; *) echo "FAIL: no report on the terminal: $(printf '%s' "$out" | head -2)"; fail=1 ;; esac
has_colour yes "auto on a terminal" "$out"
has_colour no "NO_COLOR=1" "$(on_tty NO_COLOR=1 -- check "$inv")"
has_colour no "NO_COLOR=anything" "$(on_tty NO_COLOR=false -- check "$inv")"
has_colour yes "NO_COLOR set but empty" "$(on_tty NO_COLOR= -- check "$inv")"
has_colour no "--color=never" "$(on_tty -- check --color=never "$inv")"
has_colour yes "--color=always with NO_COLOR=1" "$(on_tty NO_COLOR=1 -- check --color=always "$inv")"
has_colour yes "--color alone with NO_COLOR=1" "$(on_tty NO_COLOR=1 -- check --color "$inv")"
has_colour no "auto into a pipe" "$("$bin" check "$inv")"

# -o: the verdict line goes to the terminal (stderr), coloured; the file is plain
verdict=$(on_tty -- check "$inv" -o r.txt)
has_colour yes "the verdict on a terminal" "$verdict"
case $verdict in *"14 assets, 4512 units; open: 5 error"*"report in r.txt"*) ;;
*) echo "FAIL: the verdict line: $verdict"; fail=1 ;; esac
has_colour no "the report file" "$(cat "$tmp/r.txt")"
has_colour no "the verdict with NO_COLOR=1" "$(on_tty NO_COLOR=1 -- check "$inv" -o r.txt)"
[ -z "$(on_tty -- check "$inv" -q -o r.txt)" ] || { echo "FAIL: -q printed something"; fail=1; }

[ $fail -eq 0 ] && echo "ok: colour follows --color and NO_COLOR on a terminal"
exit $fail
