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
#include "report/report.h"

#include "helpers.h"

/* F's message as the writers render it (it may be kept in parts). */
static void assert_msg(const struct finding *f, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	const char *m = report_message(f, &sb);
	assert_non_null(m);
	assert_string_equal(m, want);
	sb_release(&sb);
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

/* Evaluate INV_TEXT under the loaded pack P on AS_OF into *r, then free P. */
/* When set, evaluate lists at most this many findings of each severity
 * (report_keep), as the text report does. */
static size_t keep_cap;

static void evaluate(struct policy *p, const char *inv_text, const char *as_of, struct report *r)
{
	struct inventory inv;
	struct diag d;
	if (inventory_load_text(&inv, "inv.cfg", inv_text, strlen(inv_text), &d) != 0)
		fail_msg("%s:%d:%d: %s", d.file, d.line, d.col, d.msg);
	cg_date day;
	assert_int_equal(date_parse(as_of, &day), 0);
	report_init(r, day, 0, SEV_ERROR);
	if (keep_cap)
		report_keep(r, keep_cap);
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
}

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
	evaluate(p, inv_text, as_of, r);
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
	assert_non_null(f->ctx->tmpl); /* the template is stored once per signature */
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
		   "(0 units of unknown origin, 1 assets without a weight, 1 of them whose scope is "
		   "unknown)");
	report_free(&r);
}

/* Domestic-share thresholds, compared as written: "above 50%" breaches
 * at exactly half, "at least 80%" does not breach at exactly 80%; a
 * threshold from a parameter; unknown origins decide nothing. */
