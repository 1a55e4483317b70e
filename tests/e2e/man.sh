#!/usr/bin/env bash
# The manual pages: every man/*.[1-8] is clean under `mandoc -Tlint
# -Wwarning`, and for every command that `chipgate --help` lists, the usage
# that `chipgate CMD --help` prints is the SYNOPSIS of that command in
# chipgate(1), as rendered by `mandoc -Tascii | col -b`, whitespace
# normalised, and the options its help lists are those its man page
# documents. So is the top-level usage line. Must never pass when a command
# has no synopsis, or when no command was compared at all.
#
# usage: bash tests/e2e/man.sh CHIPGATE-BINARY   (env SOURCE_DIR: the checkout)
# exit: 0 pass, 1 fail, 77 skip (mandoc or col not installed)
set -u
bin=${1:-}
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "FAIL: usage: bash tests/e2e/man.sh CHIPGATE-BINARY (got '$bin')"
	exit 1
fi
for tool in mandoc col; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the man pages were NOT checked" >&2
		echo "SKIP: $tool is not installed; the man pages were NOT checked"
		exit 77
	fi
done

fail=0
report() {
	echo "FAIL: $*"
	fail=1
}

# ---- 1. mandoc -Tlint is silent for every page -------------------------
shopt -s nullglob
pages=("$src"/man/*.[1-8])
[ ${#pages[@]} -gt 0 ] || report "no man pages in $src/man"
for page in "${pages[@]}"; do
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
	rc=$?
	if [ -n "$out" ] || [ $rc -ne 0 ]; then
		report "mandoc -Tlint -Wwarning $page (status $rc):"
		printf '%s\n' "$out"
	fi
done

# ---- 2. --help and SYNOPSIS say the same thing --------------------------
# Collapse every run of blanks and newlines into one space; trim both ends.
norm() {
	tr -s ' \t\n' '   ' | sed -e 's/^ //' -e 's/ $//'
}

page=$src/man/chipgate.1
rendered=$(mandoc -Tascii "$page" | col -bx)
# The SYNOPSIS section as blocks, one per line: a block starts at a line
# indented as little as the section's first line; deeper-indented lines
# continue it; a blank line ends it.
blocks=$(printf '%s\n' "$rendered" | awk '
	/^SYNOPSIS$/ { on = 1; next }
	on && /^[^ ]/ { exit }
	!on { next }
	/^ *$/ { if (cur != "") print cur; cur = ""; next }
	{
		match($0, /^ */); ind = RLENGTH
		if (base == "") base = ind
		line = substr($0, ind + 1)
		if (ind == base) { if (cur != "") print cur; cur = line }
		else cur = cur " " line
	}
	END { if (cur != "") print cur }' | sed -e 's/[[:space:]]\{1,\}/ /g' -e 's/ $//')
[ -n "$blocks" ] || report "no SYNOPSIS found in $page"

# The SYNOPSIS block(s) of "chipgate WORD", WORD empty for the bare command.
synopsis_of() {
	local cmd=$1
	printf '%s\n' "$blocks" | awk -v cmd="$cmd" '
		cmd == "" && $1 == "chipgate" && substr($2, 1, 1) == "[" { print; next }
		cmd != "" && $1 == "chipgate" && $2 == cmd { print }'
}

compare() {
	local what=$1 usage=$2 cmd=$3 man n
	man=$(synopsis_of "$cmd")
	n=$(printf '%s' "$man" | grep -c '^' || true)
	if [ "$n" -eq 0 ]; then
		report "$what: no SYNOPSIS for 'chipgate${cmd:+ $cmd}' in $page"
		printf '  --help: %s\n' "$usage"
		return
	fi
	if [ "$n" -gt 1 ]; then
		report "$what: 'chipgate${cmd:+ $cmd}' has $n SYNOPSIS entries in $page"
		return
	fi
	if [ "$usage" != "$man" ]; then
		report "$what: --help and the SYNOPSIS of $page differ"
		printf '  --help:   %s\n  SYNOPSIS: %s\n' "$usage" "$man"
	fi
}

# ---- 3. --help and the man page list the same options -------------------
# The options a command's page documents: its subsection (".Ss CMD" as in
# chipgate-review(1), or ".Ss chipgate CMD" as in chipgate(1)) in its own
# page chipgate-CMD.1, else in any page; else its own page whole. Every "-x"
# and "--name" of an ".It Fl" item line. -h/--help is documented globally.
man_options() {
	local cmd=$1 own=$src/man/chipgate-$1.1 f text
	for f in "$own" "$src"/man/chipgate-*.1 "$page"; do
		[ -f "$f" ] || continue
		text=$(awk -v a=".Ss $cmd" -v b=".Ss chipgate $cmd" \
			'$0 == a || $0 == b { on = 1; next } on && /^\.S[sh] / { exit } on' "$f")
		[ -z "$text" ] && [ "$f" = "$own" ] && text=$(cat "$f")
		[ -n "$text" ] && break
	done
	printf '%s\n' "$text" | grep '^\.It Fl ' | grep -o 'Fl [^ ]*' | sed 's/^Fl /-/' |
		grep -vx -- '-h\|--help' | sort -u
}
# The options CMD --help lists: "  -x, --name ARG" or "      --name ARG".
help_options() {
	printf '%s\n' "$1" | awk '/^options:$/ { on = 1; next } on && /^$/ { exit } on' |
		grep -Eo '^(  -[[:alnum:]], |      )--[[:alnum:]-]+' | grep -Eo -- '-{1,2}[[:alnum:]-]+' |
		grep -vx -- '-h\|--help' | sort -u
}
nopts=0
options_match() {
	local cmd=$1 help=$2 h m
	h=$(help_options "$help")
	m=$(man_options "$cmd")
	[ -n "$h$m" ] || return 0
	if [ "$h" != "$m" ]; then
		report "chipgate $cmd: --help and the man page list different options"
		diff <(printf '%s\n' "$h") <(printf '%s\n' "$m") | sed -n 's/^</  only in --help:/p; s/^>/  only in the man page:/p'
	fi
	nopts=$((nopts + $(printf '%s\n' "$h" | grep -c .)))
}

help_out=$("$bin" --help)
rc=$?
[ $rc -eq 0 ] || report "chipgate --help exited $rc"
top=$(printf '%s\n' "$help_out" | sed -n '1s/^usage: //p' | norm)
[ -n "$top" ] || report "chipgate --help: first line does not start with 'usage: '"
compare "chipgate --help" "$top" ""

cmds=$(printf '%s\n' "$help_out" | awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
ncmds=0
for cmd in $cmds; do
	ncmds=$((ncmds + 1))
	out=$("$bin" "$cmd" --help)
	rc=$?
	if [ $rc -ne 0 ]; then
		report "chipgate $cmd --help exited $rc"
		continue
	fi
	case $out in
	"usage: "*) ;;
	*) report "chipgate $cmd --help does not start with 'usage: '"; continue ;;
	esac
	# the usage is the help's first paragraph
	usage=$(printf '%s\n' "${out#usage: }" | sed '/^$/,$d' | norm)
	compare "chipgate $cmd --help" "$usage" "$cmd"
	options_match "$cmd" "$out"
done
[ $ncmds -gt 0 ] || report "chipgate --help lists no commands"

if [ $fail -eq 0 ]; then
	echo "ok: ${#pages[@]} man pages lint clean; $ncmds command synopses match --help;" \
		"$nopts options documented as --help lists them"
fi
exit $fail
