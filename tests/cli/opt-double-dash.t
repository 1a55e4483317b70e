# '--' ends the options: a word after it that starts with a dash is an inventory file
run: check -p cn-cac-2025 -- -o
exit: 2
stderr-match: ^chipgate: -o: cannot open
