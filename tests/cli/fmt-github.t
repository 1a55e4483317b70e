# GitHub annotations: one command per open finding, then the verdict
run: check -p @SRC@/tests/fixtures/cli/pack.cfg -f github @SRC@/tests/fixtures/cli/good.cfg
exit: 1
stdout-contains: ,title=T-GOV::
stdout-contains: ::notice title=chipgate FAIL::
