#!/usr/bin/env bash
# The CI examples of README.md's "CI gate" section, run: the GitHub
# Actions workflow and the GitLab CI job are read from their YAML blocks
# (python3-yaml), and their chipgate commands run as written on the example
# inventory, laid out as the README's repository (inventory/fleet.cfg,
# ci/accepted.json made as the README says, .chipgate/build/chipgate), with
# one finding added after the baseline so that the gate has something new:
#
#  - the workflow asks for actions: read and security-events: write, uses
#    the current majors (checkout v6, cache v5, upload-sarif v4), caches
#    the build and builds only on a cache miss, and does not hide a failed
#    SARIF upload behind continue-on-error;
#  - its "Check the inventory" step writes status=1 to $GITHUB_OUTPUT, a
#    SARIF file the upload step names, the Markdown comment, and with -f
#    github the verdict first and the job summary;
#  - the GitLab job's script writes the Code Quality report its
#    artifacts:reports:codequality names (GitLab's fields), the JUnit report
#    (valid against junit-10.xsd when ../shared has it), and fails the job
#    on the new finding.
#
# usage: bash tests/e2e/readme-ci.sh PATH-TO-CHIPGATE
# exit: 0 pass, 1 fail, 77 when python3 or python3-yaml is missing (said loudly).
set -u
bin=${1:?usage: readme-ci.sh PATH-TO-CHIPGATE}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${SHARED_DIR:-$src/../shared}
py=/usr/bin/python3
if [ ! -x "$py" ] || ! "$py" -c 'import yaml' 2>/dev/null; then
	echo "SKIP: python3 with yaml (apt-get install python3-yaml) is needed to read the README's YAML; nothing was checked"
	exit 77
fi
export SOURCE_DATE_EPOCH=1755000000 NO_COLOR=1 LC_ALL=C
failures=0
report() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipgate-e2e-readme.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/golden/cases.sh"

# the YAML blocks of the section, as JSON
"$py" - "$src/README.md" "$tmp" <<'PYEND' || { echo "FAIL: the README's CI section cannot be read"; exit 1; }
import json, re, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
sec = text[text.index("## CI gate\n"):]
sec = sec[:sec.index("\n## ", 1)]
blocks = re.findall(r"```yaml\n(.*?)```", sec, re.S)
assert len(blocks) == 2, "expected 2 YAML blocks (GitHub, GitLab), found %d" % len(blocks)
gh, gl = (yaml.safe_load(b) for b in blocks)
json.dump(gh, open(sys.argv[2] + "/github.json", "w"))
json.dump(gl, open(sys.argv[2] + "/gitlab.json", "w"))
PYEND

# the repository the examples assume
repo=$tmp/repo
mkdir -p "$repo/inventory" "$repo/ci" "$repo/.chipgate/build"
ln -s "$bin" "$repo/.chipgate/build/chipgate"
cp "$src/inventories/example.cfg" "$repo/inventory/fleet.cfg"
(cd "$repo" && .chipgate/build/chipgate check -q -o ci/accepted.json inventory/fleet.cfg)
golden_variant "$src/inventories/example.cfg" "$repo/inventory/fleet.cfg" new || report "variant 'new'"

# ---- GitHub ----------------------------------------------------------------------------
"$py" - "$tmp/github.json" >"$tmp/gh-check.out" <<'PYEND' && ok "workflow: permissions, action majors, cached build" || { report "the GitHub workflow"; cat "$tmp/gh-check.out"; }
import json, sys
w = json.load(open(sys.argv[1]))
perm = w["permissions"]
errors = []
def check(c, m):
    if not c:
        errors.append(m)
check(perm.get("actions") == "read", "no actions: read")
check(perm.get("security-events") == "write", "no security-events: write")
steps = w["jobs"]["chipgate"]["steps"]
uses = [s.get("uses", "") for s in steps]
for action, major in (("actions/checkout", "v6"), ("actions/cache", "v5"), ("github/codeql-action/upload-sarif", "v4")):
    found = [u for u in uses if u.split("@")[0] == action]
    check(found and all(u.endswith("@" + major) for u in found), "%s is not @%s: %s" % (action, major, found))
