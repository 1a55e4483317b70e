# --fail-on never: no other finding blocks an order, but a missing
# justification still leaves its order not cleared (exit 1)
cwd: @SRC@
run: review --fail-on never inventories/example.cfg
exit: 1
stdout-contains:   1 of 2 cleared (--fail-on never: no other finding blocks an order)
stdout-contains:                    verdict: cleared (approved)
stdout-contains:                    verdict: missing
stdout-lacks: blocked by
