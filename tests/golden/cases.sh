# The golden cases of issue #4, shared by tests/golden/regen.sh (which
# writes them) and tests/e2e/formats.sh and tests/e2e/baseline.sh (which
# compare against them). Source it; it defines functions only.
#
# Every golden is chipgate's stdout, run from the top of the checkout with
# relative paths (so reports name "inventories/example.cfg", not a machine's
# absolute path) and a fixed SOURCE_DATE_EPOCH (so generated_at is fixed).

GOLDEN_EPOCH=1755000000 # 2025-08-12T12:00:00Z
GOLDEN_INVENTORIES="example us-distributor"
# a state-owned PRC operator as of 2026-06-01 (cn-cac's 2026 rules)
GOLDEN_INVENTORIES="$GOLDEN_INVENTORIES cn-operator-2026"
# the US distributor as of 2026-06-01 (us-ear's 2026 rules)
GOLDEN_INVENTORIES="$GOLDEN_INVENTORIES us-distributor-2026"
# format:extension
GOLDEN_FORMATS="text:txt json:json sarif:sarif junit:xml github:github gitlab:gitlab markdown:md html:html"

golden_env() {
	export SOURCE_DATE_EPOCH=$GOLDEN_EPOCH NO_COLOR=1 LC_ALL=C TZ=UTC
	unset CHIPGATE_MAX_INPUT
}

# golden_variant SRC DST STEPS: a copy of SRC (inventories/example.cfg)
# changed by STEPS, a comma-separated list of
#   move      three comment lines after "assets = (" (every asset moves down)
#   new       a new government H100 asset, gz3-h100-gov2 (a new CN-GOV-001 error)
#   retire    bj1-h20-train decommissioned (CN-H20-003 resolved, Beijing share moves)
#   expire    the gz3-a800-grid waiver expired (CN-GOV-001 waived -> open)
# Each step checks that it changed something, so an edit of the example
# that breaks a step fails loudly instead of testing nothing.
golden_variant() {
	local src=$1 dst=$2 steps=$3 step before
	cp "$src" "$dst" || return 1
	for step in ${steps//,/ }; do
		before=$(cksum <"$dst")
		case $step in
		move) sed -i '/^assets = ($/a\
  # moved: three lines inserted by tests/golden/cases.sh\
  #\
  #' "$dst" ;;
		new) sed -i '/^assets = ($/a\
  { id = "gz3-h100-gov2"; model = "H100 PCIe"; quantity = 16; site = "Guangzhou-DC3";\
    purpose = "government"; status = "deployed"; owner = "gov-cloud"; },' "$dst" ;;
		retire) sed -i '/id = "bj1-h20-train"/,/}; },/ s/status = "deployed"/status = "decommissioned"/' "$dst" ;;
		expire) sed -i '/asset = "gz3-a800-grid"/,/expires/ s/expires = "2026-03-31"/expires = "2025-03-31"/' "$dst" ;;
		*) echo "golden_variant: unknown step '$step'" >&2; return 1 ;;
		esac
		if [ "$(cksum <"$dst")" = "$before" ]; then
			echo "golden_variant: step '$step' changed nothing in $src; update tests/golden/cases.sh" >&2
			return 1
		fi
	done
}

# golden_formats CHIPGATE OUTDIR: every format of every example inventory,
# as OUTDIR/INVENTORY.EXT. Run from the top of the checkout.
golden_formats() {
	local bin=$1 out=$2 inv spec fmt ext rc
	for inv in $GOLDEN_INVENTORIES; do
		for spec in $GOLDEN_FORMATS; do
			fmt=${spec%%:*} ext=${spec#*:}
			"$bin" check -f "$fmt" "inventories/$inv.cfg" >"$out/$inv.$ext"
			rc=$?
			# both examples have open errors: 1 is the expected verdict
			if [ $rc -ne 1 ]; then
				echo "golden_formats: check -f $fmt inventories/$inv.cfg exited $rc, expected 1" >&2
				return 1
			fi
		done
	done
}

# golden_diffs CHIPGATE SRCDIR OUTDIR: in the current (scratch) directory,
# reports before and after the variant move,new,retire,expire, then
#   OUTDIR/diff.txt, diff.json            before -> after
#   OUTDIR/diff-reverse.txt, .json        after -> before
#   OUTDIR/baseline-next.json             check of the variant with --baseline before.json
golden_diffs() {
	local bin=$1 src=$2 out=$3
	mkdir -p inventories || return 1
	cp "$src/inventories/example.cfg" inventories/example.cfg || return 1
	"$bin" check -o before.json inventories/example.cfg
	[ $? -eq 1 ] || { echo "golden_diffs: check before.json did not exit 1" >&2; return 1; }
	golden_variant "$src/inventories/example.cfg" inventories/example.cfg move,new,retire,expire || return 1
	"$bin" check -o after.json inventories/example.cfg
	[ $? -eq 1 ] || { echo "golden_diffs: check after.json did not exit 1" >&2; return 1; }
	"$bin" diff before.json after.json >"$out/diff.txt"
	"$bin" diff -f json before.json after.json >"$out/diff.json"
	"$bin" diff after.json before.json >"$out/diff-reverse.txt"
	"$bin" diff -f json after.json before.json >"$out/diff-reverse.json"
	"$bin" check -f json --baseline before.json inventories/example.cfg >"$out/baseline-next.json"
	return 0
}
