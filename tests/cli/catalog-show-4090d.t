# not designed for datacenters and TPP below 4800: Note 2
run: catalog show "RTX 4090 D"
stdout-contains:   TPP = 4707.20 (fp16); reported 4707
stdout-contains: datacenter: no
stdout-contains: ECCN: none (Note 2: not designed or marketed for datacenters and TPP below 4800)
