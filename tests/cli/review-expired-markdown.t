# a year on, the approved order's justification is out of date; Markdown
cwd: @SRC@
run: review -f markdown --as-of 2026-08-05 inventories/example.cfg
exit: 1
stdout-contains: # Procurement review
stdout-contains: **0 of 2 cleared; 2 blocked by open findings of other rules at or above error.**
stdout-contains: | Verdict | Asset | Order | Rule | Details | Blocked by | Next |
stdout-contains: | expired; also blocked by CN-H20-001 | sh2-h20-ord-0815 | ordered 256 x NVIDIA H20 (PO-2025-0815) | CN-JUST-001 (cn-cac) | approved on 2025-08-04, 366 days before as\_of (limit 365); expired on 2026-08-04 | error CN-H20-001 (cn-cac): sh2-h20-ord-0815: ordered 256 x NVIDIA H20; H20 orders are suspended while the CAC reviews tracking and remote-shutdown risks | renew the justification at inventories/example.cfg:81 and have it approved again |
