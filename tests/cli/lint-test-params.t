# pack tests may set parameters and turn rules on (params = {...}, enable =
# [...]): each such test runs on the pack loaded again with them, and the
# tests after it see the defaults
run: lint @SRC@/tests/fixtures/packs/test-params.cfg
exit: 0
stdout-contains: ok   test-params: test 'a lower limit'
stdout-contains: ok   test-params: test 'a bool, a string and a float'
stdout-contains: ok   test-params: test 'a disabled rule turned on'
stdout-contains: ok   test-params: test 'turned on, before its date parameter moved past as_of'
stdout-contains: ok   test-params: test 'the defaults again, after tests that changed them'
stdout-contains: 6 tests, 0 failed
