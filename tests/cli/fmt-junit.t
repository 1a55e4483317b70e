# JUnit on stdout: a testsuite per policy, a failing testcase for a rule with open errors
run: check -p @SRC@/tests/fixtures/cli/pack.cfg -f junit @SRC@/tests/fixtures/cli/good.cfg
exit: 1
stdout-contains: <?xml version="1.0" encoding="UTF-8"?>
stdout-contains: <testsuite name="t" tests="4"
stdout-contains: <testcase name="T-GOV: Foreign chip in gov" classname="t" time="0">
stdout-contains: <failure message="1 open finding at or above error:
