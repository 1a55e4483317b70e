# one run applies a PRC pack and a US pack together; foreign is relative to each
run: check -p cn-cac-2025 -p us-ear-2025 @SRC@/inventories/example.cfg
exit: 1
stdout-contains: policies: cn-cac us-ear
stdout-contains: US-ENT-001
stdout-contains: CN-H20-002
