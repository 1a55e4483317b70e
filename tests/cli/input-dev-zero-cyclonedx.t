# binary input is refused at its first chunk, not read to the 1 GiB input limit
run: check -p cn-cac-2025 --format-in cyclonedx -o @TMP@/report.json /dev/zero
exit: 2
stderr: chipgate: /dev/zero:1:1: NUL byte in input
absent: report.json
