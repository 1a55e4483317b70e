# a pack test's params must name the pack's parameters with values of
# their type, range and list, and its enable the pack's rules: errors at
# their lines when the pack loads (exit 2)
cwd: @SRC@
run: lint tests/fixtures/packs/test-params-bad.cfg
exit: 2
stderr: chipgate: tests/fixtures/packs/test-params-bad.cfg:13:35: test 'misspelt': no parameter 'max_unit' in the pack (did you mean 'max_units'?)
stderr: chipgate: tests/fixtures/packs/test-params-bad.cfg:14:37: test 'wrong type': params: 'max_units' is not a number (the parameter is a number)
stderr: chipgate: tests/fixtures/packs/test-params-bad.cfg:15:39: test 'out of range': params: 'max_units' is out of its range (at least 1) (the parameter is a number)
stderr: chipgate: tests/fixtures/packs/test-params-bad.cfg:16:42: test 'not in the list': params: 'label' is not one of: low, high (the parameter is a string)
stderr: chipgate: tests/fixtures/packs/test-params-bad.cfg:17:28: test 'no such rule': enable: no rule 'TPB-01' in the pack (did you mean 'TPB-001'?)
