# did you mean: catalog's subcommands too
run: catalog shwo H20
exit: 2
stderr-match: ^chipgate: unknown subcommand 'shwo' \(did you mean 'show'\?\)$
