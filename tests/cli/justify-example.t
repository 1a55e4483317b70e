# the skeleton for the example's unjustified H20 order, written atomically
cwd: @SRC@
run: justify -o @TMP@/skel.cfg bj1-h20-ord-0903 inventories/example.cfg
file-contains: skel.cfg   { asset = "bj1-h20-ord-0903";
file-contains: skel.cfg     rule = "CN-JUST-001";
file-contains: skel.cfg       "huawei-ascend-910b"           # Huawei Ascend 910B: TPP 5120, FP16 320 TFLOPS, memory 64 GB; distance 0.65
file-contains: skel.cfg     # need = { tflops_fp16 = 148.0; tpp = 2368.0; memory_gb = 96.0; };
file-contains: skel.cfg     # approved_on = "YYYY-MM-DD";    # required, set by the approver
only-files: 1
