# collect refuses an -o that names its input, even one that does not exist yet
run: collect --nvidia-smi smi.txt -f cfg -o smi.txt
exit: 2
stderr: chipgate: smi.txt: would overwrite an input (the nvidia-smi output)
only-files: 0
