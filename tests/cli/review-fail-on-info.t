# --fail-on info: the expiring waiver (CG-WAIVER-EXPIRING, info, at the
# waiver's line) blocks the order it waives CN-H20-001 for; the waived
# CN-H20-001 itself does not block
cwd: @SRC@
run: review --fail-on info -f json tests/fixtures/review/blocking.cfg
exit: 1
stdout-contains:   "fail_on": "info",
stdout-contains:     "cleared": 1,
stdout-contains:     "blocked": 2
stdout-contains:           "rule": "CG-WAIVER-EXPIRING",
stdout-contains:           "message": "waiver for CN-H20-001 on bl-h20-waived expires on 2025-09-01 (in 20 days)"
stdout-lacks: "rule": "CN-H20-001"
