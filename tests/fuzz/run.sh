#!/usr/bin/env bash
# Run one fuzz target for a while on its seed corpus.
#
# usage: bash tests/fuzz/run.sh BUILD-DIR TARGET SECONDS [WORKDIR]
#   BUILD-DIR  a build configured with -DCHIPGATE_FUZZ=ON (clang)
#   TARGET     inventory, policy, expr, catalog, ... (tests/fuzz/fuzz_TARGET.c)
#   WORKDIR    where the growing corpus and any crash files go
#              (default: BUILD-DIR/fuzz-work/TARGET)
# env FUZZ_SEEDS=DIR: take the seeds from DIR/TARGET (made once with
# seed.sh DIR) instead of generating them for this run.
# exit: 0 no crash, 1 a crash or leak (the input is in WORKDIR/crash-*,
# leak-*, timeout-*, oom-*), 2 usage.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD-DIR TARGET SECONDS [WORKDIR]}" && pwd)
target=${2:?target}
secs=${3:?seconds}
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/tests/fuzz/fuzz_$target
[ -x "$bin" ] || { echo "run.sh: $bin not built (configure with -DCHIPGATE_FUZZ=ON)" >&2; exit 2; }
work=${4:-$build/fuzz-work/$target}
mkdir -p "$work/corpus"
if [ -n "${FUZZ_SEEDS:-}" ]; then # seeds already made by seed.sh (CI: once for all targets)
	seeds=$FUZZ_SEEDS/$target
	mkdir -p "$seeds"
else
	seeds=$work/seeds
	mkdir -p "$seeds"
	bash "$here/seed.sh" "$work/seeds.all" 2>/dev/null
	[ -d "$work/seeds.all/$target" ] && cp -n "$work/seeds.all/$target"/* "$seeds/" 2>/dev/null || true
	rm -rf "$work/seeds.all"
fi
case $target in
	inventory|policy|catalog) dict=$here/libconfig.dict ;;
	expr) dict=$here/expr.dict ;;
	cyclonedx|osquery|envelope|statement|report_json|rocm_smi|amd_smi|kube|redfish)
		dict=$here/json.dict ;;
	nvsmi_xml) dict=$here/xml.dict ;;
	csv) dict=$here/csv.dict ;;
	*) dict="" ;;
esac
args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=1536 -print_final_stats=1
      -artifact_prefix="$work/")
[ -n "$dict" ] && [ -f "$dict" ] && args+=(-dict="$dict")
[ "$target" = expr ] && args+=(-max_len=5000)
# env FUZZ_ARGS: more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1
# -ignore_timeouts=1" to keep going past a known crash (each is saved)
# shellcheck disable=SC2206
[ -n "${FUZZ_ARGS:-}" ] && args+=($FUZZ_ARGS)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# the corpus dir first: libFuzzer writes new inputs there; seeds are read only
cd "$work"
nice -n 10 "$bin" "${args[@]}" "$work/corpus" "$seeds" </dev/null
