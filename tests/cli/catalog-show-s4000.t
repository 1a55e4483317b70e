# TPP 1600 needs PD, and the die area is unknown
run: catalog show "MTT S4000"
stdout-contains:   TPP = 1600 (fp16)
stdout-contains: PD  = TPP / die area = unknown (die area unknown)
stdout-contains: ECCN: indeterminate (TPP between 1600 and 4800 needs PD, and the die area is unknown)
stdout-contains: note: TPP exactly 1600 needs PD, and the die area is not published: 3A090.a.2-equivalent if the die is at most 270 mm2, b.2 if at most 500 mm2, otherwise not 3A090.
