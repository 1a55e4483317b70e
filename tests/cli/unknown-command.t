run: frobnicate
exit: 2
stderr-match: ^chipgate: unknown command 'frobnicate'
