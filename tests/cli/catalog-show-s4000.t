# TPP 1600 needs PD, and the die area is unknown
run: catalog show "MTT S4000"
stdout-contains:   TPP = 1600 (fp16)
stdout-contains: PD  = TPP / die area = unknown (die area unknown)
stdout-contains: ECCN: indeterminate (TPP between 1600 and 4800 needs PD, and the die area is unknown)
