# the real lspci -nn of an 8x A100 VM: 8 GPUs, the NVSwitches (10de:1af1) ignored (golden)
requires-shared:
cwd: @SHARED@/samples
run: collect --lspci lspci-nn-full-azure-nd-a100-v4-8gpu-hyperv-domains.txt --site az-eastus --purpose research --status deployed
stdout-golden: @SRC@/tests/fixtures/collect/expected-shared-lspci.cfg
