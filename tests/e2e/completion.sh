#!/usr/bin/env bash
# Bash completion: the script `chipgate completion bash` prints is valid
# bash, and, sourced into a bash, completes what the parser accepts:
# commands, every option that `CMD --help` lists, option values (formats,
# severities, embedded pack names, catalog ids), files, and catalog's
# subcommands; '--opt=VALUE' and operands after options too. Each case sets
# COMP_WORDS/COMP_CWORD as bash would and compares COMPREPLY.
#
# usage: bash tests/e2e/completion.sh CHIPGATE-BINARY
# exit: 0 pass, 1 fail
set -u
bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "FAIL: usage: bash tests/e2e/completion.sh CHIPGATE-BINARY (got '$bin')"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-completion.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
report() {
	echo "FAIL: $*"
	fail=1
}

"$bin" completion bash >"$tmp/chipgate.bash" || report "chipgate completion bash exited $?"
bash -n "$tmp/chipgate.bash" || report "the completion script is not valid bash"
"$bin" completion zsh >/dev/null 2>&1 && report "completion zsh: expected an error"

# complete WORD...: the completions of the last word, sorted, one line.
# Runs in a fresh bash with the script sourced, in $tmp/files.
mkdir -p "$tmp/files"
touch "$tmp/files/inv-a.cfg" "$tmp/files/inv-b.csv" "$tmp/files/other.json"
complete_words() {
	(cd "$tmp/files" && bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_chipgate
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"' \
		_ "$tmp/chipgate.bash" chipgate "$@")
}
expect() { # expect "WANT" WORD...
	local want=$1 got
	shift
	got=$(complete_words "$@")
	[ "$got" = "$want" ] || report "complete '$*': got '$got', want '$want'"
}

expect "catalog check collect completion cosign" c
expect "" chek                                              # no such command
expect "" chek ''
expect "--format --format-in" check --form
expect "github gitlab html json junit markdown sarif text" check -f ''
expect "json junit" check -f j
expect "json junit" check --format = j                    # --format=j
expect "github gitlab html json junit markdown sarif text" check --format =  # --format=
expect "error info never warning" check inventories/x.cfg --fail-on ''
expect "cn-cac" check -p cn
expect "us-ear" check --policy = us                   # --policy=us: bash splits at '='
expect "inv-a.cfg inv-b.csv" check inv
expect "inv-a.cfg inv-b.csv" check -f json -o r.json inv   # after options and their values
expect "inv-a.cfg inv-b.csv" check --format = json inv
expect "" check --as-of ''                                  # a date: nothing to offer
expect "always auto never" check --color = ''
expect "inv-a.cfg inv-b.csv" check --color inv              # --color alone takes no value
expect "list" catalog l
expect "match" catalog -f json m
expect "nvidia-h20 nvidia-h200 nvidia-h200-nvl" catalog show nvidia-h2
expect "huawei-ascend-910b" catalog show -f json huawei-ascend-910b
expect "government" collect --purpose g
expect "ecdsa-p256 ed25519" keygen -t e
expect "bash" completion b
expect "--inputs" verify --in

# every option that CMD --help lists completes, and nothing else does
cmds=$("$bin" --help | awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
n=0
for cmd in $cmds; do
	help=$("$bin" "$cmd" --help | awk '/^options:$/ { on = 1; next } on && /^$/ { exit } on' |
		grep -Eo '^(  -[[:alnum:]], |      )--[[:alnum:]-]+' | grep -Eo -- '-{1,2}[[:alnum:]-]+' | sort | tr '\n' ' ' | sed 's/ $//')
	got=$(complete_words "$cmd" - | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
	[ -n "$help" ] || report "$cmd --help lists no options"
	[ "$got" = "$help" ] || report "complete '$cmd -': got '$got', --help lists '$help'"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || report "only $n commands compared"

[ $fail -eq 0 ] && echo "ok: completion script valid; values, files and the options of $n commands complete"
exit $fail
