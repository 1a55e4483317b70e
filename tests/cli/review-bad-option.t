# an unknown option, and an option without its value
run: review --as-of
exit: 2
stderr-match: ^chipgate: option '--as-of' needs a value$
stderr-match: ^usage: chipgate review
