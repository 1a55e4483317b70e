/* Shared by the inventory-reader targets: the embedded catalog and both
 * shipped packs, loaded once, and an evaluation of a loaded inventory
 * (engine, JSON and text writers, explain of one asset) so that odd but
 * accepted assets reach every later stage. */
#ifndef CHIPGATE_FUZZ_INV_COMMON_H
#define CHIPGATE_FUZZ_INV_COMMON_H

#include "fuzz_common.h"

#include "catalog/catalog.h"
#include "collect/collect.h"
#include "ingest/ingest.h"
#include "policy/policy.h"
#include "report/report.h"

static struct catalog fuzz_cat;
static struct policy *fuzz_packs[2];
static size_t fuzz_npacks;

static inline void fuzz_load_catalog_and_packs(void)
{
	struct diag d;
	struct diag_list errs = {0};
	fuzz_limit_inputs();
	if (catalog_load_embedded(&fuzz_cat, &d) != 0)
		abort();
	static const char *const names[] = {"cn-cac-2025", "us-ear-2025"};
	for (size_t i = 0; i < CG_ARRAY_LEN(names); i++)
		if (!(fuzz_packs[fuzz_npacks++] = policy_load(names[i], &fuzz_cat, &errs)))
			abort();
	diag_list_release(&errs);
}

static inline void fuzz_evaluate(const struct inventory *inv)
{
	struct report r;
	cg_date as_of = inv->as_of != CG_DATE_NONE ? inv->as_of : date_from_ymd(2025, 8, 12);
	report_init(&r, as_of, 1754956800, SEV_ERROR);
	struct engine *e = engine_new(fuzz_packs, fuzz_npacks, &fuzz_cat, &r, as_of);
	engine_begin_inventory(e, inv);
	for (size_t i = 0; i < inv->nassets; i++) {
		const struct asset *a = &inv->assets[i];
		if (!a->id || !a->model || a->quantity < 1)
			abort(); /* a reader let through an asset the engine cannot take */
		engine_asset(e, a);
	}
	engine_end_inventory(e);
	engine_finish(e);
	engine_free(e);
	report_finish(&r);
	report_write_json(&r, fuzz_sink());
	report_write_text(&r, fuzz_sink(), true);
	report_free(&r);
	if (inv->nassets) { /* as `explain` does: a fresh engine */
		struct strbuf sb = STRBUF_INIT;
		report_init(&r, as_of, 0, SEV_ERROR);
		e = engine_new(fuzz_packs, fuzz_npacks, &fuzz_cat, &r, as_of);
		engine_explain(e, inv, &inv->assets[inv->nassets - 1], &sb);
		engine_free(e);
		report_free(&r);
		sb_release(&sb);
	}
}

#endif
