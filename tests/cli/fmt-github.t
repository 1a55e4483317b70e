# GitHub annotations: the verdict first (an error when failing), then one
# command per open finding, at most 10 per level
run: check -p @SRC@/tests/fixtures/cli/pack.cfg -f github @SRC@/tests/fixtures/cli/good.cfg
exit: 1
stdout-contains: ,title=T-GOV::
stdout-contains: ::error title=chipgate FAIL::
stdout-lacks: ::notice title=chipgate
stdout-lacks: more open finding
