# no match: exit 1 with a suggestion
run: catalog match H2O
exit: 1
stdout: 'H2O' matches nothing; did you mean 'NVIDIA H20' (nvidia-h20)?
