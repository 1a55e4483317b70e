#!/usr/bin/env python3
"""Check a GitLab Code Quality report against its documented format
(../shared/schemas/gitlab-code-quality-report-format-doc-section.md):
an array of objects with description, check_name, fingerprint, severity
(info|minor|major|critical|blocker), location.path (relative) and
location.lines.begin (>= 1); no byte-order mark. Optionally: every
fingerprint is a SARIF result's chipgateFinding/v1, and the count.

usage: gitlab_check.py REPORT [SARIF [COUNT]]     exit 0 ok, 1 not"""
import json
import sys


def check(path, sarif=None, expect_n=None):
    raw = open(path, "rb").read()
    assert not raw.startswith(b"\xef\xbb\xbf"), "%s starts with a byte-order mark" % path
    issues = json.loads(raw)
    assert isinstance(issues, list), "%s: not an array" % path
    for i, x in enumerate(issues):
        w = "%s: issue %d" % (path, i)
        for k in ("description", "check_name", "fingerprint", "severity"):
            assert isinstance(x.get(k), str) and x[k], w + ": no " + k
        assert x["severity"] in ("info", "minor", "major", "critical", "blocker"), w + ": severity"
        loc = x["location"]
        assert isinstance(loc.get("path"), str) and loc["path"] and not loc["path"].startswith("/"), w + ": path"
        assert isinstance(loc["lines"]["begin"], int) and loc["lines"]["begin"] >= 1, w + ": lines.begin"
    if sarif:
        fps = {r["partialFingerprints"]["chipgateFinding/v1"]
               for r in json.load(open(sarif))["runs"][0]["results"]
               if "chipgateFinding/v1" in r["partialFingerprints"]}
        missing = [x["fingerprint"] for x in issues if x["fingerprint"] not in fps]
        assert not missing, "%s: fingerprints not in the SARIF: %s" % (path, missing[:3])
    if expect_n is not None:
        assert len(issues) == expect_n, "%s: %d issues, expected %d" % (path, len(issues), expect_n)
    return issues


if __name__ == "__main__":
    a = sys.argv[1:]
    try:
        check(a[0], a[1] if len(a) > 1 else None, int(a[2]) if len(a) > 2 else None)
    except (AssertionError, KeyError, TypeError, ValueError) as e:
        print("  " + str(e))
        sys.exit(1)
