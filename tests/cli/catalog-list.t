# every accelerator of the embedded catalog with its TPP, PD and class; each
# row was checked against ../shared/reference/accelerator-figures.md (issue #15)
run: catalog list
stdout-golden: @SRC@/tests/fixtures/catalog/list.txt
