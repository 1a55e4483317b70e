# cn-cac: the state-funded completion threshold is a parameter (issue #15);
# at 0.2 the Hohhot site (completion 0.2) is reviewed case by case instead
# of having to remove its foreign chips
cwd: @SRC@
run: check --param cn-cac:state_completion_threshold=0.2 inventories/cn-operator-2026.cfg
exit: 1
stdout-contains: error   CN-STATE-002 hh5-a800-train: deployed 128 x NVIDIA A800 at state-funded site Hohhot-DC5 (completion 0.2); projects with a completion of 0.2 or more are assessed case by case
stdout-contains: error   CN-STATE-002 hh5-h100-po:
stdout-lacks: CN-STATE-001
stdout-contains:   cn-cac: state_completion_threshold = 0.2 (--param; default 0.3)
