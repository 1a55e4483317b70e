# signed_approval may name only a bool parameter of the pack: a number
# parameter and a name the pack does not declare are errors at the setting
cwd: @SRC@
run: lint tests/fixtures/signed/pack-bad-param.cfg
exit: 2
stderr: chipgate: tests/fixtures/signed/pack-bad-param.cfg:8:23: 'signed_approval' names the parameter 'sig_level', a number, not a bool parameter
stderr: chipgate: tests/fixtures/signed/pack-bad-param.cfg:11:23: 'signed_approval' names 'params.signed', but the pack has no parameter 'signed' (declare it in 'params' as a bool)
