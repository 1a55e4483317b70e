# only a well-formed chipgate envelope is cosigned (checked before the key is read)
cwd: @SRC@
run: cosign -k @TMP@/none.key -o @TMP@/out.json tests/fixtures/attest/report.json
exit: 2
stderr: chipgate: tests/fixtures/attest/report.json: envelope has no 'payloadType' string
absent: out.json
