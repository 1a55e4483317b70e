#!/usr/bin/env bash
# Installation and the embedded rules:
#  1. `cmake --install` into a DESTDIR puts the binary in bin/, every
#     man/*.1 and man/*.5 page in share/man/man1 and man5, and rules/*.cfg
#     in share/chipgate/rules (GNUInstallDirs, prefix /usr/local), byte for
#     byte, the bash completion in share/bash-completion/completions, and
#     nothing outside the prefix;
#  2. the installed binary runs from any directory with no source tree:
#     `check` of the example inventory gives its usual verdict (exit 1);
#  3. `chipgate --version` prints the version from CMakeLists.txt and one
#     line per embedded file whose digest equals `sha256sum rules/NAME`,
#     for every rules/*.cfg and no other file.
#
# usage: bash tests/e2e/install.sh CHIPGATE-BINARY   (env SOURCE_DIR: the checkout)
# The binary must sit in its CMake build directory (cmake_install.cmake).
# exit: 0 pass, 1 fail, 77 skip (no build directory beside the binary)
set -u
bin=${1:-}
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "FAIL: usage: bash tests/e2e/install.sh CHIPGATE-BINARY (got '$bin')"
	exit 1
fi
build=$(cd "$(dirname "$bin")" && pwd)
if [ ! -f "$build/cmake_install.cmake" ]; then
	echo "SKIP: $bin is not in a CMake build directory; installation was NOT tested"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
report() {
	echo "FAIL: $*"
	fail=1
}

# ---- 1. the installed tree ------------------------------------------------
root=$tmp/root
prefix=/usr/local
if ! DESTDIR=$root cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
	report "cmake --install failed:"
	cat "$tmp/install.log"
	exit 1
fi
dest=$root$prefix
[ -x "$dest/bin/chipgate" ] || report "no executable $prefix/bin/chipgate"
shopt -s nullglob
pages=0
for page in "$src"/man/*.1 "$src"/man/*.5; do
	sec=${page##*.}
	pages=$((pages + 1))
	inst=$dest/share/man/man$sec/$(basename "$page")
	cmp -s "$page" "$inst" || report "man page $(basename "$page") not installed as $prefix/share/man/man$sec/$(basename "$page")"
done
[ $pages -gt 0 ] || report "no man pages in $src/man"
[ -f "$dest/share/man/man1/chipgate.1" ] || report "chipgate.1 is not installed"
rules=("$src"/rules/*.cfg)
[ ${#rules[@]} -gt 0 ] || report "no rules/*.cfg in $src"
for r in "${rules[@]}"; do
	cmp -s "$r" "$dest/share/chipgate/rules/$(basename "$r")" ||
		report "rules/$(basename "$r") not installed as $prefix/share/chipgate/rules/$(basename "$r")"
done
# the bash completion, where bash-completion looks, as the binary writes it
comp=$dest/share/bash-completion/completions/chipgate
if [ -f "$comp" ]; then
	"$bin" completion bash | cmp -s - "$comp" ||
		report "the installed completion differs from 'chipgate completion bash'"
	bash -n "$comp" || report "the installed completion is not valid bash"
else
	report "no bash completion installed as $prefix/share/bash-completion/completions/chipgate"
fi
stray=$(cd "$root" && find . -mindepth 1 \( -type f -o -type l \) ! -path ".$prefix/*")
[ -z "$stray" ] || report "files installed outside $prefix: $stray"
echo "installed: $(cd "$root" && find . -type f | sort | tr '\n' ' ')"

# ---- 2. the installed binary works alone -----------------------------------
ibin=$dest/bin/chipgate
if [ -x "$ibin" ]; then
	mkdir -p "$tmp/elsewhere"
	cp "$src/inventories/example.cfg" "$tmp/elsewhere/"
	(cd "$tmp/elsewhere" && "$ibin" check example.cfg >"$tmp/check.out" 2>"$tmp/check.err")
	rc=$?
	[ $rc = 1 ] || report "installed 'chipgate check example.cfg' exited $rc, expected 1: $(head -3 "$tmp/check.err")"
	grep -q '^FAIL ' "$tmp/check.out" || report "installed check printed no verdict line"
fi

# ---- 3. --version: the version and the digests of the embedded rules -------
for b in "$bin" "$ibin"; do
	[ -x "$b" ] || continue
	"$b" --version >"$tmp/version" 2>&1 || report "$b --version failed"
	want=$(sed -n 's/^project(chipgate VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
	[ "$(head -1 "$tmp/version")" = "chipgate $want" ] ||
		report "$b --version says '$(head -1 "$tmp/version")', expected 'chipgate $want'"
	# "embedded NAME   sha256:HEX" for exactly the files of rules/, digests equal
	(cd "$src/rules" && sha256sum -- *.cfg | awk '{ print $2, $1 }' | sort) >"$tmp/want"
	sed -n 's/^embedded \([^ ]*\) *sha256:\([0-9a-f]*\)$/\1 \2/p' "$tmp/version" | sort >"$tmp/got"
	if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
		report "$b --version digests differ from sha256sum rules/*.cfg:"
		cat "$tmp/diff"
	fi
	[ -s "$tmp/got" ] || report "$b --version lists no embedded files"
done

[ $fail = 0 ] && echo "ok: installed tree, installed binary and embedded digests"
exit $fail
