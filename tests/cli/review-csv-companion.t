# a CSV inventory with its justifications and waivers in a companion file:
# the finding at the companion's waiver (CG-WAIVER-EXPIRING, info) blocks
# the order it is about at --fail-on info
cwd: @SRC@
run: review --fail-on info --justifications tests/fixtures/review/blocking-just.cfg tests/fixtures/review/blocking.csv
exit: 1
stdout-contains:   1 of 2 cleared; 1 blocked by open findings of other rules at or above info
stdout-contains:                    blocked by info CG-WAIVER-EXPIRING (chipgate): waiver for CN-H20-001 on csv-h20-waived expires on 2025-09-01 (in 20 days)
stdout-contains:                    verdict: approved, but blocked by CG-WAIVER-EXPIRING
stdout-contains:                    verdict: cleared (approved)
