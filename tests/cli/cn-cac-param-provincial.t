# cn-cac: whether the state-funded rule is national is a parameter (issue
# #15); read as provincial, with no province named by the source, neither
# state-funded rule can decide for any site
cwd: @SRC@
run: check --param state_funded_national=false inventories/cn-operator-2026.cfg
exit: 1
stdout-contains: warning CN-STATE-001 hh5-a800-train: cannot decide 'Foreign accelerator at a state-funded data centre under the completion threshold': a fact the pack leaves unknown
stdout-contains: warning CN-STATE-001 hh5-h100-po: cannot decide
stdout-contains: warning CN-STATE-002 gy6-l20-infer: cannot decide
stdout-contains: warning CN-STATE-002 gy6-h100-train: cannot decide
stdout-lacks: error   CN-STATE-
stdout-contains:   cn-cac: state_funded_national = false (--param; default true)
