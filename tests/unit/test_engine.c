/* Engine tests: every justification and waiver outcome of DESIGN §6, on
 * both sides of every date boundary; exposure shares and breaches;
 * indeterminate conditions; built-in rules; message templates. Packs and
 * inventories are inline text, evaluated against the embedded catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

static struct catalog cat;

/* F's message as the writers render it (it may be kept in parts). */
static void assert_msg(const struct finding *f, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	const char *m = report_message(f, &sb);
	assert_non_null(m);
	assert_string_equal(m, want);
	sb_release(&sb);
}

static int setup(void **state)
{
	struct diag d;
	(void)state;
	return catalog_load_embedded(&cat, &d);
}

static int teardown(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}

static const char *PACK =
	"policy = { id = \"t\"; title = \"T\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
	"lists = { gov = [\"government\", \"critical-infrastructure\"]; };\n"
	"rules = (\n"
	"  { id = \"T-GOV\"; title = \"gov\"; severity = \"error\";\n"
	"    when = \"chip.foreign && asset.purpose in lists.gov\";\n"
	"    message = \"{asset.id}: {chip.vendor} {chip.model} used for {asset.purpose} ({{x}})\"; },\n"
	"  { id = \"T-JUST\"; title = \"order\"; severity = \"error\";\n"
	"    when = \"chip.foreign && asset.status in ['ordered', 'planned']\";\n"
	"    require = \"justification\";\n"
	"    justification = { fields = [\"reason\", \"alternatives\", \"approver\", \"approved_on\"];\n"
	"                      max_age_days = 365; alternatives_domestic = true; }; },\n"
	"  { id = \"T-EXPO\"; title = \"share\"; severity = \"warning\"; kind = \"exposure\";\n"
	"    group_by = \"asset.site\"; weight = \"asset.quantity\"; max_foreign_share = 0.5; }\n"
	");\n";

/* Evaluate INV under PACK on AS_OF into *r (caller frees). */
static void run(const char *pack, const char *inv_text, const char *as_of, struct report *r)
{
	struct diag_list errs = {0};
	struct policy *p = policy_load_text("pack.cfg", pack, strlen(pack), &cat, &errs);
	if (!p) {
		for (size_t i = 0; i < errs.n; i++)
			print_error("%s:%d:%d: %s\n", errs.v[i].file, errs.v[i].line, errs.v[i].col,
				    errs.v[i].msg);
		fail();
	}
	struct inventory inv;
	struct diag d;
	if (inventory_load_text(&inv, "inv.cfg", inv_text, strlen(inv_text), &d) != 0) {
		print_error("%s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	cg_date day;
	assert_int_equal(date_parse(as_of, &day), 0);
	report_init(r, day, 0, SEV_ERROR);
	struct engine *e = engine_new(&p, 1, &cat, r, day);
	engine_begin_inventory(e, &inv);
	for (size_t i = 0; i < inv.nassets; i++)
		engine_asset(e, &inv.assets[i]);
	engine_end_inventory(e);
	engine_finish(e);
	report_finish(r);
	engine_free(e);
	inventory_free(&inv);
	policy_free(p);
	diag_list_release(&errs);
}

static const struct finding *find(const struct report *r, const char *rule, const char *asset)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (strcmp(f->ctx->rule->id, rule) == 0 &&
		    ((asset == NULL && f->asset == NULL) ||
		     (asset && ((f->asset && strcmp(f->asset, asset) == 0) ||
				(f->ctx->group && strcmp(f->ctx->group, asset) == 0)))))
			return f;
	}
	return NULL;
}

static size_t count(const struct report *r, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		n += strcmp(r->findings[i].ctx->rule->id, rule) == 0;
	return n;
}

/* An ordered H20 with one justification built from the given fields. */
static char *order_with(const char *fields)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf),
		 "assets = ( { id = \"o1\"; model = \"H20\"; quantity = 10; site = \"S\";"
		 " purpose = \"commercial\"; status = \"ordered\"; } );\n"
		 "justifications = ( { asset = \"o1\"; rule = \"T-JUST\"; %s } );\n",
		 fields);
	return buf;
}

