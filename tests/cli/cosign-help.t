# cosign --help comes from its option table
run: cosign --help
exit: 0
stdout-contains: usage: chipgate cosign -k KEY [-o FILE] ENVELOPE
stdout-contains:   -k, --key KEY
stdout-contains:   -o, --output FILE
stdout-contains: The manual: chipgate-verify(1).
