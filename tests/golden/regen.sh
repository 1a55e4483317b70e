#!/usr/bin/env bash
# Regenerate the golden files of issue #4 (every report format for both
# example inventories, the diff and baseline cases) after an intended
# change of a writer, the example inventories or the packs:
#
#     cmake --build build && bash tests/golden/regen.sh build/chipgate
#     git diff tests/golden    # review every change before committing
#
# Never edit a golden by hand: the tests compare byte for byte.
set -u
bin=${1:?usage: bash tests/golden/regen.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$src/tests/golden
. "$out/cases.sh"
golden_env

cd "$src" || exit 1
golden_formats "$bin" "$out" || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && golden_diffs "$bin" "$src" "$out") || exit 1
echo "regenerated $(ls "$out" | grep -vc '\.sh$') golden files in $out"
