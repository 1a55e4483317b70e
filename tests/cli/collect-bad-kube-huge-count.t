# nvidia.com/gpu.count far over any node's: exit 2, one line with the position, nothing written
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-count-huge.json -o @TMP@/out.cfg
exit: 2
stderr: chipgate: kube-count-huge.json:13:45: nvidia.com/gpu.count '99999999' is not a count from 0 to 65536
only-files: 0
