#!/usr/bin/env bash
# End-to-end tests of the CI-gate formats of `chipgate check` (issue #4):
#
#  1. every format of both example inventories equals its golden file
#     (tests/golden, regenerate with tests/golden/regen.sh), byte for byte;
#  2. -o infers the format from the extension, and -f wins over it;
#  3. SARIF validates against the OASIS schema in ../shared/schemas (with
#     /usr/bin/python3 -m jsonschema) and passes structural assertions of
#     our own: rules listed and indexed, locations relative with a line,
#     fingerprints that do not change when every line moves, suppressions
#     on waived and justified results, baselineState with a baseline;
#  4. JUnit is well-formed (xmllint --noout), one testsuite per policy,
#     and valid against Jenkins' junit-10.xsd in ../shared/schemas
#     (xmllint --schema; skipped loudly without it); GitLab Code Quality
#     has the fields its documented format requires;
#  5. hostile input (markup, pipes, mentions, newlines, % , :) stays inert
#     in every format: XML well-formed, no <script in HTML, one GitHub
#     command per line, Markdown cells escaped;
#  6. HTML loads nothing (no script, no src=/href= to a URL, a CSP), its
#     tags balance, and — when chromium is installed — a headless
#     screenshot shows the charts' foreign and domestic colours;
#  7. Markdown lists at most 20 findings of each severity and says how
#     many more; --max-findings changes it;
#  8. a write error (stdout on /dev/full) is exit 2 for every format.
#
# usage: bash tests/e2e/formats.sh PATH-TO-CHIPGATE   (SOURCE_DIR = checkout)
# exit: 0 pass, 1 fail, 77 when the SARIF or JUnit schema check could not
# run (../shared or python3-jsonschema absent: said loudly, everything else
# still ran). Without chromium the screenshot check alone is skipped, loudly.
# At fleet scale: tests/e2e/ci-scale.sh.
set -u
bin=${1:?usage: formats.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${SHARED_DIR:-$src/../shared}
golden=$src/tests/golden
py=/usr/bin/python3
. "$golden/cases.sh"
golden_env

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-formats.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0 mark=0 skipped=()
report() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
# ok MESSAGE: said only when nothing failed since the previous ok
ok() {
	[ "$failures" -eq "$mark" ] && echo "ok: $*"
	mark=$failures
}
cd "$src" || exit 1

# ---- 1. goldens -----------------------------------------------------------
mkdir "$tmp/gold"
if golden_formats "$bin" "$tmp/gold"; then
	n=0
	for f in "$tmp"/gold/*; do
		n=$((n + 1))
		g=$golden/$(basename "$f")
		if [ ! -f "$g" ]; then
			report "no golden $g (run tests/golden/regen.sh)"
		elif ! diff -u "$g" "$f" >"$tmp/golden.diff"; then
			report "$(basename "$f") differs from $g (if intended: tests/golden/regen.sh)"
			head -40 "$tmp/golden.diff"
		fi
	done
	# every format of every golden inventory
	want=$(($(echo $GOLDEN_INVENTORIES | wc -w) * $(echo $GOLDEN_FORMATS | wc -w)))
	[ "$n" -eq "$want" ] || report "expected $want golden outputs, made $n"
	ok "$n golden outputs compared"
else
	report "could not produce the golden outputs"
fi

# ---- 2. format from the -o extension ------------------------------------------
# Extensions match in any case; the verdict goes to stderr, -q silences it.
for spec in x.json:example.json x.sarif:example.sarif x.sarif.json:example.sarif x.xml:example.xml \
	x.md:example.md x.markdown:example.md x.html:example.html x.htm:example.html x.txt:example.txt \
	X.SARIF:example.sarif x.Json:example.json x.SARIF.JSON:example.sarif x.HTML:example.html \
	x.Md:example.md x.TXT:example.txt; do
	out=${spec%%:*} want=${spec#*:}
	"$bin" check -q -o "$tmp/$out" inventories/example.cfg 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || report "check -o $out exited $rc, expected 1"
	[ -s "$tmp/err" ] && report "check -q -o $out wrote to stderr: $(head -1 "$tmp/err")"
	cmp -s "$tmp/$out" "$golden/$want" || report "check -o $out did not write the format of $want"
done
# An extension that names no format, or none, is an error that lists the
# formats, and nothing is written; -f decides whatever the name.
for out in x.out report x.yaml x.json.bak; do
	"$bin" check -o "$tmp/$out" inventories/example.cfg >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "^chipgate: cannot tell the report format from the name '.*$out'; give -f FORMAT (text, json, sarif, junit, github, gitlab, markdown, html)" "$tmp/err" ||
		report "check -o $out: expected exit 2 and the list of formats (got $rc: $(head -1 "$tmp/err"))"
	[ -e "$tmp/$out" ] && report "check -o $out wrote $out"
done
"$bin" check -f text -o "$tmp/x.out" inventories/example.cfg 2>/dev/null
cmp -s "$tmp/x.out" "$golden/example.txt" || report "-f text -o x.out did not write text"
"$bin" check -q -f json -o "$tmp/y.html" inventories/example.cfg
cmp -s "$tmp/y.html" "$golden/example.json" || report "-f json -o y.html: -f must win over the extension"
"$bin" check -f yaml inventories/example.cfg >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "unknown format 'yaml' (text, json, sarif, junit, github, gitlab, markdown, html)" "$tmp/err" ||
	report "-f yaml: expected exit 2 and the list of formats (got $rc: $(head -1 "$tmp/err"))"
ok "format inference from -o"

# ---- 3. SARIF ---------------------------------------------------------------------
# A moved-lines variant and a baseline run, for fingerprints and baselineState.
mkdir -p "$tmp/moved/inventories"
golden_variant inventories/example.cfg "$tmp/moved/inventories/example.cfg" move || report "variant 'move'"
(cd "$tmp/moved" && "$bin" check -f sarif inventories/example.cfg >moved.sarif)
"$bin" check -o "$tmp/base.json" inventories/example.cfg
(cd "$tmp/moved" && "$bin" check -f sarif --baseline "$tmp/base.json" inventories/example.cfg >baseline.sarif)
rc=$?
[ $rc -eq 0 ] || report "check --baseline (moved lines) -f sarif exited $rc, expected 0"

sarifs=("$golden/example.sarif" "$golden/us-distributor.sarif" "$tmp/moved/baseline.sarif")
if [ ! -x "$py" ]; then
	skipped+=("SARIF structure and schema: $py is not installed")
else
	cat >"$tmp/sarif_check.py" <<'EOF'
import json, sys
sarif, report, moved, base = sys.argv[1:5]
errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)
def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f)
s, r = load(sarif), load(report)
check(s.get("version") == "2.1.0", "version is not 2.1.0")
check(len(s.get("runs", [])) == 1, "not exactly one run")
run = s["runs"][0]
drv = run["tool"]["driver"]
check(drv["name"] == "chipgate", "driver name")
rules = drv["rules"]
ids = [x["id"] for x in rules]
check(len(ids) == len(set(ids)), "rule ids are not unique")
for x in rules:
    for k in ("id", "name", "shortDescription", "fullDescription", "defaultConfiguration", "help"):
        check(k in x, "rule %s lacks %s" % (x.get("id"), k))
    check(x["defaultConfiguration"]["level"] in ("error", "warning", "note"), "rule level")
    check(x["name"].isalnum(), "rule name %r is not an identifier" % x["name"])
evaluated = {x["id"] for x in r["rules"] if x["evaluated"]}
check(evaluated <= set(ids), "evaluated rules missing from the driver: %s" % (evaluated - set(ids)))
for x in r["rules"]:
    if x["references"] and x["id"] in ids:
        h = rules[ids.index(x["id"])]["help"]["text"]
        check(all(ref in h for ref in x["references"]), "help of %s lacks its references" % x["id"])
res = run["results"]
check(len(res) == len(r["findings"]), "%d results for %d findings" % (len(res), len(r["findings"])))
sevmap = {"error": "error", "warning": "warning", "info": "note"}
for i, (x, f) in enumerate(zip(res, r["findings"])):
    where = "result %d (%s %s)" % (i, f["rule"], f["asset"] or f.get("group"))
    check(x["ruleId"] == f["rule"], where + ": ruleId")
    check(rules[x["ruleIndex"]]["id"] == x["ruleId"], where + ": ruleIndex points elsewhere")
    check(x["level"] == sevmap[f["severity"]], where + ": level")
    check(x["message"]["text"].startswith(f["message"]), where + ": message")
    loc = x["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    check(not uri.startswith("/") and "://" not in uri, where + ": uri %r not relative" % uri)
    check(uri == f["location"]["file"], where + ": uri %r != %r" % (uri, f["location"]["file"]))
    check(loc["region"]["startLine"] == f["location"]["line"] >= 1, where + ": startLine")
    check(len(x["partialFingerprints"]["chipgateFinding/v1"]) == 64, where + ": fingerprint")
    sup = x.get("suppressions")
    if f["status"] in ("waived", "justified"):
        check(sup and sup[0]["kind"] == "external" and sup[0]["justification"] == f["note"],
              where + ": waived/justified without an external suppression carrying the note")
    else:
        check(sup is None, where + ": an open finding is suppressed")
m = load(moved)["runs"][0]["results"]
fp = lambda rs: sorted(x["partialFingerprints"]["chipgateFinding/v1"] for x in rs)
lines = lambda rs: sorted(x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in rs)
check(fp(m) == fp(res), "fingerprints changed when the lines moved")
check(lines(m) != lines(res), "the moved variant did not move any line (the test tests nothing)")
b = load(base)["runs"][0]["results"]
states = {x["properties"]["status"]: x.get("baselineState") for x in b}
check(states.get("baseline") == "unchanged", "baseline results are not baselineState unchanged")
check(all("baselineState" in x for x in b), "with a baseline every result needs a baselineState")
check(not any("baselineState" in x for x in res), "without a baseline no result has a baselineState")
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
EOF
	if "$py" "$tmp/sarif_check.py" "$golden/example.sarif" "$golden/example.json" "$tmp/moved/moved.sarif" \
		"$tmp/moved/baseline.sarif"; then
		ok "SARIF structure (rules, locations, fingerprints across moved lines, suppressions, baselineState)"
	else
		report "SARIF structural assertions"
	fi
	schema=$shared/schemas/sarif-schema-2.1.0.json
	if [ ! -f "$schema" ]; then
		skipped+=("SARIF schema validation: $schema is absent (../shared not beside the checkout)")
	elif ! "$py" -c 'import jsonschema' 2>/dev/null; then
		skipped+=("SARIF schema validation: $py has no jsonschema (apt-get install python3-jsonschema)")
	else
		for s in "${sarifs[@]}"; do
			if "$py" -m jsonschema -i "$s" "$schema" >"$tmp/js.out" 2>&1; then
				ok "SARIF schema: $(basename "$s")"
			else
				report "$s does not validate against the SARIF 2.1.0 schema"
				head -20 "$tmp/js.out"
			fi
		done
	fi
fi

# ---- 4. JUnit ----------------------------------------------------------------------
if command -v xmllint >/dev/null; then
	for x in "$golden/example.xml" "$golden/us-distributor.xml"; do
		xmllint --noout "$x" || report "$x is not well-formed XML"
	done
	n=$(xmllint --xpath 'count(/testsuites/testsuite)' "$golden/example.xml")
	[ "$n" = 2 ] || report "example.xml: $n testsuites, expected 2 (cn-cac, chipgate)"
	f=$(xmllint --xpath 'string(/testsuites/testsuite[@name="cn-cac"]/@failures)' "$golden/example.xml")
	[ "$f" = 4 ] || report "example.xml: cn-cac has $f failures, expected 4 rules with open errors"
	ok "JUnit well-formed"
	xsd=$shared/schemas/jenkins-xunit-junit-10.xsd
	if [ ! -f "$xsd" ]; then
		skipped+=("JUnit schema validation: $xsd is absent (../shared not beside the checkout)")
	else
		for x in "$golden/example.xml" "$golden/us-distributor.xml"; do
			xmllint --noout --schema "$xsd" "$x" >"$tmp/xsd.out" 2>&1 ||
				{ report "$x is not valid against junit-10.xsd"; head -5 "$tmp/xsd.out"; }
		done
		# the check can fail: an attribute the schema refuses on <testsuites>
		sed 's/<testsuites name="chipgate"/& skipped="0"/' "$golden/example.xml" >"$tmp/bad.xml"
		xmllint --noout --schema "$xsd" "$tmp/bad.xml" >/dev/null 2>&1 &&
			report "junit-10.xsd accepted <testsuites skipped>: the schema check tests nothing"
		ok "JUnit valid against junit-10.xsd"
	fi
else
	report "xmllint is not installed (libxml2-utils): JUnit cannot be checked"
fi

# ---- 4b. GitLab Code Quality ---------------------------------------------------------------
# The fields of GitLab's documented format, the SARIF fingerprints, no BOM
# (tests/e2e/gitlab_check.py, shared with ci-scale.sh).
if [ -x "$py" ]; then
	for inv in example us-distributor; do
		# open and baseline findings, not the waived and justified ones
		want=$("$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(f["status"] in ("open","baseline") for f in r["findings"]))' "$golden/$inv.json")
		"$py" "$src/tests/e2e/gitlab_check.py" "$golden/$inv.gitlab" "$golden/$inv.sarif" "$want" ||
			report "$inv.gitlab does not follow GitLab's Code Quality format"
	done
	grep -q '"severity": "blocker"' "$golden/example.gitlab" || report "example.gitlab: a failing finding is not a blocker"
	printf '[{"description": "x", "check_name": "c", "fingerprint": "f", "severity": "fatal", "location": {"path": "a", "lines": {"begin": 1}}}]' >"$tmp/bad.gitlab"
	"$py" "$src/tests/e2e/gitlab_check.py" "$tmp/bad.gitlab" >/dev/null && report "the GitLab check accepted severity 'fatal'"
	ok "GitLab Code Quality fields, severities and fingerprints"
fi

# ---- 5. hostile input --------------------------------------------------------------------
mkdir "$tmp/hostile"
cat >"$tmp/hostile/in,v:1.cfg" <<'EOF'
inventory = { organization = "<script>alert(1)</script> & Co"; jurisdiction = "CN"; as_of = "2025-08-12";
              policies = ["cn-cac-2025"]; };
assets = (
  { id = "x\"><script>alert('id')</script>&amp;"; model = "H100 PCIe"; quantity = 8;
    site = "Site|pipe*star_under@octocat #1 %0A:,[link](http://evil.example/)";
    purpose = "government"; status = "deployed"; },
  { id = "comma,colon:percent%25"; model = "H100 PCIe"; quantity = 8; site = "<b>bold</b>\nnext\rline";
    purpose = "government"; status = "deployed"; }
);
EOF
(
	cd "$tmp/hostile" || exit 1
	for spec in $GOLDEN_FORMATS; do
		"$bin" check -f "${spec%%:*}" 'in,v:1.cfg' >"h.${spec#*:}"
	done
)
h=$tmp/hostile/h
if command -v xmllint >/dev/null; then
	xmllint --noout "$h.xml" || report "hostile JUnit is not well-formed"
fi
if [ -x "$py" ]; then
	"$py" -c 'import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))' "$h.sarif" "$h.json" ||
		report "hostile SARIF/JSON does not parse"
fi
grep -qi '<script' "$h.html" && report "hostile HTML contains <script"
grep -q '&lt;script&gt;' "$h.html" || report "hostile HTML lost the escaped asset id"
grep -q '<b>bold' "$h.html" && report "hostile HTML contains a <b> from the input"
n=$(grep -c '' "$h.github")
[ "$n" -eq 5 ] || report "hostile GitHub output has $n lines, expected the verdict and 4 findings"
head -1 "$h.github" | grep -q '^::error title=chipgate FAIL::' || report "GitHub: the verdict is not the first line"
grep -v '^::' "$h.github" && report "a GitHub output line does not start a command"
grep -qF '::error file=in%2Cv%3A1.cfg,line=' "$h.github" || report "GitHub: ',' and ':' not escaped in file="
grep -qF '%250A' "$h.github" || report "GitHub: '%' in the message not escaped"
grep -qF '&lt;b&gt;bold&lt;/b&gt;%0Anext%0Dline' "$h.github" && report "GitHub output HTML-escaped"
grep -qF "<b>bold</b>%0Anext%0Dline" "$h.github" || report "GitHub: newline / CR not escaped"
grep -qF 'Site\|pipe\*star\_under@&#8203;octocat \#1' "$h.md" || report "Markdown cell not escaped"
grep -qF '\[link\]' "$h.md" || report "Markdown: link brackets not escaped"
grep -q '<b>' "$h.md" && report "Markdown passes raw HTML"
"$py" -c 'import json,sys; json.load(open(sys.argv[1]))' "$h.gitlab" || report "hostile GitLab report does not parse"
grep -q '<b>bold</b>' "$h.gitlab" || report "GitLab: the description lost the input text (JSON needs no HTML escaping)"
ok "hostile input stays inert"

# ---- 6. HTML -------------------------------------------------------------------------------
for x in "$golden/example.html" "$golden/us-distributor.html" "$h.html"; do
	grep -qi '<script' "$x" && report "$x has a <script>"
	grep -Eiq "(src|href|xlink:href|action)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*([a-z]+:)?//" "$x" &&
		report "$x refers to an external URL"
	grep -Eiq '@import|url\(' "$x" && report "$x loads a resource from CSS"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$x" || report "$x has no CSP"
done
n=$(grep -c '<svg' "$golden/example.html")
[ "$n" -ge 2 ] || report "example.html has $n SVG charts, expected the exposure and origin charts"
for inv in example us-distributor; do
	for s in $(grep -o '"sha256": "[0-9a-f]*"' "$golden/$inv.json" | cut -d'"' -f4); do
		grep -q "$s" "$golden/$inv.html" || report "$inv.html lacks the input digest $s"
	done
done
if [ -x "$py" ]; then
	cat >"$tmp/tags.py" <<'EOF'
import sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("line %d: </%s> closes %s" % (self.getpos()[0], tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
bad = 0
for path in sys.argv[1:]:
    p = P()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    for e in p.errors[:5] + ["unclosed %s at line %d" % (t, l) for t, (l, c) in p.stack[:5]]:
        print("  %s: %s" % (path, e))
        bad = 1
sys.exit(bad)
EOF
	"$py" "$tmp/tags.py" "$golden/example.html" "$golden/us-distributor.html" "$h.html" || report "HTML tags do not balance"
fi
ok "HTML self-contained"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	skipped+=("HTML screenshot: chromium is not installed (apt-get install chromium)")
elif [ ! -x "$py" ]; then
	skipped+=("HTML screenshot: $py is not installed to read the PNG")
else
	cp "$golden/example.html" "$tmp/shot.html"
	(cd "$tmp" && timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/chromium" --screenshot="$tmp/shot.png" --window-size=1280,2000 \
		"file://$tmp/shot.html" >/dev/null 2>&1)
	if [ ! -s "$tmp/shot.png" ]; then
		report "chromium wrote no screenshot"
	elif "$py" "$src/tests/e2e/png_colours.py" "$tmp/shot.png" foreign:c62828:6:2001 \
		domestic:2e7d32:6:2001 fail-badge:cf222e:6:201; then
		ok "HTML screenshot shows the charts and the verdict"
	else
		report "the HTML screenshot lacks the charts' colours or the verdict"
	fi
fi

# ---- 7. Markdown truncation ---------------------------------------------------------------
{
	printf 'inventory = { jurisdiction = "CN"; as_of = "2025-08-12"; policies = ["cn-cac-2025"]; };\nassets = (\n'
	for i in $(seq 1 60); do
		printf '  { id = "gov-%02d"; model = "H100 PCIe"; quantity = 1; site = "S"; purpose = "government"; status = "deployed"; }%s\n' \
			"$i" "$([ "$i" -lt 60 ] && echo ,)"
	done
	printf ');\n'
} >"$tmp/many.cfg"
"$bin" check -f markdown "$tmp/many.cfg" >"$tmp/many.md"
rows=$(grep -c '^| error | open | CN-GOV-001 |' "$tmp/many.md")
[ "$rows" -eq 20 ] || report "Markdown shows $rows finding rows, expected 20"
grep -qF '… and 40 more findings not listed (40 error; 40 of them open): at most 20 of each severity are listed, open ones first; the full report has every one.' "$tmp/many.md" ||
	report "Markdown does not count the findings it left out"
[ "$(wc -c <"$tmp/many.md")" -lt 65536 ] || report "Markdown longer than a GitHub comment"
"$bin" check -f markdown --max-findings 55 "$tmp/many.cfg" >"$tmp/many55.md"
rows=$(grep -c '^| error | open | CN-GOV-001 |' "$tmp/many55.md")
[ "$rows" -eq 55 ] || report "Markdown --max-findings 55 shows $rows rows"
"$bin" check -f markdown --max-findings 0 "$tmp/many.cfg" >"$tmp/many0.md"
rows=$(grep -c '^| error | open | CN-GOV-001 |' "$tmp/many0.md")
[ "$rows" -eq 60 ] || report "Markdown --max-findings 0 shows $rows rows, expected all 60"
grep -q 'more findings not listed' "$tmp/many0.md" && report "Markdown --max-findings 0 says findings were left out"
"$bin" check -f text --max-findings 5 "$tmp/many.cfg" >"$tmp/many5.txt"
rows=$(grep -c '^error   CN-GOV-001 ' "$tmp/many5.txt")
[ "$rows" -eq 5 ] || report "text --max-findings 5 shows $rows rows"
grep -q '^  open: 60 error' "$tmp/many5.txt" || report "text --max-findings 5: the counts are not exact"
"$bin" check --max-findings -1 "$tmp/many.cfg" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "invalid --max-findings '-1'" "$tmp/err" || report "--max-findings -1 is not a usage error"
ok "Markdown and text truncation"

# ---- 8. write errors -----------------------------------------------------------------------
if [ -w /dev/full ]; then
	for spec in $GOLDEN_FORMATS; do
		"$bin" check -f "${spec%%:*}" inventories/example.cfg >/dev/full 2>"$tmp/err"
		rc=$?
		[ $rc -eq 2 ] && grep -q 'write error' "$tmp/err" ||
			report "-f ${spec%%:*} to /dev/full: exit $rc, expected 2 with a write error"
	done
	ok "write errors"
fi

for s in "${skipped[@]+"${skipped[@]}"}"; do
	echo "SKIP: $s"
done
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
for s in "${skipped[@]+"${skipped[@]}"}"; do
	case $s in SARIF*|JUnit*) echo "SKIP: a schema was not checked; everything else passed"; exit 77 ;; esac
done
echo "ok: formats"
exit 0
