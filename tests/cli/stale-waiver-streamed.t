# a stale waiver on a streamed CSV fleet: the reason says what is known
run: check --justifications @SRC@/tests/fixtures/csv/stale-waiver.cfg @SRC@/tests/fixtures/csv/good.csv
exit: 1
stdout-contains: warning CG-STALE-WAIVER waiver for CN-GOV-001 on sh2-o7 matches no finding: CN-GOV-001 made no finding on 'sh2-o7' on 2025-08-12, or there is no such asset (@SRC@/tests/fixtures/csv/stale-waiver.cfg:5)
