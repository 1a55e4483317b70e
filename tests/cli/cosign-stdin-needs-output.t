# an envelope from standard input cannot be replaced in place
run: cosign -k k.key -
exit: 2
stderr: chipgate: an envelope read from standard input needs -o FILE (or -o - for standard output)
stderr: usage: chipgate cosign -k KEY [-o FILE] ENVELOPE
