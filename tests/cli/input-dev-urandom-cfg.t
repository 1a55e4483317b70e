# random bytes: refused at the first NUL byte or invalid UTF-8 sequence
run: check --format-in cfg -o @TMP@/report.json /dev/urandom
exit: 2
stderr-match: ^chipgate: /dev/urandom:[0-9]+:[0-9]+: (NUL byte in input|invalid UTF-8 \(byte 0x[0-9a-f]{2}\))$
absent: report.json
