run: check --as-of 2025-02-29 @SRC@/inventories/example.cfg
exit: 2
stderr: chipgate: invalid --as-of '2025-02-29' (expected YYYY-MM-DD, a real date)
