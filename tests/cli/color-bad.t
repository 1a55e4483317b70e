# --color takes auto, always or never
run: check --color=sometimes @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: invalid --color 'sometimes' \(auto, always, never\)$
