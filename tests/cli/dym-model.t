# did you mean: a mistyped catalog model gets the closest one
run: catalog show H2O
exit: 2
stderr: chipgate: no accelerator matches 'H2O' (did you mean 'NVIDIA H20'?)
