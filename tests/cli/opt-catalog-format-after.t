# catalog show MODEL -f json: the option after the operands
run: catalog show H20 -f json
stdout-contains:   "id": "nvidia-h20",
