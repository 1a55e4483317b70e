# standard input can be read once
cwd: @SRC@/tests/fixtures/collect
run: collect --kube - --nvidia-smi -
exit: 2
stderr-match: ^chipgate: standard input \('-'\) can be read only once$
stderr-match: ^usage: chipgate collect
