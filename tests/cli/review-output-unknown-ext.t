# -o with an extension review does not know, and no -f: an error naming the
# formats; nothing is written
run: review -o @TMP@/review.pdf @SRC@/inventories/example.cfg
exit: 2
stderr-match: ^chipgate: cannot tell the review format from the name '.*review\.pdf'; give -f FORMAT \(text, json, markdown, html\) or use its extension$
stderr-match: ^usage: chipgate review
absent: review.pdf
only-files: 0
