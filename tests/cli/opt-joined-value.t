# a short option's value joined to it (-fjson), a long one's after '=' (--as-of=...), and
# a unique abbreviation (--fail for --fail-on), all after the operand
run: check @SRC@/inventories/example.cfg -fjson --as-of=2025-08-12 --fail=never
exit: 0
stdout-contains:   "fail_on": "never",
stdout-contains:   "as_of": "2025-08-12",