static void test_exposure_domestic(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"d\"; title = \"D\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"params = { grid_min = { value = 0.8; min = 0; max = 1; }; };\n"
		"rules = ( { id = \"D-HUB\"; title = \"hub\"; severity = \"error\"; kind = \"exposure\";"
		" group_by = \"asset.site\"; domestic_share_above = 0.5; },\n"
		"  { id = \"D-GRID\"; title = \"grid\"; severity = \"warning\"; kind = \"exposure\";"
		" group_by = \"asset.site\"; min_domestic_share = \"params.grid_min\"; } );\n";
	static const struct {
		int dom, foreign, unknown;
		bool hub_breach, hub_indet, grid_breach, grid_indet;
	} cases[] = {
		{1, 1, 0, true, false, true, false},   /* 50%: not above half; below 80% */
		{51, 49, 0, false, false, true, false}, /* 51% */
		{4, 1, 0, false, false, false, false},  /* exactly 80% */
		{79, 21, 0, false, false, true, false}, /* 79% */
		{3, 1, 1, false, false, false, true},   /* 60%..80% with an unknown origin */
		{1, 1, 1, false, true, true, false},    /* 33%..67%: below 80% either way */
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		char inv[512];
		snprintf(inv, sizeof(inv),
			 "assets = ( { id = \"d\"; model = \"Ascend 910B\"; quantity = %d; site = \"S\"; },\n"
			 "  { id = \"f\"; model = \"H20\"; quantity = %d; site = \"S\"; }%s );",
			 cases[i].dom, cases[i].foreign,
			 cases[i].unknown ? ",\n  { id = \"u\"; model = \"NVIDIA H2O\"; quantity = 1; site = \"S\"; }"
					  : "");
		struct report r;
		run(pack, inv, "2026-06-01", &r);
		assert_int_equal(r.nexposure, 2);
		const struct exposure_row *grid = &r.exposure[0], *hub = &r.exposure[1];
		assert_string_equal(hub->rule, "D-HUB");
		if (hub->breach != cases[i].hub_breach || hub->indeterminate != cases[i].hub_indet ||
		    grid->breach != cases[i].grid_breach || grid->indeterminate != cases[i].grid_indet)
			fail_msg("case %zu: hub %d/%d grid %d/%d", i, hub->breach, hub->indeterminate,
				 grid->breach, grid->indeterminate);
		assert_true(grid->min_domestic_share == 0.8);
		assert_false(grid->domestic_above);
		assert_true(hub->domestic_above);
		report_free(&r);
	}
	struct report r;
	run(pack, "assets = ( { id = \"d\"; model = \"Ascend 910B\"; quantity = 1; site = \"S\"; },\n"
		  "  { id = \"f\"; model = \"H20\"; quantity = 1; site = \"S\"; } );",
	    "2026-06-01", &r);
	assert_msg(find(&r, "D-HUB", "S"), "group 'S': domestic share 50.0% is not above the minimum of 50.0%");
	assert_msg(find(&r, "D-GRID", "S"), "group 'S': domestic share 50.0% is below the minimum of 80.0%");
	report_free(&r);
	/* a threshold that is not a share */
	struct diag_list errs = {0};
	const char *bad = "policy = { id = \"b\"; title = \"B\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
			  "rules = ( { id = \"B-1\"; title = \"x\"; severity = \"error\"; kind = \"exposure\";"
			  " group_by = \"asset.site\"; max_foreign_share = 0.5; min_domestic_share = 0.5; } );\n";
	assert_null(policy_load_text("b.cfg", bad, strlen(bad), &cat, &errs));
	assert_string_equal(errs.v[0].msg, "an exposure rule takes one of 'max_foreign_share', "
					   "'min_domestic_share' and 'domestic_share_above', not several");
	diag_list_release(&errs);
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
	struct lint_result res = {0, 0, STRBUF_INIT, 0};
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
	struct lint_result res2 = {0, 0, STRBUF_INIT, 0};
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
	/* only the nulls that leave the condition undecided are named: the
	 * site is not needed where the destination already decides */
	pack = "policy = { id = \"n\"; title = \"N\"; jurisdiction = \"US\"; version = \"1\"; };\n"
	       "rules = ( { id = \"N-1\"; title = \"nexus\"; severity = \"error\";"
	       " when = \"(asset.destination == 'CN' || site.owner_hq == 'CN') && chip.pd > 1\"; },\n"
	       " { id = \"N-2\"; title = \"open\"; severity = \"error\";"
	       " when = \"asset.destination == 'CN' && null\"; },\n"
	       " { id = \"N-3\"; title = \"both\"; severity = \"error\";"
	       " when = \"asset.purpose == 'government' && site.owner_hq == 'CN' && asset.purpose != 'x'\"; },\n"
	       " { id = \"N-4\"; title = \"mixed\"; severity = \"error\";"
	       " when = \"asset.purpose == 'government' && null\"; } );\n";
	run(pack,
	    "assets = ( { id = \"m\"; model = \"MLU370-X8\"; quantity = 1; destination = \"CN\"; },"
	    " { id = \"o\"; model = \"MLU370-X8\"; quantity = 1; destination = \"US\"; } );",
	    "2025-06-01", &r);
	assert_msg(find(&r, "N-1", "m"), "m: cannot decide 'nexus': chip.pd unknown");
	assert_msg(find(&r, "N-1", "o"), "o: cannot decide 'nexus': site.owner_hq, chip.pd unknown");
	assert_msg(find(&r, "N-2", "m"), "m: cannot decide 'open': a fact the pack leaves unknown");
	assert_null(find(&r, "N-2", "o"));
	assert_msg(find(&r, "N-3", "m"), "m: cannot decide 'both': asset.purpose, site.owner_hq unknown");
	assert_msg(find(&r, "N-4", "m"),
		   "m: cannot decide 'mixed': asset.purpose unknown, and a fact the pack leaves unknown");
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
	assert_string_equal(report_find_rule(&r, "e", "E-1")->skipped, "pack-not-effective");
	report_free(&r);
	run(pack, inv, "2025-07-31", &r);
	assert_int_equal(count(&r, "E-1"), 1);
	assert_int_equal(count(&r, "E-2"), 0);
	assert_true(report_find_rule(&r, "e", "E-1")->in_force);
	assert_false(report_find_rule(&r, "e", "E-2")->in_force);
	assert_string_equal(report_find_rule(&r, "e", "E-2")->skipped, "not-yet-effective");
	assert_string_equal(report_find_rule(&r, "e", "E-2")->skipped_detail,
			    "effective from 2026-01-15");
	report_free(&r);
	run(pack, inv, "2026-01-14", &r);
	assert_int_equal(count(&r, "E-2"), 0);
	report_free(&r);
	run(pack, inv, "2026-01-15", &r);
	assert_int_equal(count(&r, "E-2"), 1);
	report_free(&r);
	/* until is the first day the rule no longer applies */
	run(pack, inv, "2026-06-29", &r);
	assert_int_equal(count(&r, "E-2"), 1);
	report_free(&r);
	run(pack, inv, "2026-06-30", &r);
	assert_int_equal(count(&r, "E-2"), 0);
	assert_string_equal(report_find_rule(&r, "e", "E-2")->skipped, "expired");
	assert_string_equal(report_find_rule(&r, "e", "E-2")->skipped_detail,
			    "no longer in force from 2026-06-30");
	report_free(&r);
}

/* Windows: in force, suspended, in force again (the Affiliates rule's
 * shape), on both sides of every boundary; a date from a parameter. */
