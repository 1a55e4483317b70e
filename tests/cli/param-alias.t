# a pack is named by its id or an alias in --param PACK:NAME=VALUE
run: check -p @SRC@/tests/fixtures/packs/params.cfg --param param-test-old:strict=true @SRC@/tests/fixtures/inventory/sites.cfg
exit: 1
stdout-contains: error   P-STRICT h200-early: strict (NVIDIA H200 SXM)
stdout-contains:   param-test: strict = true (--param; default false)
