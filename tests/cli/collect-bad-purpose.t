# --purpose takes the inventory's purposes only
run: collect --lspci a.txt --purpose defence
exit: 2
stderr-match: ^chipgate: invalid --purpose 'defence' \(commercial, government, critical-infrastructure, research, other\)$
stderr-match: ^usage: chipgate collect
