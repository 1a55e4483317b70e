# a justification's free text has a limit too (libconfig: the line, and the setting's column)
cwd: @SRC@
run: check -o @TMP@/report.json tests/fixtures/input/long-reason.cfg
exit: 2
stderr: chipgate: tests/fixtures/input/long-reason.cfg:5:5: field 'reason' is 5000 bytes; the limit is 4096
absent: report.json
