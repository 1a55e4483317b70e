run: catalog show H20
stdout-contains:   TPP = 2368 (fp16); reported 2368
stdout-contains: PD  = TPP / die area = 2368 / 814 mm2 = 2.91; reported 2.90
stdout-contains: ECCN: none (TPP below 2400 (not b.1) and PD below 3.2 (not b.2))
