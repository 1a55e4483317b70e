# a year on, the approved order's justification is out of date; Markdown
cwd: @SRC@
run: review -f markdown --as-of 2026-08-05 inventories/example.cfg
exit: 1
stdout-contains: # Procurement review
stdout-contains: | State | Asset | Order | Rule | Details | Next |
stdout-contains: | expired | sh2-h20-ord-0815 | ordered 256 x NVIDIA H20 (PO-2025-0815) | CN-JUST-001 (cn-cac-2025) | approved on 2025-08-04, 366 days before as\_of (limit 365); expired on 2026-08-04 | renew the justification at inventories/example.cfg:81 and have it approved again |
