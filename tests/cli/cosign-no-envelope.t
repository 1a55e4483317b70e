# one envelope, no more, no less
run: cosign -k k.key a.dsse.json b.dsse.json
exit: 2
stderr: chipgate: more than one envelope given
stderr: usage: chipgate cosign -k KEY [-o FILE] ENVELOPE
