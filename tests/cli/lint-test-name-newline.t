# a test name with a newline is quoted as \x0a: the diagnostic stays one line
run: lint @SRC@/tests/fixtures/cli/pack-test-name-newline.cfg
exit: 2
stdout-contains: 0 tests, 0 failed; 1 could not run
stderr: chipgate: @SRC@/tests/fixtures/cli/pack-test-name-newline.cfg:test 'two\x0alines':1:53: unknown setting 'statui' (did you mean 'status'?)