static void test_windows(void **state)
{
	struct report r;
	(void)state;
	const char *pack =
		"policy = { id = \"w\"; title = \"W\"; jurisdiction = \"US\"; version = \"1\"; };\n"
		"params = { back_on = { value = \"2026-11-10\"; type = \"date\"; }; };\n"
		"rules = ( { id = \"W-1\"; title = \"affiliates\"; severity = \"error\"; when = \"true\";\n"
		"  windows = ( { effective = \"2025-09-29\"; until = \"2025-11-10\"; },\n"
		"              { effective = \"params.back_on\"; } ); } );\n";
	const char *inv = "assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; } );";
	static const struct {
		const char *day;
		int n;
		const char *skip;
	} cases[] = {
		{"2025-09-28", 0, "not-yet-effective"}, {"2025-09-29", 1, NULL},
		{"2025-11-09", 1, NULL},		{"2025-11-10", 0, "suspended"},
		{"2026-11-09", 0, "suspended"},		{"2026-11-10", 1, NULL},
		{"2030-01-01", 1, NULL},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		run(pack, inv, cases[i].day, &r);
		if ((int)count(&r, "W-1") != cases[i].n)
			fail_msg("%s: %zu findings, want %d", cases[i].day, count(&r, "W-1"), cases[i].n);
		const struct rule_info *ri = report_find_rule(&r, "w", "W-1");
		if (cases[i].skip)
			assert_string_equal(ri->skipped, cases[i].skip);
		else
			assert_null(ri->skipped);
		assert_int_equal(ri->nwindows, 2);
		report_free(&r);
	}
	run(pack, inv, "2026-01-01", &r);
	assert_string_equal(report_find_rule(&r, "w", "W-1")->skipped_detail,
			    "suspended from 2025-11-10, in force again from 2026-11-10");
	report_free(&r);
}

