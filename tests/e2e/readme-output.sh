#!/usr/bin/env bash
# What README.md shows chipgate printing is what it prints:
#
#  - the block after "It prints:" is the stdout of the README's first line's
#    command, `chipgate check inventories/example.cfg`;
#  - every example of the form "    $ chipgate ..." that reads only the
#    shipped inventories and writes nothing (no -o, --sign, -k, keygen)
#    is run from the top of the checkout as written (pipes included), and
#    its output must be the indented lines that follow it, blank lines
#    inside the output included.
#
# usage: bash tests/e2e/readme-output.sh PATH-TO-CHIPGATE
# exit: 0 pass, 1 fail (with a diff).
set -u
bin=${1:?usage: readme-output.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-readme.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" && ln -s "$bin" "$tmp/bin/chipgate" || exit 1
export PATH="$tmp/bin:/usr/bin:/bin" NO_COLOR=1 LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH CHIPGATE_MAX_INPUT
cd "$src" || exit 1
failures=0 ran=0

# the first example's output
sed -n '/It prints:$/,$p' README.md | sed -n '/^```$/,/^```$/p' | sed '1d' |
	sed -n '/^```$/q;p' >"$tmp/want"
[ -s "$tmp/want" ] || { echo "FAIL: README.md has no block after 'It prints:'"; exit 1; }
chipgate check inventories/example.cfg >"$tmp/got"
if ! diff -u "$tmp/want" "$tmp/got"; then
	echo "FAIL: README's 'It prints:' block differs from chipgate check inventories/example.cfg (above)"
	failures=$((failures + 1))
fi
ran=$((ran + 1))

# every "    $ chipgate" example that only reads the shipped inventories:
# split into numbered command and output files
awk -v dir="$tmp" '
	function flush() { if (n) { close(cmd); close(out) } }
	/^    \$ chipgate / { flush(); n++; cmd = dir "/cmd." n; out = dir "/out." n
		print substr($0, 7) >cmd; printf "" >out; pend = ""; inblk = 1; next }
	inblk && /^    / { printf "%s%s\n", pend, substr($0, 5) >>out; pend = ""; next }
	inblk && /^$/ { pend = pend "\n"; next }
	{ inblk = 0; pend = "" }
	END { flush() }' README.md
for c in "$tmp"/cmd.*; do
	[ -e "$c" ] || continue
	cmd=$(cat "$c")
	case $cmd in
	*inventories/*) ;;
	*) continue ;;
	esac
	case " $cmd " in
	*" -o "* | *" --sign "* | *" -k "* | *keygen* | *" > "* | *">"*) continue ;;
	esac
	n=${c##*.}
	bash -c "$cmd" >"$tmp/got.$n" 2>/dev/null
	if ! diff -u "$tmp/out.$n" "$tmp/got.$n"; then
		echo "FAIL: README's output of '\$ $cmd' differs from what it prints (above)"
		failures=$((failures + 1))
	fi
	ran=$((ran + 1))
done
[ "$ran" -ge 4 ] || { echo "FAIL: only $ran README examples found to run"; failures=$((failures + 1)); }
if [ "$failures" -ne 0 ]; then
	echo "$failures of $ran README examples differ"
	exit 1
fi
echo "ok: $ran README examples print what README.md shows"
