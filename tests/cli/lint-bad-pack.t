# lint reports every error of a pack, each at FILE:LINE:COL (COL inside the expression)
run: lint @SRC@/tests/fixtures/cli/bad-pack.cfg
exit: 2
stdout: 0 tests, 0 failed; 1 pack not compiled, its tests not run
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-pack.cfg:3:17: in 'when': unknown name 'asset.sit' (did you mean 'asset.site'?)
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-pack.cfg:4:1: in 'when': operator '&&' needs bool operands, got number
stderr: chipgate: @SRC@/tests/fixtures/cli/bad-pack.cfg:5:32: invalid severity 'fatal' (expected one of: error, warning, info)
