# -o FILE.json -q: JSON from the extension, nothing on stderr; -o - is stdout
run: review -q -o @TMP@/r.Json @SRC@/tests/fixtures/review/approved.cfg
exit: 0
# nothing on stdout (no line at all: the empty text matches any line)
stdout-lacks: 
file-contains: r.Json "schema": "chipgate.review/1",
file-contains: r.Json "verdict": "pass",
file-contains: r.Json "cleared": true,
only-files: 1
