run: check --justifications @SRC@/tests/fixtures/cli/good.cfg @SRC@/inventories/example.cfg @SRC@/inventories/us-distributor.cfg
exit: 2
stderr: chipgate: --justifications applies to a single inventory (2 given)
