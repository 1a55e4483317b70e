/* libFuzzer target: the policy pack loader and compiler
 * (policy_load_text). A pack that compiles is evaluated against a small
 * fixed inventory, its own tests are run (as lint does), and the report is
 * rendered. */
#include "fuzz_common.h"

#include "catalog/catalog.h"
#include "ingest/ingest.h"
#include "policy/policy.h"
#include "report/report.h"

static struct catalog cat;
static struct inventory inv;

static const char inventory_text[] =
	"inventory = { organization = \"Fuzz Co.\"; jurisdiction = \"CN\"; as_of = \"2025-08-12\"; };\n"
	"assets = (\n"
	"  { id = \"a\"; model = \"NVIDIA H20\"; quantity = 8; site = \"BJ\"; purpose = \"government\";\n"
	"    status = \"ordered\"; order = \"PO-1\"; destination = \"CN\"; owner = \"x\";\n"
	"    tags = [\"training\", \"t2\"]; attrs = { rack = \"R1\"; }; },\n"
	"  { id = \"b\"; model = \"Ascend 910B\"; quantity = 16; site = \"BJ\"; purpose = \"research\"; status = \"deployed\"; },\n"
	"  { id = \"c\"; model = \"H100 SXM5\"; quantity = 4; site = \"SH\"; status = \"planned\"; destination = \"US\"; },\n"
	"  { id = \"d\"; model = \"no such chip\"; quantity = 1; }\n"
	");\n"
	"justifications = ( { asset = \"a\"; rule = \"R-1\"; reason = \"r\"; alternatives = [\"huawei-ascend-910b\"];\n"
	"  need = { tflops_fp16 = 100.0; }; requested_by = \"p\"; approver = \"q\"; approved_on = \"2025-07-01\";\n"
	"  expires = \"2026-07-01\"; } );\n"
	"waivers = ( { rule = \"R-2\"; asset = \"b\"; reason = \"w\"; approver = \"q\"; expires = \"2026-01-01\"; } );\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d;
	fuzz_limit_inputs();
	if (catalog_load_embedded(&cat, &d) != 0 ||
	    inventory_load_text(&inv, "fuzz-inventory.cfg", inventory_text, strlen(inventory_text),
				&d) != 0) {
		fprintf(stderr, "fuzz: setup failed: %s\n", d.msg);
		abort();
	}
	return 0;
}

static void evaluate(struct policy *p)
{
	struct report r;
	report_init(&r, inv.as_of, 1754956800, SEV_WARNING);
	struct engine *e = engine_new(&p, 1, &cat, &r, inv.as_of);
	engine_begin_inventory(e, &inv);
	for (size_t i = 0; i < inv.nassets; i++)
		engine_asset(e, &inv.assets[i]);
	engine_end_inventory(e);
	engine_finish(e);
	engine_free(e);
	report_finish(&r);
	report_write_json(&r, fuzz_sink());
	report_write_text(&r, fuzz_sink(), false);
	report_free(&r);

	/* as `explain` does: a fresh engine per asset */
	for (size_t i = 0; i < inv.nassets; i++) {
		struct strbuf sb = STRBUF_INIT;
		report_init(&r, inv.as_of, 0, SEV_ERROR);
		e = engine_new(&p, 1, &cat, &r, inv.as_of);
		engine_explain(e, &inv, &inv.assets[i], &sb);
		engine_free(e);
		report_free(&r);
		sb_release(&sb);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list errs = {0};
	char *text = fuzz_copy(data, size);
	struct policy *p = policy_load_text("fuzz-pack.cfg", text, size, &cat, &errs);
	if (p) {
		if (errs.n)
			abort(); /* compiled, yet reported an error */
		evaluate(p);
		struct lint_result res = {0};
		struct diag_list terrs = {0};
		policy_run_tests(p, &cat, &res, &terrs);
		for (size_t i = 0; i < terrs.n; i++)
			fuzz_check_diag(&terrs.v[i]);
		sb_release(&res.log);
		diag_list_release(&terrs);
		policy_free(p);
	} else {
		if (!errs.n)
			abort(); /* refused without saying why */
		for (size_t i = 0; i < errs.n; i++)
			fuzz_check_diag(&errs.v[i]);
	}
	diag_list_release(&errs);
	free(text);
	return 0;
}
