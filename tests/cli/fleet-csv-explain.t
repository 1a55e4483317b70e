# explain one asset of a CSV fleet (only that row is kept)
cwd: @SRC@
run: explain --justifications tests/fixtures/csv/hdr.cfg x1 tests/fixtures/csv/good.csv
stdout-contains: asset x1 (tests/fixtures/csv/good.csv:4), as of 2025-08-12
stdout-contains:   model 'NVIDIA A100 SXM4 80GB' -> nvidia-a100 (NVIDIA A100 SXM4 80GB), matched via 'A100 SXM4 80GB'
