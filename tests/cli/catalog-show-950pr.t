# a vendor figure that does not say dense or sparse: indeterminate, and show says why
run: catalog show "Huawei Ascend 950PR"
stdout-contains: Huawei Ascend 950PR (huawei-ascend-950pr)
stdout-contains:   no dense figure is known
stdout-contains: ECCN: indeterminate (TPP unknown: no dense performance figure in the catalog)
stdout-contains: note: Huawei's keynote gives FP8/MXFP8/HiF8 1 PFLOPS and MXFP4 2 PFLOPS without saying dense or sparse: TPP 8000 if dense (3A090.a.1-equivalent), 4000 if sparse, which would need the die area (not published). Indeterminate until a dense figure is published. Its PCI id is the 950 family's (huawei-ascend-950).
stdout-contains: source: PRESS (vendor keynote; sparsity unstated): rcrwireless.com/20250922/ai-infrastructure/huawei-ai-chips
