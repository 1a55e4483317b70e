# the parameters the run used are in the JSON report (and so in a signed statement)
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param threshold=0.2 -f json @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-contains: {"policy": "param-test", "name": "threshold", "type": "number", "value": "0.2", "default": "0.3", "overridden": true},
stdout-contains: {"policy": "param-test", "name": "strict", "type": "bool", "value": "false", "default": "false", "overridden": false},
stdout-contains:       "skipped": "disabled",
stdout-contains:       "state": "watch",
