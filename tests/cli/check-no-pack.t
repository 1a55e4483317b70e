# a gate that would apply no pack at all is an error, not a pass
run: check @SRC@/tests/fixtures/cli/no-jurisdiction.cfg
exit: 2
stderr: chipgate: no policy pack applies: give one with -p, list it in the inventory's 'policies', or set its 'jurisdiction' (embedded packs: cn-cac for CN, us-ear for US)
