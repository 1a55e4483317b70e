# cosign needs the cosigner's private key
run: cosign report.json.dsse.json
exit: 2
stderr: chipgate: -k KEY is required: the cosigner's private key
stderr: usage: chipgate cosign -k KEY [-o FILE] ENVELOPE
