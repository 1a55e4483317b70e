# --host names one input's machine: with several it is an error
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-L.txt --nvidia-smi nvsmi-q.txt --host h1
exit: 2
stderr-match: ^chipgate: --host names the machine of one input; with several, each is named by its output or its file name$
stderr-match: ^usage: chipgate collect
