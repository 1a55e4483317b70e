# a libconfig inventory on standard input: detected, read once, its digest the file's
env: SOURCE_DATE_EPOCH=1754956800
stdin: @SRC@/tests/fixtures/cli/good.cfg
run: check -f json -
exit: 1
stdout-contains: {"path": "-", "role": "inventory", "sha256": "df3a749a46d2f990da6d97d08974ecc2c818c966dee9fde5805888b4ef5c1f41"}
stdout-contains: "verdict": "fail"
