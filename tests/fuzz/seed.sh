#!/usr/bin/env bash
# Build the seed corpora of the fuzz targets from the test fixtures, the
# example inventories, the shipped rules and the bad-input corpus, plus the
# regression inputs (regress/NAME). Seeds are generated, not committed.
#
# usage: bash tests/fuzz/seed.sh OUTDIR     -> OUTDIR/NAME/ per target
set -euo pipefail
out=${1:?usage: seed.sh OUTDIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
shopt -s nullglob

put() { # put TARGET FILE...: copy files into OUTDIR/TARGET
	local t=$1
	shift
	mkdir -p "$out/$t"
	for f in "$@"; do
		[ -f "$f" ] && cp -- "$f" "$out/$t/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	return 0
}

mkdir -p "$out"
# the committed hand-made seeds of formats without many fixtures
for d in "$src"/tests/fuzz/seeds/*/; do
	put "$(basename "$d")" "$d"*
done
put inventory "$src"/tests/fixtures/inventory/*.cfg "$src"/tests/fixtures/cli/*.cfg \
	"$src"/tests/fixtures/attest/*.cfg "$src"/inventories/*.cfg "$src"/tests/bad/inv-*.cfg \
	"$src"/tests/fuzz/regress/inventory/*
put policy "$src"/rules/cn-cac-2025.cfg "$src"/rules/us-ear-2025.cfg \
	"$src"/tests/fixtures/cli/pack.cfg "$src"/tests/fixtures/cli/bad-pack.cfg \
	"$src"/tests/fixtures/policy/*.cfg "$src"/tests/bad/pack-*.cfg "$src"/tests/fuzz/regress/policy/*
put catalog "$src"/rules/catalog.cfg "$src"/tests/fixtures/catalog/*.cfg "$src"/tests/fixtures/cli/overlay.cfg \
	"$src"/tests/bad/catalog-*.cfg "$src"/tests/fuzz/regress/catalog/*
put csv "$src"/tests/fixtures/csv/*.csv "$src"/tests/fixtures/ingest/*.csv "$src"/inventories/*.csv \
	"$src"/tests/bad/*.csv "$src"/tests/fuzz/regress/csv/*
put cyclonedx "$src"/tests/fixtures/cyclonedx/*.json "$src"/tests/fixtures/ingest/*cdx*.json \
	"$src"/inventories/*cdx*.json "$src"/tests/bad/cdx-*.json "$src"/tests/fuzz/regress/cyclonedx/*
put osquery "$src"/tests/fixtures/osquery/*.json "$src"/tests/fixtures/ingest/*osquery*.json \
	"$src"/tests/bad/osquery-*.json "$src"/tests/fuzz/regress/osquery/*
put lspci "$src"/tests/fixtures/collect/*lspci* "$src"/../shared/samples/*lspci* \
	"$src"/tests/bad/lspci-* "$src"/tests/fuzz/regress/lspci/*
put nvidia_smi "$src"/tests/fixtures/collect/*nvidia* "$src"/tests/fixtures/collect/nvsmi* \
	"$src"/../shared/samples/*nvidia* \
	"$src"/tests/bad/nvidia-smi-* "$src"/tests/fuzz/regress/nvidia_smi/*
put npu_smi "$src"/tests/fixtures/collect/*npu* "$src"/../shared/samples/*npu* \
	"$src"/tests/bad/npu-smi-* "$src"/tests/fuzz/regress/npu_smi/*
put nvsmi_xml "$src"/tests/fixtures/collect/nvsmi*.xml "$src"/../shared/samples/nvidia-smi*.xml \
	"$src"/tests/fuzz/regress/nvsmi_xml/*
put nvsmi_text "$src"/tests/fixtures/collect/nvsmi*.txt "$src"/tests/fuzz/regress/nvsmi_text/*
put rocm_smi "$src"/tests/fixtures/collect/rocm*.json "$src"/../shared/samples/rocm-smi* \
	"$src"/tests/fuzz/regress/rocm_smi/*
put amd_smi "$src"/tests/fixtures/collect/amdsmi* "$src"/../shared/samples/amd-smi* \
	"$src"/tests/fuzz/regress/amd_smi/*
put cnmon "$src"/tests/fixtures/collect/cnmon* "$src"/tests/fuzz/regress/cnmon/*
put kube "$src"/tests/fixtures/collect/kube* "$src"/../shared/samples/kubectl* \
	"$src"/../shared/samples/node-labels* "$src"/tests/fuzz/regress/kube/*
put redfish "$src"/tests/fixtures/collect/redfish* "$src"/../shared/samples/redfish* \
	"$src"/tests/fuzz/regress/redfish/*
put envelope "$src"/tests/fixtures/attest/*.dsse.json "$src"/tests/bad/env-*.json \
	"$src"/tests/fuzz/regress/envelope/*
put report_json "$src"/tests/fixtures/attest/report.json "$src"/tests/fixtures/report/*.json \
	"$src"/tests/fuzz/regress/report_json/*

# the collector targets read one option byte first
for t in lspci nvidia_smi npu_smi nvsmi_xml nvsmi_text rocm_smi amd_smi cnmon kube redfish; do
	for f in "$out/$t"/*; do
		{ printf '\003'; cat "$f"; } >"$f.opt" && mv "$f.opt" "$f"
	done
done

# expressions: every when/scope/weight/group_by of the shipped packs, with
# the leading byte that picks the wanted type (1 bool, 2 number, 3 string)
mkdir -p "$out/expr"
python3 - "$src" "$out/expr" <<'PY'
import glob, re, sys
src, dst = sys.argv[1], sys.argv[2]
want = {"when": 1, "scope": 1, "weight": 2, "group_by": 3}
pat = re.compile(r'\b(when|scope|weight|group_by)\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+);', re.S)
n = 0
for f in sorted(glob.glob(src + "/rules/*.cfg") + glob.glob(src + "/tests/fixtures/cli/*.cfg")):
    text = open(f, encoding="utf-8", errors="replace").read()
    for m in pat.finditer(text):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
        expr = "".join(p.replace('\\"', '"').replace("\\\\", "\\") for p in parts)
        n += 1
        with open("%s/pack-%03d" % (dst, n), "wb") as o:
            o.write(bytes([want[m.group(1)]]) + expr.encode())
extra = [b"\x01asset.quantity * 2 > chip.tpp / 0 || !(as_of < date('2025-02-28'))",
         b"\x03lower(upper(asset.site)) + 'x'", b"\x00min(1, max(2, abs(-3)))",
         b"\x01asset.site matches '[a-c]*?x' && contains(asset.site, 'DC')",
         b"\x02days_between(as_of, date('2026-01-01'))", b"\x01has(asset.attrs.rack)",
         b"\x05[1, 2, 3]", b"\x01'a' in ['a', 'b'] && 8 in asset.sizes", b"\x04date('2025-08-12')",
         b"\x01starts_with(asset.site, 'Bei') && ends_with(asset.site, '1')",
         b"\x01" + b"(" * 70 + b"true" + b")" * 70, b"\x01" + b"!" * 80 + b"true",
         b"\x02" + b"-" * 80 + b"1"]
for i, e in enumerate(extra):
    with open("%s/extra-%02d" % (dst, i), "wb") as o:
        o.write(e)
PY
# in-toto Statements: the payloads of the committed envelopes
mkdir -p "$out/statement"
python3 - "$src" "$out/statement" <<'PY'
import base64, glob, json, os, sys
for f in sorted(glob.glob(sys.argv[1] + "/tests/fixtures/attest/*.dsse.json")):
    try:
        p = base64.b64decode(json.load(open(f))["payload"])
    except Exception:
        continue
    open(os.path.join(sys.argv[2], os.path.basename(f) + ".statement"), "wb").write(p)
PY
for f in "$src"/tests/fuzz/regress/statement/*; do cp -- "$f" "$out/statement/"; done
for f in "$src"/tests/fuzz/regress/expr/*; do cp -- "$f" "$out/expr/"; done
# drop empty corpora (targets whose format has no fixtures yet)
for d in "$out"/*/; do
	[ -n "$(ls -A "$d")" ] || echo "seed.sh: no seeds for $(basename "$d")" >&2
done
