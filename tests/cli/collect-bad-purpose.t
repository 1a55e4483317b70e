# --purpose takes the inventory's purposes only
run: collect --lspci a.txt --purpose military
exit: 2
stderr-match: ^chipgate: invalid --purpose 'military' \(commercial, government, critical-infrastructure, research, other\)$
stderr-match: ^usage: chipgate collect
