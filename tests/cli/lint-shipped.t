# both shipped packs compile and pass their own tests
run: lint cn-cac-2025 us-ear-2025
stdout-contains: cn-cac-2025: cn-cac compiled
stdout-contains: us-ear-2025: us-ear compiled
stdout-contains: 0 failed
stdout-lacks: FAIL
