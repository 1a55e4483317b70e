#!/usr/bin/env bash
# The stages of src/ include only what README.md's "Layout" table allows:
# the table is read from the README (stage, description, "may include"
# list; a word with a slash allows that one header of a stage), and every
# #include "STAGE/..." of every file under src/STAGE/ is checked against
# it. A stage that exists in src/ but not in the table fails too, so the
# table and the tree cannot drift apart.
#
# usage: bash tests/e2e/layout.sh [PATH-TO-CHIPGATE]   (the binary is unused)
set -u
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || exit 1
block=$(sed -n '/^## Layout$/,/^##[^#]/p' README.md | sed -n '/^    stage  *what it is/,/^$/p')
header=$(head -n 1 <<<"$block")
table=$(sed '1d;/^$/d' <<<"$block")
col=${header%%may include*}
col=${#col}
[ -n "$table" ] && [ "$col" -lt "${#header}" ] || { echo "FAIL: README.md has no Layout table"; exit 1; }
declare -A allow
while IFS= read -r line; do
	stage=$(awk '{print $1}' <<<"$line")
	allow[$stage]=" ${line:$col} " # the column under "may include"
done <<<"$table"
fail=0
for dir in src/*/; do
	stage=$(basename "$dir")
	if [ -z "${allow[$stage]+x}" ]; then
		echo "FAIL: src/$stage is not in README.md's Layout table"
		fail=1
		continue
	fi
	ok=${allow[$stage]}
	case $ok in *" everything "*) continue ;; esac
	while IFS=: read -r file _ inc; do
		hdr=$(sed -n 's/^#include "\([^"]*\)".*/\1/p' <<<"$inc")
		other=${hdr%%/*}
		[ "$other" = "$stage" ] && continue
		case $ok in
		*" $other "* | *" $hdr "*) ;;
		*)
			echo "FAIL: $file includes $hdr; README.md's Layout lets $stage include only:$ok"
			fail=1
			;;
		esac
	done < <(grep -n '^#include "[a-z]*/' "$dir"*.[ch])
done
[ "$fail" -eq 0 ] && echo "ok: every #include in src/ follows README.md's Layout table"
exit "$fail"
