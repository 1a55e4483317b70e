/* libFuzzer target: the native libconfig inventory reader
 * (inventory_load_text). A loaded inventory is also evaluated against both
 * embedded packs and rendered as JSON and text, so odd but valid assets
 * reach the engine and the writers. */
#include "fuzz_common.h"

#include "catalog/catalog.h"
#include "ingest/ingest.h"
#include "policy/policy.h"
#include "report/report.h"

static struct catalog cat;
static struct policy *packs[2];
static size_t npacks;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d;
	struct diag_list errs = {0};
	fuzz_limit_inputs();
	if (catalog_load_embedded(&cat, &d) != 0)
		abort();
	static const char *const names[] = {"cn-cac-2025", "us-ear-2025"};
	for (size_t i = 0; i < CG_ARRAY_LEN(names); i++)
		if (!(packs[npacks++] = policy_load(names[i], &cat, &errs)))
			abort();
	diag_list_release(&errs);
	return 0;
}

static void explain(const struct inventory *inv, const struct asset *a, cg_date as_of)
{
	struct report r;
	struct strbuf sb = STRBUF_INIT;
	report_init(&r, as_of, 0, SEV_ERROR);
	struct engine *e = engine_new(packs, npacks, &cat, &r, as_of);
	engine_explain(e, inv, a, &sb);
	engine_free(e);
	report_free(&r);
	sb_release(&sb);
}

static void evaluate(const struct inventory *inv)
{
	struct report r;
	cg_date as_of = inv->as_of != CG_DATE_NONE ? inv->as_of : date_from_ymd(2025, 8, 12);
	report_init(&r, as_of, 1754956800, SEV_ERROR);
	struct engine *e = engine_new(packs, npacks, &cat, &r, as_of);
	engine_begin_inventory(e, inv);
	for (size_t i = 0; i < inv->nassets; i++) {
		engine_asset(e, &inv->assets[i]);
		if (inventory_find(inv, inv->assets[i].id) == NULL)
			abort();
	}
	engine_end_inventory(e);
	engine_finish(e);
	engine_free(e);
	report_finish(&r);
	report_write_json(&r, fuzz_sink());
	report_write_text(&r, fuzz_sink(), true);
	report_free(&r);
	if (inv->nassets) /* as `explain` does: a fresh engine */
		explain(inv, &inv->assets[inv->nassets - 1], as_of);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	struct diag d;
	char *text = fuzz_copy(data, size);
	diag_clear(&d);
	if (inventory_load_text(&inv, "fuzz.cfg", text, size, &d) == 0) {
		evaluate(&inv);
		inventory_free(&inv);
	} else {
		fuzz_check_diag(&d);
	}
	free(text);
	return 0;
}
