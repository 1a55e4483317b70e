# explain: operands, their values, the verdict, the chip's arithmetic
cwd: @SRC@
run: explain bj1-h20-egov inventories/example.cfg
stdout-contains:   model 'HGX H20' -> nvidia-h20 (NVIDIA H20), matched via 'HGX H20'
stdout-contains:     TPP = 2368 (fp16); reported 2368
stdout-contains:   chip origin US: foreign
stdout-contains:   rule CN-H20-002 [error, asset]
stdout-contains:       -> finding: error, open
stdout-contains:       -> does not apply
