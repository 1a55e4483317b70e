#!/usr/bin/env bash
# Run one CLI test case (tests/cli/NAME.t) against the chipgate binary.
#
# A case is data, one directive per line ('#' starts a comment):
#   run: ARGS...          arguments (shell words; @SRC@ = source dir, @TMP@ = scratch dir)
#   env: NAME=VALUE       set for the run (repeatable)
#   cwd: PATH             run there instead of in the scratch dir (paths in messages stay relative)
#   stdin: PATH           feed a file on standard input
#   exit: N               expected exit status (default 0)
#   stderr: TEXT          expected stderr, one directive per line, exact (omit: must be empty
#                         unless stderr-match or stderr-any is given)
#   stderr-match: ERE     stderr must match this extended regex (repeatable)
#   stderr-any:           stderr is not checked
#   stdout: TEXT          expected stdout, exact, one directive per line
#   stdout-golden: PATH   stdout must equal this file exactly
#   stdout-contains: TEXT a line of stdout must contain TEXT (repeatable)
#   stdout-lacks: TEXT    no line of stdout may contain TEXT (repeatable)
#   file-contains: PATH TEXT   a file the run wrote must contain TEXT
#   absent: PATH          this path must not exist after the run (nothing written)
#   only-files: N         the scratch dir holds exactly N entries afterwards (no temp files)
#   requires-shared:      skip (exit 77, loudly) when ../shared is not present
# Several "run:" blocks are not supported: one case, one run.
set -u
bin=$1
case_file=$2
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${SHARED_DIR:-$src/../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

args="" exp_exit=0 stdin=/dev/null
stderr_exp=() stderr_re=() stderr_any=0 stdout_exp=() have_stdout=0 golden=""
contains=() lacks=() absent=() fcontains=() only_files="" envs=() cwd=""
subst() { local s=${1//@SRC@/$src}; s=${s//@TMP@/$tmp}; s=${s//@SHARED@/$shared}; printf '%s' "$s"; }
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'#'*|'') continue ;;
	run:*) args=$(subst "${line#run: }") ;;
	env:*) envs+=("$(subst "${line#env: }")") ;;
	cwd:*) cwd=$(subst "${line#cwd: }") ;;
	stdin:*) stdin=$(subst "${line#stdin: }") ;;
	exit:*) exp_exit=${line#exit: } ;;
	stderr-match:*) stderr_re+=("$(subst "${line#stderr-match: }")") ;;
	stderr-any:*) stderr_any=1 ;;
	stderr:*) stderr_exp+=("$(subst "${line#stderr: }")") ;;
	stdout-golden:*) golden=$(subst "${line#stdout-golden: }") ;;
	stdout-contains:*) contains+=("$(subst "${line#stdout-contains: }")") ;;
	stdout-lacks:*) lacks+=("$(subst "${line#stdout-lacks: }")") ;;
	stdout:*) have_stdout=1; stdout_exp+=("$(subst "${line#stdout: }")") ;;
	file-contains:*) fcontains+=("$(subst "${line#file-contains: }")") ;;
	absent:*) absent+=("$(subst "${line#absent: }")") ;;
	only-files:*) only_files=${line#only-files: } ;;
	requires-shared:*)
		if [ ! -d "$shared/samples" ]; then
			echo "SKIP: $case_file needs ../shared (not present beside the checkout)"
			exit 77
		fi ;;
	*) echo "bad directive in $case_file: $line"; exit 1 ;;
	esac
done <"$case_file"

eval "set -- $args"
(cd "${cwd:-$tmp}" && env "${envs[@]+"${envs[@]}"}" "$bin" "$@" <"$stdin" >"$tmp/.stdout" 2>"$tmp/.stderr")
rc=$?
fail=0
report() { echo "FAIL: $*"; fail=1; }
[ "$rc" = "$exp_exit" ] || report "exit status $rc, expected $exp_exit"
if [ $stderr_any = 0 ]; then
	if [ ${#stderr_exp[@]} -gt 0 ] || [ ${#stderr_re[@]} -eq 0 ]; then
		printf '%s\n' "${stderr_exp[@]+"${stderr_exp[@]}"}" | sed '/^$/d' >"$tmp/.stderr.exp"
		diff -u "$tmp/.stderr.exp" "$tmp/.stderr" >/dev/null || {
			report "stderr differs"; diff -u "$tmp/.stderr.exp" "$tmp/.stderr"; }
	fi
	for re in "${stderr_re[@]+"${stderr_re[@]}"}"; do
		grep -Eq -- "$re" "$tmp/.stderr" || report "stderr does not match /$re/"
	done
fi
if [ $have_stdout = 1 ]; then
	printf '%s\n' "${stdout_exp[@]}" >"$tmp/.stdout.exp"
	diff -u "$tmp/.stdout.exp" "$tmp/.stdout" >/dev/null || {
		report "stdout differs"; diff -u "$tmp/.stdout.exp" "$tmp/.stdout"; }
fi
if [ -n "$golden" ]; then
	diff -u "$golden" "$tmp/.stdout" || report "stdout differs from $golden"
fi
for c in "${contains[@]+"${contains[@]}"}"; do
	grep -qF -- "$c" "$tmp/.stdout" || report "stdout lacks '$c'"
done
for c in "${lacks[@]+"${lacks[@]}"}"; do
	if grep -qF -- "$c" "$tmp/.stdout"; then report "stdout contains '$c'"; fi
done
for fc in "${fcontains[@]+"${fcontains[@]}"}"; do
	f=${fc%% *} text=${fc#* }
	case $f in /*) ;; *) f=$tmp/$f ;; esac
	grep -qF -- "$text" "$f" 2>/dev/null || report "$f lacks '$text'"
done
for p in "${absent[@]+"${absent[@]}"}"; do
	case $p in /*) ;; *) p=$tmp/$p ;; esac
	[ ! -e "$p" ] || report "$p exists but nothing should have been written"
done
if [ -n "$only_files" ]; then
	n=$(find "$tmp" -mindepth 1 -maxdepth 1 ! -name '.stdout' ! -name '.stderr' ! -name '.*.exp' | wc -l)
	[ "$n" = "$only_files" ] || { report "scratch dir holds $n entries, expected $only_files"; ls -la "$tmp"; }
fi
if [ $fail = 1 ]; then
	echo "--- case: $case_file"; echo "--- stdout:"; head -50 "$tmp/.stdout"; echo "--- stderr:"; cat "$tmp/.stderr"
	exit 1
fi
exit 0
