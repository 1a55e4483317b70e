# nvidia-smi -q -x: attached_gpus 4, one <gpu> listed (counted, with a warning); its 3 MIG
# devices folded into it (golden)
cwd: @SRC@/tests/fixtures/collect
run: collect --nvidia-smi nvsmi-q-x-mig-attached.xml
stderr: chipgate: warning: nvsmi-q-x-mig-attached.xml:7: attached_gpus says 4, 1 <gpu> listed: counted what is listed
stdout-golden: @SRC@/tests/fixtures/collect/expected-mig-attached.cfg