#define GOOD_J "reason = \"CUDA stack\"; alternatives = [\"huawei-ascend-910b\"]; " \
	       "requested_by = \"li\"; approver = \"zhang\"; approved_on = \"2025-01-01\"; " \
	       "expires = \"2025-12-31\";"

static void test_justified(void **state)
{
	struct report r;
	(void)state;
	run(PACK, order_with(GOOD_J), "2025-06-01", &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_non_null(f);
	assert_int_equal(f->status, FS_JUSTIFIED);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_non_null(strstr(f->ctx->note, "justified by inv.cfg:2, approved by zhang until 2025-12-31"));
	assert_false(r.failed);
	assert_int_equal(r.justified, 1);
	report_free(&r);
}

static void test_no_justification(void **state)
{
	struct report r;
	(void)state;
	run(PACK, "assets = ( { id = \"o1\"; model = \"H20\"; quantity = 1; status = \"planned\"; } );",
	    "2025-06-01", &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_non_null(f);
	assert_int_equal(f->status, FS_OPEN);
	assert_string_equal(f->ctx->note, "no justification on file");
	assert_true(r.failed);
	report_free(&r);
}

static void expect_open(const char *fields, const char *as_of, const char *why)
{
	struct report r;
	run(PACK, order_with(fields), as_of, &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_non_null(f);
	assert_int_equal(f->status, FS_OPEN);
	assert_int_equal(f->severity, SEV_ERROR);
	if (!strstr(f->ctx->note, why))
		print_error("note '%s' lacks '%s'\n", f->ctx->note, why);
	assert_non_null(strstr(f->ctx->note, why));
	report_free(&r);
}

static void expect_justified(const char *fields, const char *as_of)
{
	struct report r;
	run(PACK, order_with(fields), as_of, &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_non_null(f);
	if (f->status != FS_JUSTIFIED)
		print_error("not justified: %s\n", f->ctx->note);
	assert_int_equal(f->status, FS_JUSTIFIED);
	report_free(&r);
}

static void test_missing_fields(void **state)
{
	(void)state;
	expect_open("reason = \"\"; alternatives = [\"huawei-ascend-910b\"]; approved_on = \"2025-01-01\";",
		    "2025-06-01", "missing 'reason'; missing 'approver'");
}

static void test_dates(void **state)
{
	(void)state;
	/* max_age_days 365: 2025-01-01 + 365 = 2026-01-01 is the last day in date */
	expect_justified("reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; approver = \"a\";"
			 " approved_on = \"2025-01-01\";",
			 "2026-01-01");
	expect_open("reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; approver = \"a\";"
		    " approved_on = \"2025-01-01\";",
		    "2026-01-02", "approved on 2025-01-01, 366 days before as_of (limit 365)");
	/* approved in the future */
	expect_open(GOOD_J, "2024-12-31", "approved_on 2025-01-01 is after as_of 2024-12-31");
	/* in date on the expiry day itself, expired the day after */
	expect_justified(GOOD_J, "2025-12-31");
	expect_open(GOOD_J, "2026-01-01", "expired on 2025-12-31");
}

static void test_self_approval(void **state)
{
	(void)state;
	expect_open("reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; requested_by = \"Li.Wei\";"
		    " approver = \"li.wei\"; approved_on = \"2025-05-01\";",
		    "2025-06-01", "approver 'li.wei' is also the requester");
}

static void test_alternatives(void **state)
{
	(void)state;
	expect_open("reason = \"r\"; alternatives = [\"nvidia-a100\"]; approver = \"a\";"
		    " approved_on = \"2025-05-01\";",
		    "2025-06-01", "alternative 'nvidia-a100' (NVIDIA A100 SXM4 80GB) is not domestic for CN");
	expect_open("reason = \"r\"; alternatives = [\"warp-drive-9000\"]; approver = \"a\";"
		    " approved_on = \"2025-05-01\";",
		    "2025-06-01", "alternative 'warp-drive-9000' is not in the catalog");
	/* a model name works as well as an id */
	expect_justified("reason = \"r\"; alternatives = [\"Ascend 910C\"]; approver = \"a\";"
			 " approved_on = \"2025-05-01\";",
			 "2025-06-01");
}

static void test_weak_need(void **state)
{
	struct report r;
	(void)state;
	/* the 910B's 320 FP16 TFLOPS meet a stated need of 320: weak */
	run(PACK, order_with(GOOD_J " need = { tflops_fp16 = 320.0; };"), "2025-06-01", &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_int_equal(f->status, FS_OPEN);
	assert_int_equal(f->severity, SEV_WARNING);
	assert_non_null(strstr(f->ctx->note, "domestic alternative meets the stated need: Huawei Ascend 910B "
					"(tflops_fp16 320 >= 320)"));
	assert_false(r.failed); /* a warning does not fail --fail-on error */
	report_free(&r);
	/* 320.5 is not met: justified */
	expect_justified(GOOD_J " need = { tflops_fp16 = 320.5; };", "2025-06-01");
	/* a need on a figure the alternative lacks is not met (unknown is not enough) */
	expect_justified("reason = \"r\"; alternatives = [\"cambricon-mlu590\"]; approver = \"a\";"
			 " approved_on = \"2025-05-01\"; need = { tflops_fp16 = 1.0; };",
			 "2025-06-01");
}

static const char *WAIVED =
	"assets = ( { id = \"g1\"; model = \"H20\"; quantity = 4; purpose = \"government\"; } );\n"
	"waivers = ( { rule = \"T-GOV\"; asset = \"g1\"; reason = \"legacy\"; approver = \"wang\";"
	" expires = \"2025-09-30\"; },\n"
	"            { rule = \"T-GOV\"; asset = \"nope\"; reason = \"x\"; approver = \"y\";"
	" expires = \"2026-01-01\"; } );\n";

static void test_waivers(void **state)
{
	struct report r;
	(void)state;
	run(PACK, WAIVED, "2025-09-30", &r);
	const struct finding *f = find(&r, "T-GOV", "g1");
	assert_int_equal(f->status, FS_WAIVED);
	assert_msg(f, "g1: NVIDIA H20 used for government ({x})");
	assert_true(f->msg_parts); /* the template is stored once per signature */
	assert_non_null(strstr(f->ctx->note, "waived until 2025-09-30 by wang: legacy"));
	assert_non_null(find(&r, "CG-STALE-WAIVER", "nope"));
	const struct finding *x = find(&r, "CG-WAIVER-EXPIRING", "g1");
	assert_non_null(x);
	assert_msg(x, "waiver for T-GOV on g1 expires on 2025-09-30 (in 0 days)");
	assert_false(r.failed);
	report_free(&r);

	run(PACK, WAIVED, "2025-10-01", &r);
	f = find(&r, "T-GOV", "g1");
	assert_int_equal(f->status, FS_OPEN);
	assert_non_null(strstr(f->ctx->note, "expired on 2025-09-30"));
	assert_null(find(&r, "CG-WAIVER-EXPIRING", "g1"));
	assert_true(r.failed);
	report_free(&r);

	/* 30 days ahead is "within 30 days", 31 is not */
	run(PACK, WAIVED, "2025-08-31", &r);
	assert_non_null(find(&r, "CG-WAIVER-EXPIRING", "g1"));
	report_free(&r);
	run(PACK, WAIVED, "2025-08-30", &r);
	assert_null(find(&r, "CG-WAIVER-EXPIRING", "g1"));
	report_free(&r);
}

static void test_exposure(void **state)
{
	struct report r;
	(void)state;
	/* exactly half foreign: not above the maximum */
	run(PACK,
	    "assets = ( { id = \"a\"; model = \"H20\"; quantity = 5; site = \"X\"; },\n"
	    "           { id = \"b\"; model = \"Ascend 910B\"; quantity = 5; site = \"X\"; },\n"
	    "           { id = \"c\"; model = \"H20\"; quantity = 6; site = \"Y\"; },\n"
	    "           { id = \"d\"; model = \"Ascend 910B\"; quantity = 4; site = \"Y\"; },\n"
	    "           { id = \"e\"; model = \"H20\"; quantity = 4; site = \"Z\"; },\n"
	    "           { id = \"f\"; model = \"Ascend 910B\"; quantity = 5; site = \"Z\"; },\n"
	    "           { id = \"g\"; model = \"Mystery 9\"; quantity = 1; site = \"Z\"; } );",
	    "2025-06-01", &r);
	assert_int_equal(r.nexposure, 3);
	const struct exposure_row *x = &r.exposure[0], *y = &r.exposure[1], *z = &r.exposure[2];
	assert_string_equal(x->group, "X");
	assert_true(x->share_units == 0.5);
	assert_false(x->breach);
	assert_false(x->indeterminate);
	assert_true(y->share_units == 0.6);
	assert_true(y->breach);
	assert_non_null(find(&r, "T-EXPO", "Y"));
	assert_null(find(&r, "T-EXPO", "X"));
	/* Z: 4 of 10 known foreign, 1 unknown: 0.4 or 0.5 — still not above */
	assert_false(z->breach);
	assert_false(z->indeterminate);
	assert_int_equal(z->units_unknown, 1);
	/* TPP share uses quantity x TPP over chips with a known TPP */
	assert_true(fabs(x->share_tpp - 2368.0 / (2368.0 + 5120.0)) < 1e-12);
	report_free(&r);

	/* Z with 2 unknown units: 4/11 known foreign, but 6/11 if unknown were foreign */
	run(PACK,
	    "assets = ( { id = \"e\"; model = \"H20\"; quantity = 4; site = \"Z\"; },\n"
	    "           { id = \"f\"; model = \"Ascend 910B\"; quantity = 5; site = \"Z\"; },\n"
	    "           { id = \"g\"; model = \"Mystery 9\"; quantity = 2; site = \"Z\"; } );",
	    "2025-06-01", &r);
	assert_false(r.exposure[0].breach);
	assert_true(r.exposure[0].indeterminate);
	const struct finding *f = find(&r, "T-EXPO", "Z");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_WARNING);
	report_free(&r);
}

/* Assets without a weight (TPP unknown) can pull the share either way. */
static void test_exposure_null_weight(void **state)
{
	struct report r;
	(void)state;
	const char *pack =
		"policy = { id = \"w\"; title = \"W\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"rules = ( { id = \"W-1\"; title = \"share\"; severity = \"error\"; kind = \"exposure\";"
		" group_by = \"asset.site\"; weight = \"asset.quantity * chip.tpp\";"
		" max_foreign_share = 0.5; } );\n";
	/* all foreign by weight, but a domestic MLU590 (TPP unknown) could outweigh it */
	run(pack,
	    "assets = ( { id = \"h\"; model = \"H20\"; quantity = 64; site = \"S\"; },\n"
	    "           { id = \"m\"; model = \"MLU590\"; quantity = 320; site = \"S\"; } );",
	    "2025-06-01", &r);
	assert_false(r.exposure[0].breach);
	assert_true(r.exposure[0].indeterminate);
	assert_int_equal(find(&r, "W-1", "S")->severity, SEV_WARNING);
	report_free(&r);
	/* a foreign chip without a weight can only raise it: the breach stands */
	run(pack,
	    "assets = ( { id = \"h\"; model = \"H20\"; quantity = 64; site = \"S\"; },\n"
	    "           { id = \"m\"; model = \"MI308X\"; quantity = 320; site = \"S\"; } );",
	    "2025-06-01", &r);
	assert_true(r.exposure[0].breach);
	assert_int_equal(find(&r, "W-1", "S")->severity, SEV_ERROR);
	report_free(&r);
}

/* An asset whose scope is unknown may or may not be in its group: a
 * domestic one could lower the share, so the breach is not certain. */
static void test_exposure_null_scope(void **state)
{
	struct report r;
	(void)state;
	const char *pack =
		"policy = { id = \"w\"; title = \"W\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"rules = ( { id = \"W-1\"; title = \"share\"; severity = \"error\"; kind = \"exposure\";"
		" scope = \"asset.status in ['deployed', 'ordered']\";"
		" group_by = \"asset.site\"; max_foreign_share = 0.5; } );\n";
	const char *known = "assets = ( { id = \"h\"; model = \"H20\"; quantity = 64; site = \"S\";"
			    " status = \"deployed\"; },\n"
			    "           { id = \"b\"; model = \"Ascend 910B\"; quantity = 320; site = \"S\";"
			    " status = \"decommissioned\"; } );";
	run(pack, known, "2025-06-01", &r);
	assert_true(r.exposure[0].breach); /* the 910B is out of scope */
	report_free(&r);
	const char *unknown = "assets = ( { id = \"h\"; model = \"H20\"; quantity = 64; site = \"S\";"
			      " status = \"deployed\"; },\n"
			      "           { id = \"b\"; model = \"Ascend 910B\"; quantity = 320; site = \"S\"; } );";
	run(pack, unknown, "2025-06-01", &r);
	assert_false(r.exposure[0].breach);
	assert_true(r.exposure[0].indeterminate);
	assert_int_equal(r.exposure[0].units_total, 64); /* not counted as in scope */
	assert_msg(find(&r, "W-1", "S"),
		   "group 'S': foreign share 100.0% could exceed the maximum of 50.0% "
		   "(0 units of unknown origin, 1 assets without a weight)");
	report_free(&r);
}

/* The null-semantics pack (tests/fixtures/packs): each comparison with a
 * null operand, plain and negated, gives =indeterminate; its tests pass,
 * and they fail when one expectation is changed (the test can fail). */
static void test_null_semantics_pack(void **state)
{
	(void)state;
	struct diag_list errs = {0};
	struct policy *p = policy_load(FIXTURES "/packs/null-semantics.cfg", &cat, &errs);
	assert_non_null(p);
	struct lint_result res = {0, 0, STRBUF_INIT};
	assert_int_equal(policy_run_tests(p, &cat, &res, &errs), 0);
	if (res.failed)
		print_error("%s", sb_str(&res.log));
	assert_int_equal(res.tests, 3);
	assert_int_equal(res.failed, 0);
	sb_release(&res.log);
	policy_free(p);
	/* the same pack with LT expected decided: fails */
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_text(FIXTURES "/packs/null-semantics.cfg", &text, &len, &d), 0);
	static const char want[] = "\"LT:n=indeterminate\"";
	char *at = strstr(text, want);
	assert_non_null(at);
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, text, (size_t)(at - text));
	sb_puts(&sb, "\"LT:n\"");
	sb_puts(&sb, at + strlen(want));
	p = policy_load_text("mutant.cfg", sb.buf, sb.len, &cat, &errs);
	assert_non_null(p);
	struct lint_result res2 = {0, 0, STRBUF_INIT};
	assert_int_equal(policy_run_tests(p, &cat, &res2, &errs), 0);
	assert_int_equal(res2.failed, 1);
	assert_non_null(strstr(sb_str(&res2.log), "unexpected LT:n=indeterminate"));
	assert_non_null(strstr(sb_str(&res2.log), "missing LT:n"));
	sb_release(&res2.log);
	policy_free(p);
	sb_release(&sb);
	free(text);
	diag_list_release(&errs);
}

static void test_unknown_model(void **state)
{
	struct report r;
	(void)state;
	run(PACK, "assets = ( { id = \"u\"; model = \"NVIDA H2O\"; quantity = 1; purpose = \"government\"; } );",
	    "2025-06-01", &r);
	const struct finding *f = find(&r, "CG-UNKNOWN-MODEL", "u");
	assert_non_null(f);
	assert_msg(f,
		   "u: model 'NVIDA H2O' is not in the catalog (did you mean 'NVIDIA H20'?)");
	/* no guess: the gov rule is neither true nor reported as indeterminate */
	assert_int_equal(count(&r, "T-GOV"), 0);
	assert_true(r.failed);
	report_free(&r);
}

static void test_indeterminate(void **state)
{
	struct report r;
	(void)state;
	/* origin by fab: the 910B's fab country is not in the catalog */
	const char *pack =
		"policy = { id = \"f\"; title = \"F\"; jurisdiction = \"CN\"; version = \"1\";"
		" origin_basis = \"fab\"; };\n"
		"rules = ( { id = \"F-1\"; title = \"foreign\"; severity = \"error\";"
		" when = \"chip.foreign && asset.quantity > 0\"; } );\n";
	run(pack,
	    "assets = ( { id = \"h\"; model = \"H20\"; quantity = 1; },"
	    " { id = \"b\"; model = \"Ascend 910B\"; quantity = 1; } );",
	    "2025-06-01", &r);
	const struct finding *h = find(&r, "F-1", "h"), *b = find(&r, "F-1", "b");
	assert_non_null(h);
	assert_int_equal(h->severity, SEV_ERROR); /* fab TW: foreign for CN */
	assert_non_null(b);
	assert_int_equal(b->severity, SEV_WARNING);
	assert_msg(b, "b: cannot decide 'foreign': chip.foreign unknown");
	report_free(&r);
}

static void test_effective_dates(void **state)
{
	struct report r;
	(void)state;
	const char *pack =
		"policy = { id = \"e\"; title = \"E\"; jurisdiction = \"US\"; version = \"1\";"
		" effective = \"2025-07-31\"; };\n"
		"rules = ( { id = \"E-1\"; title = \"any\"; severity = \"error\"; when = \"true\"; },\n"
		"          { id = \"E-2\"; title = \"later\"; severity = \"info\"; when = \"true\";"
		" effective = \"2026-01-15\"; until = \"2026-06-30\"; } );\n";
	const char *inv = "assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; } );";
	run(pack, inv, "2025-07-30", &r);
	assert_int_equal(count(&r, "E-1"), 0);
	report_free(&r);
	run(pack, inv, "2025-07-31", &r);
	assert_int_equal(count(&r, "E-1"), 1);
	assert_int_equal(count(&r, "E-2"), 0);
	report_free(&r);
	run(pack, inv, "2026-01-15", &r);
	assert_int_equal(count(&r, "E-2"), 1);
	report_free(&r);
	run(pack, inv, "2026-06-30", &r);
	assert_int_equal(count(&r, "E-2"), 1);
	report_free(&r);
	run(pack, inv, "2026-07-01", &r);
	assert_int_equal(count(&r, "E-2"), 0);
	report_free(&r);
}

static void test_origin_table_and_sort(void **state)
{
	struct report r;
	(void)state;
	run(PACK,
	    "inventory = { jurisdiction = \"CN\"; };\n"
	    "assets = ( { id = \"z\"; model = \"H20\"; quantity = 2; purpose = \"government\"; },\n"
	    "           { id = \"a\"; model = \"H20\"; quantity = 3; purpose = \"government\"; },\n"
	    "           { id = \"m\"; model = \"Ascend 910B\"; quantity = 7; } );",
	    "2025-06-01", &r);
	assert_int_equal(r.norigins, 2);
	assert_string_equal(r.origins[0].origin, "CN");
	assert_false(r.origins[0].foreign);
	assert_int_equal(r.origins[0].units, 7);
	assert_string_equal(r.origins[1].origin, "US");
	assert_true(r.origins[1].foreign);
	assert_true(r.origins[1].tpp == 5 * 2368.0);
	/* findings sorted by severity, rule, asset */
	assert_string_equal(r.findings[0].asset, "a");
	assert_string_equal(r.findings[1].asset, "z");
	assert_int_equal(r.assets, 3);
	assert_int_equal(r.units, 12);
	report_free(&r);
}

/* Messages kept in parts: a template of more than 64 segments (past the
 * per-asset bitmask), per-asset and signature-fixed values mixed, the
 * asset id segment; assets of one signature share the template and the
 * stored context, each with its own values. */
static void test_long_message_parts(void **state)
{
	(void)state;
	struct strbuf msg = STRBUF_INIT;
	for (int i = 0; i < 40; i++)
		sb_puts(&msg, i % 2 ? "{asset.quantity}," : "{chip.model}|");
	sb_puts(&msg, "{ asset.id }");
	char pack[4096];
	snprintf(pack, sizeof(pack),
		 "policy = { id = \"t\"; title = \"T\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		 "rules = ( { id = \"T-LONG\"; title = \"long\"; severity = \"error\";\n"
		 "    when = \"chip.foreign\"; message = \"%s\"; } );\n",
		 sb_str(&msg));
	static const char *inv = "assets = (\n"
				 " { id = \"a\"; model = \"H20\"; quantity = 3; },\n"
				 " { id = \"b\"; model = \"H20\"; quantity = 5; },\n"
				 " { id = \"c\"; model = \"H20\"; quantity = 7; } );\n";
	struct report r;
	run(pack, inv, "2025-06-01", &r);
	assert_int_equal(count(&r, "T-LONG"), 3);
	static const char *const ids[] = {"a", "b", "c"};
	static const int qty[] = {3, 5, 7};
	const struct finding *first = NULL;
	for (int k = 0; k < 3; k++) {
		const struct finding *f = find(&r, "T-LONG", ids[k]);
		assert_non_null(f);
		assert_true(f->msg_parts);
		struct strbuf want = STRBUF_INIT;
		for (int i = 0; i < 40; i++) {
			if (i % 2)
				sb_printf(&want, "%d,", qty[k]);
			else
				sb_puts(&want, "H20|");
		}
		sb_puts(&want, ids[k]);
		assert_msg(f, sb_str(&want));
		sb_release(&want);
		if (first)
			assert_ptr_equal(f->ctx, first->ctx);
		first = f;
	}
	report_free(&r);
	sb_release(&msg);
}

static void test_load_errors(void **state)
{
	struct diag_list errs = {0};
	(void)state;
	const char *bad =
		"policy = { id = \"b\"; title = \"B\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"rules = (\n"
		"  { id = \"B-1\"; title = \"x\"; severity = \"error\"; when = \"chip.tpp >= 'x'\"; },\n"
		"  { id = \"B-1\"; title = \"y\"; severity = \"error\"; when = \"true\"; },\n"
		"  { id = \"B-3\"; title = \"z\"; severity = \"error\"; when = \"true\";"
		" message = \"{asset.nope}\"; }\n"
		");\n";
	assert_null(policy_load_text("bad.cfg", bad, strlen(bad), &cat, &errs));
	assert_int_equal(errs.n, 3);
	assert_int_equal(errs.v[0].line, 3);
	assert_int_equal(errs.v[0].col, 10);
	assert_non_null(strstr(errs.v[0].msg, "in 'when': "));
	assert_int_equal(errs.v[1].line, 4);
	assert_string_equal(errs.v[1].msg, "duplicate rule id 'B-1' (first at line 3)");
	assert_int_equal(errs.v[2].line, 5);
	assert_int_equal(errs.v[2].col, 2);
	assert_non_null(strstr(errs.v[2].msg, "in 'message': unknown name 'asset.nope'"));
	diag_list_release(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_justified),
		cmocka_unit_test(test_no_justification),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_self_approval),
		cmocka_unit_test(test_alternatives),
		cmocka_unit_test(test_weak_need),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_exposure),
		cmocka_unit_test(test_exposure_null_weight),
		cmocka_unit_test(test_exposure_null_scope),
		cmocka_unit_test(test_null_semantics_pack),
		cmocka_unit_test(test_unknown_model),
		cmocka_unit_test(test_indeterminate),
		cmocka_unit_test(test_effective_dates),
		cmocka_unit_test(test_origin_table_and_sort),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_long_message_parts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
