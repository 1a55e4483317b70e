# a count that is not a number, in describe text: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-bad-count.txt -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-bad-count.txt:2:21: nvidia.com/gpu.count 'eight' is not a count from 0 to 65536
only-files: 0
