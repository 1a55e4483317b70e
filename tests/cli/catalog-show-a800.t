run: catalog show a800-sxm4-80gb
stdout-contains: NVIDIA A800 (nvidia-a800)
stdout-contains:   TPP = 4992 (fp16)
stdout-contains: ECCN: 3A090.a (3A090.a.1: TPP >= 4800)
