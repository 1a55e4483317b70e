# PD 3.196 is printed so that it does not read as the b.2 floor; the class comes from b.1
run: catalog show "NVIDIA A30"
stdout-contains: PD  = TPP / die area = 2640 / 826 mm2 = 3.196
stdout-contains: ECCN: 3A090.b (3A090.b.1: TPP >= 2400 and < 4800, PD >= 1.6 and < 5.92)
stdout-contains: source: SEC (unverified): NVIDIA A30 datasheet values
