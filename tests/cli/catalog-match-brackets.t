# a pci.ids name: the bracketed marketing name decides, not the chip name before it
run: catalog match "NVIDIA Corporation GH100 [H100 SXM5 80GB] (rev a1)"
stdout: 'NVIDIA Corporation GH100 [H100 SXM5 80GB] (rev a1)' -> nvidia-h100-sxm5 (NVIDIA H100 SXM5): exact match via 'H100 SXM5 80GB'; TPP 15832, 3A090.a
