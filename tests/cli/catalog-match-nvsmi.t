# nvidia-smi's name of the H100 SXM5
run: catalog match "NVIDIA H100 80GB HBM3"
stdout: 'NVIDIA H100 80GB HBM3' -> nvidia-h100-sxm5 (NVIDIA H100 SXM5): exact match via 'H100 80GB HBM3'; TPP 15832, 3A090.a
