#!/usr/bin/env python3
"""Check a GitLab Code Quality report against its documented format
(../shared/schemas/gitlab-code-quality-report-format-doc-section.md):
an array of objects with description, check_name, fingerprint, severity
(info|minor|major|critical|blocker), location.path (relative) and
location.lines.begin (>= 1); no byte-order mark. Optionally: every
fingerprint of an issue of its own is a SARIF result's chipgateFinding/v1;
the findings counted -- one an issue of its own, an aggregate's count
(its "chipgate" member) -- and at most CAP issues, the aggregates after
the others, each with a distinct fingerprint of 64 hex digits.

usage: gitlab_check.py REPORT [SARIF [COUNT [CAP]]]     exit 0 ok, 1 not"""
import json
import sys


def check(path, sarif=None, expect_n=None, cap=None):
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
    aggs = [x for x in issues if "chipgate" in x]
    own = [x for x in issues if "chipgate" not in x]
    assert issues[:len(own)] == own, "%s: an aggregate before an issue of its own" % path
    for x in aggs:
        c = x["chipgate"]
        assert c["aggregate"] is True and isinstance(c["count"], int) and c["count"] >= 1, \
            "%s: aggregate %s" % (path, x["fingerprint"])
        assert 0 <= c["open"] <= c["count"], "%s: aggregate open count" % path
        assert "not listed one by one: the report is capped at" in x["description"], \
            "%s: aggregate description: %s" % (path, x["description"])
    fps = [x["fingerprint"] for x in issues]
    assert len(set(fps)) == len(fps), "%s: a fingerprint repeats" % path
    assert all(len(f) == 64 and all(ch in "0123456789abcdef" for ch in f) for f in fps), \
        "%s: a fingerprint is not 64 hex digits" % path
    if sarif:
        sfps = {r["partialFingerprints"]["chipgateFinding/v1"]
                for r in json.load(open(sarif))["runs"][0]["results"]
                if "chipgateFinding/v1" in r["partialFingerprints"]}
        missing = [x["fingerprint"] for x in own if x["fingerprint"] not in sfps]
        assert not missing, "%s: fingerprints not in the SARIF: %s" % (path, missing[:3])
    if expect_n is not None:
        n = len(own) + sum(x["chipgate"]["count"] for x in aggs)
        assert n == expect_n, "%s: %d findings as issues, expected %d" % (path, n, expect_n)
    if cap is not None:
        assert len(issues) <= cap, "%s: %d issues, over the cap of %d" % (path, len(issues), cap)
    return issues


if __name__ == "__main__":
    a = sys.argv[1:]
    try:
        check(a[0], a[1] if len(a) > 1 else None, int(a[2]) if len(a) > 2 else None,
              int(a[3]) if len(a) > 3 else None)
    except (AssertionError, KeyError, TypeError, ValueError) as e:
        print("  " + str(e))
        sys.exit(1)
