# a node name with a form feed and blanks around it (found by fuzz_kube): the host, and so the asset
# id, has no control character and no surrounding blank, and the inventory reads back
cwd: @SRC@/tests/fixtures/collect
run: collect --kube kube-host-control-chars.txt -q -o @TMP@/inv.cfg
file-contains: @TMP@/inv.cfg host = ".           gpu-1      nvidia.com/gpu.count=eight";
only-files: 1