/* Bad lifetimes are load errors at their line. */
static void test_window_errors(void **state)
{
	(void)state;
	static const struct {
		const char *rule, *msg;
	} cases[] = {
		{"windows = ( { effective = \"2025-01-02\"; until = \"2025-01-02\"; } );",
		 "'until' 2025-01-02 is not after 'effective' 2025-01-02"},
		{"windows = ( { effective = \"2025-01-01\"; until = \"2025-03-01\"; },"
		 " { effective = \"2025-02-01\"; } );",
		 "window 2 starts before window 1 ends"},
		{"windows = ( { effective = \"2025-01-01\"; }, { effective = \"2025-02-01\"; } );",
		 "only the last window may leave out 'until'"},
		{"windows = ( { until = \"2025-01-01\"; }, { until = \"2025-02-01\"; } );",
		 "only the first window may leave out 'effective'"},
		{"windows = ();", "'windows' is empty"},
		{"windows = ( { note = \"x\"; } );", "a window needs 'effective', 'until' or both"},
		{"windows = ( { effective = \"2025-01-01\"; } ); effective = \"2025-01-01\";",
		 "a rule takes 'windows' or 'effective' and 'until', not both"},
		{"effective = \"params.nope\";", "'effective' names no parameter 'nope'"},
		{"effective = \"2025-02-30\";", "'effective' is not a date (YYYY-MM-DD) or 'params.NAME'"},
		{"state = \"draft\";", "invalid state 'draft' (expected one of: active, watch)"},
		{"windows = ( { efective = \"2025-01-01\"; } );",
		 "unknown setting 'efective' (did you mean 'effective'?)"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		char pack[1024];
		snprintf(pack, sizeof(pack),
			 "policy = { id = \"b\"; title = \"B\"; jurisdiction = \"US\"; version = \"1\"; };\n"
			 "rules = ( { id = \"B-1\"; title = \"x\"; severity = \"error\"; when = \"true\";\n"
			 "  %s } );\n",
			 cases[i].rule);
		struct diag_list errs = {0};
		assert_null(policy_load_text("bad.cfg", pack, strlen(pack), &cat, &errs));
		assert_true(errs.n >= 1);
		if (!strstr(errs.v[0].msg, cases[i].msg))
			fail_msg("case %zu: '%s', want '%s'", i, errs.v[0].msg, cases[i].msg);
		assert_true(errs.v[0].line >= 2);
		diag_list_release(&errs);
	}
}

/* state = "watch": findings at info, labelled, never failing the verdict
 * even at --fail-on info; enabled = false: off unless enabled. */
static void test_watch_and_disabled(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"s\"; title = \"S\"; jurisdiction = \"US\"; version = \"1\"; };\n"
		"rules = ( { id = \"S-W\"; title = \"draft\"; severity = \"error\"; state = \"watch\";"
		" when = \"chip.tpp > 1000\"; },\n"
		"          { id = \"S-WN\"; title = \"draft, unknown\"; severity = \"error\";"
		" state = \"watch\"; when = \"chip.pd > 1\"; },\n"
		"          { id = \"S-D\"; title = \"bill\"; severity = \"error\"; enabled = false;"
		" when = \"true\"; } );\n";
	const char *inv = "assets = ( { id = \"a\"; model = \"MLU370-X8\"; quantity = 1; } );";
	struct diag_list errs = {0};
	struct policy *p = policy_load_text("s.cfg", pack, strlen(pack), &cat, &errs);
	assert_non_null(p);
	struct inventory in;
	struct diag d;
	assert_int_equal(inventory_load_text(&in, "inv.cfg", inv, strlen(inv), &d), 0);
	for (int enable = 0; enable < 2; enable++) {
		if (enable)
			assert_int_equal(policy_enable_rule(p, "S-D"), 0);
		struct report r;
		report_init(&r, 20000, 0, SEV_INFO);
		struct engine *e = engine_new(&p, 1, &cat, &r, 20000);
		engine_begin_inventory(e, &in);
		engine_asset(e, &in.assets[0]);
		engine_end_inventory(e);
		engine_finish(e);
		report_finish(&r);
		const struct finding *w = find(&r, "S-W", "a"), *wn = find(&r, "S-WN", "a");
		assert_non_null(w);
		assert_int_equal(w->severity, SEV_INFO);
		assert_non_null(strstr(w->ctx->note, "watch"));
		assert_non_null(wn); /* undecided, and watch: info too */
		assert_int_equal(wn->severity, SEV_INFO);
		assert_non_null(strstr(wn->ctx->note, "indeterminate"));
		assert_true(report_find_rule(&r, "s", "S-W")->watch);
		if (!enable) {
			assert_int_equal(count(&r, "S-D"), 0);
			assert_string_equal(report_find_rule(&r, "s", "S-D")->skipped, "disabled");
			assert_false(r.failed); /* only watch findings: passes at --fail-on info */
		} else {
			assert_int_equal(count(&r, "S-D"), 1);
			assert_true(report_find_rule(&r, "s", "S-D")->in_force);
			assert_true(r.failed);
		}
		engine_free(e);
		report_free(&r);
	}
	assert_int_equal(policy_enable_rule(p, "S-NOPE"), -1);
	assert_string_equal(policy_suggest_rule(&p, 1, "S-DD"), "S-D");
	inventory_free(&in);
	policy_free(p);
	diag_list_release(&errs);
}

/* Evaluate INV under PACK with a --param list (NPARAMS of "NAME=VALUE"). */
static void run_params(const char *pack, const char *inv_text, const char *as_of,
		       const char *const *params, size_t nparams, struct report *r)
{
	struct param_override po[8];
	for (size_t i = 0; i < nparams; i++)
		assert_int_equal(param_override_parse(params[i], &po[i]), 0);
	struct policy_options opt = {.params = po, .nparams = nparams};
	struct diag_list errs = {0};
	struct policy *p = policy_load_text_with("pack.cfg", pack, strlen(pack), &cat, &opt, &errs);
	if (!p)
		fail_msg("%s:%d: %s", errs.v[0].file, errs.v[0].line, errs.v[0].msg);
	for (size_t i = 0; i < nparams; i++) {
		assert_int_equal(po[i].used, 1);
		param_override_release(&po[i]);
	}
	evaluate(p, inv_text, as_of, r);
	diag_list_release(&errs);
}

/* params.NAME in expressions, overrides of every type, and the errors. */
static void test_params(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"p\"; title = \"P\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"params = { share = { value = 0.5; min = 0; max = 1; };\n"
		"           mode = { value = \"and\"; one_of = [\"and\", \"or\"]; };\n"
		"           on = true; from = { value = \"2026-01-14\"; type = \"date\"; }; };\n"
		"rules = ( { id = \"P-1\"; title = \"t\"; severity = \"error\";\n"
		"  when = \"params.on && asset.quantity * params.share >= 4 && as_of >= params.from"
		" && params.mode == 'and'\"; } );\n";
	const char *inv = "assets = ( { id = \"a\"; model = \"H20\"; quantity = 8; } );";
	struct report r;
	run_params(pack, inv, "2026-01-14", NULL, 0, &r);
	assert_int_equal(count(&r, "P-1"), 1); /* 8 x 0.5 = 4: on the boundary */
	assert_int_equal(r.nparams, 4);
	assert_string_equal(r.params[0].name, "share");
	assert_string_equal(r.params[0].value, "0.5");
	assert_false(r.params[0].overridden);
	report_free(&r);
	run_params(pack, inv, "2026-01-13", NULL, 0, &r);
	assert_int_equal(count(&r, "P-1"), 0); /* the day before the date */
	report_free(&r);
	static const char *const p1[] = {"share=0.49"};
	run_params(pack, inv, "2026-01-14", p1, 1, &r);
	assert_int_equal(count(&r, "P-1"), 0); /* 3.92 < 4 */
	assert_string_equal(r.params[0].value, "0.49");
	assert_string_equal(r.params[0].dflt, "0.5");
	assert_true(r.params[0].overridden);
	report_free(&r);
	static const char *const p2[] = {"p:on=false"};
	run_params(pack, inv, "2026-01-14", p2, 1, &r);
	assert_int_equal(count(&r, "P-1"), 0);
	report_free(&r);
	static const char *const p3[] = {"from=2026-01-15", "mode=or"};
	run_params(pack, inv, "2026-01-14", p3, 2, &r);
	assert_int_equal(count(&r, "P-1"), 0);
	report_free(&r);
	/* errors: at the parameter's line, the pack's default and type named */
	static const struct {
		const char *arg, *msg;
		int line;
	} bad[] = {
		{"share=x", "--param share=x: 'x' is not a number (parameter 'share' of p is a number; "
			    "default 0.5)", 2},
		{"share=1.01", "--param share=1.01: '1.01' is out of its range (0 to 1) (parameter "
			       "'share' of p is a number; default 0.5)", 2},
		{"mode=xor", "--param mode=xor: 'xor' is not one of: and, or (parameter 'mode' of p is a "
			     "string; default and)", 3},
		{"on=1", "--param on=1: '1' is not a bool (true or false) (parameter 'on' of p is a bool; "
			 "default true)", 4},
		{"from=2026-1-1", "--param from=2026-1-1: '2026-1-1' is not a date (YYYY-MM-DD) "
				  "(parameter 'from' of p is a date; default 2026-01-14)", 4},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		struct param_override po;
		assert_int_equal(param_override_parse(bad[i].arg, &po), 0);
		struct policy_options opt = {.params = &po, .nparams = 1};
		struct diag_list errs = {0};
		assert_null(policy_load_text_with("pack.cfg", pack, strlen(pack), &cat, &opt, &errs));
		assert_int_equal(errs.n, 1);
		assert_string_equal(errs.v[0].msg, bad[i].msg);
		assert_int_equal(errs.v[0].line, bad[i].line);
		param_override_release(&po);
		diag_list_release(&errs);
	}
	/* a name no pack declares */
	struct param_override po;
	assert_int_equal(param_override_parse("shaer=0.1", &po), 0);
	struct policy_options opt = {.params = &po, .nparams = 1};
	struct diag_list errs = {0};
	struct policy *p = policy_load_text_with("pack.cfg", pack, strlen(pack), &cat, &opt, &errs);
	assert_non_null(p);
	assert_int_equal(po.used, 0);
	struct diag d;
	assert_int_equal(params_unknown(&p, 1, &po, &d), -1);
	assert_string_equal(d.file, "pack.cfg");
	assert_int_equal(d.line, 2);
	assert_string_equal(d.msg, "--param shaer: no such parameter in the packs applied (did you mean "
				   "'share'?); parameters: share, mode, on, from");
	param_override_release(&po);
	policy_free(p);
	diag_list_release(&errs);
	/* malformed overrides */
	assert_int_equal(param_override_parse("share", &po), -1);
	param_override_release(&po);
	assert_int_equal(param_override_parse(":x=1", &po), -1);
	param_override_release(&po);
	assert_int_equal(param_override_parse("a-b=1", &po), -1);
	param_override_release(&po);
	/* bad declarations */
	static const struct {
		const char *params, *msg;
	} decl[] = {
		{"x = { value = 2; min = 0; max = 1; };", "the value of parameter 'x' is out of its range (0 to 1)"},
		{"x = { value = \"a\"; one_of = [\"b\"]; };", "the value of parameter 'x' is not one of: b"},
		{"x = { value = 1; type = \"date\"; };", "parameter 'x' is a date: its value must be \"YYYY-MM-DD\""},
		{"x = { value = 1; one_of = [\"b\"]; };", "'one_of' needs a string parameter ('x' is a number)"},
		{"x = { min = 1; };", "parameter 'x' has no 'value'"},
		{"x = [1, 2];", "parameter 'x' must be a bool, a number or a string (or a group with 'value')"},
		{"x = { value = 1; type = \"int\"; };",
		 "invalid type 'int' of parameter 'x' (expected one of: bool, number, string, date)"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(decl); i++) {
		char text[512];
		snprintf(text, sizeof(text),
			 "policy = { id = \"d\"; title = \"D\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
			 "params = { %s };\nrules = ();\n",
			 decl[i].params);
		assert_null(policy_load_text("d.cfg", text, strlen(text), &cat, &errs));
		if (!errs.n || strcmp(errs.v[0].msg, decl[i].msg) != 0)
			fail_msg("decl %zu: '%s'", i, errs.n ? errs.v[0].msg : "(none)");
		assert_int_equal(errs.v[0].line, 2);
		diag_list_release(&errs);
	}
}

/* site.*, asset.ordered_on, asset.workload and inventory.kind: values, and
 * null (with the reason explain gives) when not given. */
static void test_site_facts(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"s\"; title = \"S\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
		"rules = ( { id = \"S-EARLY\"; title = \"early\"; severity = \"error\";"
		" when = \"site.funding == 'state' && site.completion < 0.3\"; },\n"
		"  { id = \"S-HUB\"; title = \"hub\"; severity = \"warning\"; when = \"site.public_hub\"; },\n"
		"  { id = \"S-SOE\"; title = \"soe\"; severity = \"warning\";"
		" when = \"inventory.kind == 'state-owned' && asset.workload == 'inference'"
		" && asset.ordered_on >= date('2026-01-14')\"; } );\n";
	const char *inv =
		"inventory = { kind = \"state-owned\"; };\n"
		"sites = ( { id = \"north-1\"; funding = \"state\"; completion = 0.29; public_hub = true; },\n"
		"          { id = \"south-2\"; funding = \"state\"; completion = 0.3; public_hub = false; },\n"
		"          { id = \"east-3\"; funding = \"state\"; } );\n"
		"assets = ( { id = \"x\"; model = \"H20\"; quantity = 1; site = \"north-1\"; workload = \"inference\";"
		" ordered_on = \"2026-01-14\"; },\n"
		"  { id = \"y\"; model = \"H20\"; quantity = 1; site = \"south-2\"; workload = \"inference\";"
		" ordered_on = \"2026-01-13\"; },\n"
		"  { id = \"z\"; model = \"H20\"; quantity = 1; site = \"east-3\"; workload = \"training\"; },\n"
		"  { id = \"w\"; model = \"H20\"; quantity = 1; site = \"lab-9\"; },\n"
		"  { id = \"v\"; model = \"H20\"; quantity = 1; } );\n";
	struct report r;
	run(pack, inv, "2026-06-01", &r);
	assert_non_null(find(&r, "S-EARLY", "x"));
	assert_null(find(&r, "S-EARLY", "y")); /* 0.3 is not below 0.3 */
	const struct finding *z = find(&r, "S-EARLY", "z");
	assert_non_null(z);
	assert_msg(z, "z: cannot decide 'early': site.completion unknown");
	assert_non_null(find(&r, "S-HUB", "x"));
	assert_null(find(&r, "S-HUB", "y"));
	assert_msg(find(&r, "S-HUB", "z"), "z: cannot decide 'hub': site.public_hub unknown");
	assert_msg(find(&r, "S-HUB", "w"), "w: cannot decide 'hub': site.public_hub unknown");
	assert_msg(find(&r, "S-HUB", "v"), "v: cannot decide 'hub': site.public_hub unknown");
	assert_non_null(find(&r, "S-SOE", "x"));
	assert_null(find(&r, "S-SOE", "y")); /* ordered the day before */
	assert_null(find(&r, "S-SOE", "z")); /* training */
	const struct finding *w = find(&r, "CG-UNKNOWN-SITE", "w");
	assert_non_null(w);
	assert_int_equal(w->severity, SEV_WARNING);
	assert_msg(w, "w: site 'lab-9' is not in the inventory's sites list");
	assert_null(find(&r, "CG-UNKNOWN-SITE", "v")); /* names no site */
	report_free(&r);
	/* explain says where each null came from */
	struct diag_list errs = {0};
	struct policy *p = policy_load_text("s.cfg", pack, strlen(pack), &cat, &errs);
	struct inventory in;
	struct diag d;
	assert_int_equal(inventory_load_text(&in, "inv.cfg", inv, strlen(inv), &d), 0);
	struct report rep;
	report_init(&rep, 20000, 0, SEV_ERROR);
	struct engine *e = engine_new(&p, 1, &cat, &rep, 20000);
	static const struct {
		const char *id, *why;
	} nulls[] = {{"z", "site.completion = null  (not set for this site in the sites list)"},
		     {"w", "site.funding = null  (the asset's site is not in the sites list)"},
		     {"v", "site.funding = null  (the asset names no site)"}};
	for (size_t i = 0; i < CG_ARRAY_LEN(nulls); i++) {
		struct strbuf sb = STRBUF_INIT;
		engine_explain(e, &in, inventory_find(&in, nulls[i].id), &sb);
		if (!strstr(sb_str(&sb), nulls[i].why))
			fail_msg("%s: no '%s' in:\n%s", nulls[i].id, nulls[i].why, sb_str(&sb));
		sb_release(&sb);
	}
	engine_free(e);
	report_free(&rep);
	inventory_free(&in);
	/* an inventory without sites: site.* null, and no CG-UNKNOWN-SITE */
	run(pack, "assets = ( { id = \"x\"; model = \"H20\"; quantity = 1; site = \"a\"; } );",
	    "2026-06-01", &r);
	assert_null(find(&r, "CG-UNKNOWN-SITE", "x"));
	assert_msg(find(&r, "S-HUB", "x"), "x: cannot decide 'hub': site.public_hub unknown");
	report_free(&r);
	policy_free(p);
	diag_list_release(&errs);
}

/* A stale waiver of a rule that could not decide for its asset says so
 * when the report keeps only some findings, and the undecided finding is
 * not among them (the engine knows it, it does not look among what the
 * report kept). */
static void test_waiver_undecided_capped(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"t\"; title = \"T\"; jurisdiction = \"CN\"; version = \"1\";"
		" review_by = \"2027-01-01\"; };\n"
		"rules = ( { id = \"T-PD\"; title = \"pd\"; severity = \"error\"; when = \"chip.pd > 1\"; } );\n";
	const char *inv =
		"assets = ( { id = \"a1\"; model = \"MLU370-X8\"; quantity = 1; },\n"
		"  { id = \"a2\"; model = \"MLU370-X8\"; quantity = 1; },\n"
		"  { id = \"m\"; model = \"MLU370-X8\"; quantity = 1; } );\n"
		"waivers = ( { rule = \"T-PD\"; asset = \"m\"; reason = \"r\"; approver = \"x\";"
		" expires = \"2026-12-31\"; } );\n";
	const size_t caps[] = {1, 0};
	for (size_t c = 0; c < CG_ARRAY_LEN(caps); c++) {
		struct report r;
		keep_cap = caps[c];
		run(pack, inv, "2026-06-01", &r);
		keep_cap = 0;
		const struct finding *f = find(&r, "CG-STALE-WAIVER", "m");
		assert_non_null(f);
		struct strbuf sb = STRBUF_INIT;
		assert_string_equal(report_message(f, &sb),
				    "waiver for T-PD on m matches no finding: T-PD cannot decide for 'm' (a "
				    "fact it needs is unknown), and a waiver never covers an undecided "
				    "finding");
		assert_int_equal(find(&r, "T-PD", "m") != NULL, caps[c] == 0);
		sb_release(&sb);
		report_free(&r);
	}
}

/* Waivers of exposure groups and of built-in findings; a waiver that
 * matches nothing says why. */
static void test_waiver_reasons(void **state)
{
	(void)state;
	const char *pack =
		"policy = { id = \"t\"; title = \"T\"; jurisdiction = \"CN\"; version = \"1\";"
		" review_by = \"2026-01-01\"; };\n"
		"rules = (\n"
		"  { id = \"T-GOV\"; title = \"gov\"; severity = \"error\";"
		" when = \"chip.foreign && asset.purpose == 'government'\"; },\n"
		"  { id = \"T-LATER\"; title = \"later\"; severity = \"error\"; when = \"true\";"
		" effective = \"2027-01-01\"; },\n"
		"  { id = \"T-PD\"; title = \"pd\"; severity = \"error\"; when = \"chip.pd > 1\"; },\n"
		"  { id = \"T-EXPO\"; title = \"share\"; severity = \"warning\"; kind = \"exposure\";"
		" group_by = \"asset.site\"; max_foreign_share = 0.5; } );\n";
	const char *inv =
		"assets = ( { id = \"h\"; model = \"H20\"; quantity = 10; site = \"A\"; purpose = \"commercial\"; },\n"
		"  { id = \"m\"; model = \"MLU370-X8\"; quantity = 1; site = \"A\"; },\n"
		"  { id = \"b\"; model = \"Ascend 910B\"; quantity = 10; site = \"B\"; },\n"
		"  { id = \"u\"; model = \"NVIDIA H2O\"; quantity = 1; site = \"B\"; } );\n"
		"waivers = (\n"
		"  { rule = \"T-EXPO\"; group = \"A\"; reason = \"migration plan MP-1\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"CG-UNKNOWN-MODEL\"; asset = \"u\"; reason = \"being renamed\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"CG-STALE-PACK\"; group = \"t\"; reason = \"review booked\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-GOVV\"; asset = \"h\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-LATER\"; asset = \"h\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-EXPO\"; asset = \"h\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-EXPO\"; group = \"B\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-EXPO\"; group = \"warehouse\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-GOV\"; asset = \"hh\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-GOV\"; asset = \"h\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-PD\"; asset = \"m\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; },\n"
		"  { rule = \"T-GOV\"; group = \"A\"; reason = \"r\"; approver = \"x\"; expires = \"2026-12-31\"; } );\n";
	struct report r;
	run(pack, inv, "2026-06-01", &r);
	const struct finding *g = find(&r, "T-EXPO", "A");
	assert_non_null(g);
	assert_int_equal(g->status, FS_WAIVED);
	assert_int_equal(find(&r, "CG-UNKNOWN-MODEL", "u")->status, FS_WAIVED);
	const struct finding *sp = find(&r, "CG-STALE-PACK", "t");
	assert_non_null(sp);
	assert_int_equal(sp->status, FS_WAIVED);
	static const char *const stale[] = {
		"waiver for T-GOVV on h matches no finding: no such rule in the packs applied (did you "
		"mean 'T-GOV'?)",
		"waiver for T-LATER on h matches no finding: T-LATER is not in force on 2026-06-01: "
		"effective from 2027-01-01",
		"waiver for T-EXPO on h matches no finding: T-EXPO is an exposure rule: a waiver of it "
		"names the group ('group = ...')",
		"waiver for T-EXPO on group B matches no finding: group 'B' of T-EXPO does not breach: "
		"foreign share 0.0%, maximum 50.0%",
		"waiver for T-EXPO on group warehouse matches no finding: T-EXPO has no group 'warehouse'",
		"waiver for T-GOV on hh matches no finding: no asset 'hh' in inv.cfg (did you mean 'h'?)",
		"waiver for T-GOV on h matches no finding: T-GOV does not apply to 'h' on 2026-06-01",
		"waiver for T-PD on m matches no finding: T-PD cannot decide for 'm' (a fact it needs is "
		"unknown), and a waiver never covers an undecided finding",
		"waiver for T-GOV on group A matches no finding: T-GOV is not an exposure rule: a waiver "
		"of it names an asset ('asset = ...')",
	};
	size_t nstale = 0;
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];
		if (strcmp(f->ctx->rule->id, "CG-STALE-WAIVER") != 0)
			continue;
		nstale++;
		struct strbuf sb = STRBUF_INIT;
		const char *m = report_message(f, &sb);
		bool known = false;
		for (size_t k = 0; k < CG_ARRAY_LEN(stale) && !known; k++)
			known = strcmp(m, stale[k]) == 0;
		if (!known)
			fail_msg("unexpected: %s", m);
		sb_release(&sb);
	}
	assert_int_equal(nstale, CG_ARRAY_LEN(stale));
	report_free(&r);
	/* the stale pack waiver, on a day the pack is not stale, says so */
	run(pack, inv, "2026-01-01", &r);
	assert_null(find(&r, "CG-STALE-PACK", "t"));
	bool said = false;
	for (size_t i = 0; i < r.nfindings; i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *m = report_message(&r.findings[i], &sb);
		said = said || strcmp(m, "waiver for CG-STALE-PACK on group t matches no finding: pack 't' "
					 "is not past its review date, or is not applied") == 0;
		sb_release(&sb);
	}
	assert_true(said);
	report_free(&r);
}

/* A misspelt field of a justification gets "did you mean". */
static void test_justification_misspelt(void **state)
{
	(void)state;
	struct report r;
	run(PACK, order_with("reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; approver = \"b\";"
			     " requested_by = \"a\"; aproved_on = \"2025-05-01\";"),
	    "2025-06-01", &r);
	const struct finding *f = find(&r, "T-JUST", "o1");
	assert_non_null(f);
	assert_int_equal(f->status, FS_OPEN);
	assert_non_null(strstr(f->ctx->note, "missing 'approved_on' (the record has 'aproved_on': did you "
					     "mean 'approved_on'?)"));
	report_free(&r);
}

/* The origin table follows the pack's origin_basis. */
static void test_origin_basis(void **state)
{
	(void)state;
	const char *fab =
		"policy = { id = \"f\"; title = \"F\"; jurisdiction = \"CN\"; version = \"1\";"
		" origin_basis = \"fab\"; };\nrules = ();\n";
	struct report r;
	run(fab, "inventory = { jurisdiction = \"CN\"; };\n"
		 "assets = ( { id = \"h\"; model = \"H20\"; quantity = 2; } );",
	    "2025-06-01", &r);
	assert_int_equal(r.norigins, 1);
	assert_string_equal(r.origins[0].origin, "TW"); /* fabbed by TSMC, not the vendor's US */
	assert_true(r.origins[0].foreign);
	report_free(&r);
	run(PACK, "inventory = { jurisdiction = \"CN\"; };\n"
		  "assets = ( { id = \"h\"; model = \"H20\"; quantity = 2; } );",
	    "2025-06-01", &r);
	assert_string_equal(r.origins[0].origin, "US");
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
		assert_non_null(f->ctx->tmpl); /* kept in parts past 64 of them */
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
		cmocka_unit_test(test_exposure_domestic),
		cmocka_unit_test(test_null_semantics_pack),
		cmocka_unit_test(test_unknown_model),
		cmocka_unit_test(test_indeterminate),
		cmocka_unit_test(test_effective_dates),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_window_errors),
		cmocka_unit_test(test_watch_and_disabled),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_site_facts),
		cmocka_unit_test(test_waiver_undecided_capped),
	    cmocka_unit_test(test_waiver_reasons),
		cmocka_unit_test(test_justification_misspelt),
		cmocka_unit_test(test_origin_basis),
		cmocka_unit_test(test_origin_table_and_sort),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_long_message_parts),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
