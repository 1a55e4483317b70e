# null semantics as pack tests: every comparison with a null operand, plain
# and negated, cannot decide (chipgate-policy(5), Null semantics)
run: lint @SRC@/tests/fixtures/packs/null-semantics.cfg
exit: 0
stdout-contains: ok   null-semantics: test 'every comparison with a null operand cannot decide, plain or negated'
stdout-contains: ok   null-semantics: test 'known operands decide, plain and negated'
stdout-contains: ok   null-semantics: test 'known operands on the other side'
stdout-contains: 3 tests, 0 failed