cache = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
build = [s for s in steps if "cmake --build" in s.get("run", "")]
check(cache and cache[0].get("id") and ".chipgate/build/chipgate" in cache[0]["with"]["path"], "the build is not cached")
check(build and "cache-hit" in build[0].get("if", ""), "the build does not depend on the cache")
up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")][0]
check("continue-on-error" not in up, "the SARIF upload hides its failure with continue-on-error")
run = [s for s in steps if s.get("name") == "Check the inventory"][0]["run"]
open(sys.argv[1] + ".check.sh", "w").write(run)
open(sys.argv[1] + ".sarif", "w").write(up["with"]["sarif_file"])
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
PYEND
: >"$tmp/gh-output"
printf 'earlier\n' >"$tmp/gh-summary"
(cd "$repo" && GITHUB_OUTPUT=$tmp/gh-output GITHUB_STEP_SUMMARY=$tmp/gh-summary \
	bash -e "$tmp/github.json.check.sh" >"$tmp/gh.stdout" 2>"$tmp/gh.stderr")
rc=$?
[ $rc -eq 0 ] || report "the 'Check the inventory' step failed ($rc): $(head -3 "$tmp/gh.stderr")"
grep -qx 'status=1' "$tmp/gh-output" || report "the step did not write status=1 for the new finding: $(cat "$tmp/gh-output")"
sarif=$repo/$(cat "$tmp/github.json.sarif")
"$py" -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["results"]; n=[x for x in r if x.get("baselineState")=="new" and x["properties"]["status"]=="open"]; sys.exit(0 if len(n)==1 and n[0]["properties"]["asset"]=="gz3-h100-gov2" else 1)' "$sarif" ||
	report "the SARIF file the upload names has not exactly the new finding open and baselineState new"
grep -q '^## chipgate: ' "$repo/chipgate.md" || report "no pull-request comment written"
head -1 "$tmp/gh.stdout" | grep -q '^::error title=chipgate FAIL::' || report "-f github: the verdict is not first: $(head -1 "$tmp/gh.stdout")"
grep -q '^::error file=inventory/fleet.cfg,line=.*gz3-h100-gov2' "$tmp/gh.stdout" || report "-f github: no annotation of the new finding"
head -1 "$tmp/gh-summary" | grep -qx earlier && grep -q '^## chipgate: ' "$tmp/gh-summary" || report "the job summary was not appended"
ok "GitHub step: status, SARIF, comment, annotations, job summary"

# ---- GitLab ----------------------------------------------------------------------------------------
"$py" - "$tmp/gitlab.json" <<'PYEND' || report "the GitLab job"
import json, sys
job = json.load(open(sys.argv[1]))["chipgate"]
rep = job["artifacts"]["reports"]
assert job["artifacts"]["when"] == "always", "artifacts are not kept when the job fails"
open(sys.argv[1] + ".sh", "w").write("\n".join(job["script"]) + "\n")
open(sys.argv[1] + ".cq", "w").write(rep["codequality"])
open(sys.argv[1] + ".junit", "w").write(rep["junit"])
PYEND
(cd "$repo" && bash -e "$tmp/gitlab.json.sh" >"$tmp/gl.stdout" 2>"$tmp/gl.stderr")
rc=$?
[ $rc -eq 1 ] || report "the GitLab script exited $rc, expected 1 (the new finding fails the job)"
cq=$repo/$(cat "$tmp/gitlab.json.cq")
"$py" "$src/tests/e2e/gitlab_check.py" "$cq" "$sarif" || report "the Code Quality report ($cq)"
"$py" -c 'import json,sys; sys.exit(0 if any(x["severity"] == "blocker" and "gz3-h100-gov2" in x["description"] for x in json.load(open(sys.argv[1]))) else 1)' "$cq" ||
	report "the new finding is not a blocker in the Code Quality report"
junit=$repo/$(cat "$tmp/gitlab.json.junit")
xsd=$shared/schemas/jenkins-xunit-junit-10.xsd
if [ -f "$xsd" ] && command -v xmllint >/dev/null; then
	xmllint --noout --schema "$xsd" "$junit" 2>/dev/null || report "$junit is not valid against junit-10.xsd"
else
	echo "SKIP: the JUnit report was not validated ($xsd or xmllint absent)"
fi
ok "GitLab job: Code Quality and JUnit reports, the gate"

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "ok: readme-ci"
exit 0
