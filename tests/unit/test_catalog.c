/* Unit tests for src/catalog: every ECCN 3A090 boundary on both sides
 * (through eccn_classify() with a bare PD, and through catalog_derive()
 * with exact die areas, where PD is compared without dividing), the
 * embedded catalog's figures, matching (folding, vendor prefixes, aliases,
 * PCI ids, prefixes, ambiguity, suggestions), user overlays and every
 * overlay error with its exact FILE:LINE[:COL] message.
 *
 * One test cross-checks the catalog against the reference table in
 * ../shared/reference/export-controls.md; it is skipped, loudly, when
 * that directory is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog.h"

#define FIX FIXTURES "/catalog"
#define HELPERS_OWN_CATALOG

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------- */

static int setup_catalog(void **state)
{
	struct catalog *cat = xcalloc(1, sizeof(*cat));
	struct diag d;
	diag_clear(&d);
	if (catalog_load_embedded(cat, &d) != 0) {
		fprintf(stderr, "embedded catalog: %s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
		free(cat);
		return -1;
	}
	*state = cat;
	return 0;
}

static int teardown_catalog(void **state)
{
	struct catalog *cat = *state;
	catalog_free(cat);
	free(cat);
	return 0;
}

static void overlay_fails(struct catalog *cat, const char *name, const char *tail)
{
	char *p = fix_path(name);
	struct diag d;
	diag_clear(&d);
	size_t nchips = cat->nchips, nvendors = cat->nvendors, noverlays = cat->noverlays;
	if (catalog_overlay_file(cat, p, &d) == 0)
		fail_msg("%s was accepted", name);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s:%s", p, tail);
	assert_diag(&d, sb_str(&want));
	/* a failed overlay changes nothing */
	assert_int_equal(cat->nchips, nchips);
	assert_int_equal(cat->nvendors, nvendors);
	assert_int_equal(cat->noverlays, noverlays);
	sb_release(&want);
	free(p);
}

static void overlay_ok(struct catalog *cat, const char *name)
{
	char *p = fix_path(name);
	struct diag d;
	diag_clear(&d);
	if (catalog_overlay_file(cat, p, &d) != 0)
		fail_msg("%s: %s:%d:%d: %s", name, d.file, d.line, d.col, d.msg);
	free(p);
}

static const struct chip *chip(const struct catalog *cat, const char *id)
{
	const struct chip *c = catalog_find_id(cat, id);
	if (!c)
		fail_msg("no chip '%s' in the catalog", id);
	return c;
}

/* ---- the rule itself ------------------------------------------------------- */

struct eccn_case {
	double tpp, pd;
	enum tri dc;
	enum eccn want;
	const char *what;
};

static void run_eccn_cases(const struct eccn_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *why = NULL;
		enum eccn got = eccn_classify(cases[i].tpp, cases[i].pd, cases[i].dc, &why);
		if (got != cases[i].want)
			fail_msg("%s (tpp %g, pd %g, dc %d): got %s, want %s", cases[i].what,
			         cases[i].tpp, cases[i].pd, cases[i].dc, eccn_name(got),
			         eccn_name(cases[i].want));
		assert_non_null(why);
		assert_true(strlen(why) > 0);
	}
}

static void test_eccn_a1(void **state)
{
	(void)state;
	static const struct eccn_case c[] = {
	    {4800, NAN, TRI_TRUE, ECCN_3A090A, "a.1 at 4800, PD unknown"},
	    {4800, 0.1, TRI_TRUE, ECCN_3A090A, "a.1 at 4800, tiny PD"},
	    {4800, NAN, TRI_UNKNOWN, ECCN_3A090A, "a.1 whatever the datacenter flag"},
	    {1e6, 100, TRI_TRUE, ECCN_3A090A, "far above"},
	    {4799.9, 1.0, TRI_TRUE, ECCN_NONE, "just below 4800 with PD below 1.6"},
	    {4799.9, NAN, TRI_TRUE, ECCN_INDETERMINATE, "just below 4800, PD needed but unknown"},
	    {4799.9, 1.6, TRI_TRUE, ECCN_3A090B, "just below 4800 is b.1 territory"},
	};
	run_eccn_cases(c, CG_ARRAY_LEN(c));
	const char *why;
	eccn_classify(4800, NAN, TRI_TRUE, &why);
	assert_string_equal(why, "3A090.a.1: TPP >= 4800");
}

static void test_eccn_a2(void **state)
{
	(void)state;
	static const struct eccn_case c[] = {
	    {1600, 5.92, TRI_TRUE, ECCN_3A090A, "a.2 at TPP 1600 and PD 5.92"},
	    {1600, 5.91, TRI_TRUE, ECCN_3A090B, "PD 5.91: b.2, not a.2"},
	    {1599.9, 5.92, TRI_TRUE, ECCN_NONE, "TPP below 1600: nothing"},
	    {1599.9, 100, TRI_TRUE, ECCN_NONE, "TPP below 1600 with a huge PD"},
	    {4000, 5.92, TRI_TRUE, ECCN_3A090A, "TPP below 4800 with PD exactly 5.92"},
	    {4799.9, 5.92, TRI_TRUE, ECCN_3A090A, "TPP just below 4800, PD exactly 5.92"},
	    {4799.9, 5.9199999, TRI_TRUE, ECCN_3A090B, "PD a hair below 5.92"},
	};
	run_eccn_cases(c, CG_ARRAY_LEN(c));
	const char *why;
	eccn_classify(1600, 5.92, TRI_TRUE, &why);
	assert_string_equal(why, "3A090.a.2: TPP >= 1600 and PD >= 5.92");
}

static void test_eccn_b1(void **state)
{
	(void)state;
	static const struct eccn_case c[] = {
	    {2400, 1.6, TRI_TRUE, ECCN_3A090B, "b.1 at TPP 2400 and PD 1.6"},
	    {2400, 1.59, TRI_TRUE, ECCN_NONE, "PD 1.59: below b.1 (and b.2)"},
	    {2399.9, 1.6, TRI_TRUE, ECCN_NONE, "TPP 2399.9: below b.1, PD below b.2"},
	    {2399.9, 3.19, TRI_TRUE, ECCN_NONE, "TPP 2399.9 and PD 3.19"},
	    {2400, 5.91, TRI_TRUE, ECCN_3A090B, "top of b.1"},
	    {4799.9, 1.6, TRI_TRUE, ECCN_3A090B, "b.1 just below 4800"},
	    {3000, 2.5, TRI_TRUE, ECCN_3A090B, "inside b.1"},
	};
	run_eccn_cases(c, CG_ARRAY_LEN(c));
	const char *why;
	eccn_classify(2400, 1.6, TRI_TRUE, &why);
	assert_string_equal(why, "3A090.b.1: TPP >= 2400 and < 4800, PD >= 1.6 and < 5.92");
}

static void test_eccn_b2(void **state)
{
	(void)state;
	static const struct eccn_case c[] = {
	    {1600, 3.2, TRI_TRUE, ECCN_3A090B, "b.2 at TPP 1600 and PD 3.2"},
	    {1600, 3.19, TRI_TRUE, ECCN_NONE, "PD 3.19 with TPP below 2400"},
	    {1599.9, 3.2, TRI_TRUE, ECCN_NONE, "TPP 1599.9 with PD 3.2"},
	    {2000, 5.91, TRI_TRUE, ECCN_3A090B, "top of b.2"},
	    {2399.9, 3.2, TRI_TRUE, ECCN_3A090B, "b.2 below b.1's TPP floor"},
	};
	run_eccn_cases(c, CG_ARRAY_LEN(c));
	const char *why;
	eccn_classify(1600, 3.2, TRI_TRUE, &why);
	assert_string_equal(why, "3A090.b.2: TPP >= 1600, PD >= 3.2 and < 5.92");
}

static void test_eccn_note2_and_unknowns(void **state)
{
	(void)state;
	static const struct eccn_case c[] = {
	    /* Note 2: not for datacenters */
	    {4800, 100, TRI_FALSE, ECCN_3A090A, "Note 2 does not apply at TPP 4800"},
	    {4799, 100, TRI_FALSE, ECCN_NONE, "Note 2: TPP 4799 is not 3A090 even with PD 100"},
	    {4799, NAN, TRI_FALSE, ECCN_NONE, "Note 2: PD not needed"},
	    {2400, 1.6, TRI_FALSE, ECCN_NONE, "Note 2 removes b.1"},
	    {NAN, NAN, TRI_FALSE, ECCN_INDETERMINATE, "Note 2 needs TPP"},
	    /* datacenter unknown: indeterminate only when it matters */
	    {4800, NAN, TRI_UNKNOWN, ECCN_3A090A, "a.1 needs no datacenter flag"},
	    {1599, 100, TRI_UNKNOWN, ECCN_NONE, "below 1600 either way"},
	    {2000, 1.0, TRI_UNKNOWN, ECCN_NONE, "outside 3A090 either way"},
	    {2000, 6.0, TRI_UNKNOWN, ECCN_INDETERMINATE, "a.2 if datacenter, none if not"},
	    {3000, 2.0, TRI_UNKNOWN, ECCN_INDETERMINATE, "b.1 if datacenter, none if not"},
	    {2000, NAN, TRI_UNKNOWN, ECCN_INDETERMINATE, "PD and datacenter unknown"},
	    /* PD unknown: indeterminate when it is needed */
	    {1600, NAN, TRI_TRUE, ECCN_INDETERMINATE, "PD needed at 1600"},
	    {4799.9, NAN, TRI_TRUE, ECCN_INDETERMINATE, "PD needed at 4799.9"},
	    {1599.9, NAN, TRI_TRUE, ECCN_NONE, "PD not needed below 1600"},
	    {5000, NAN, TRI_TRUE, ECCN_3A090A, "PD not needed at or above 4800"},
	    /* TPP unknown */
	    {NAN, 10, TRI_TRUE, ECCN_INDETERMINATE, "TPP unknown"},
	    {NAN, NAN, TRI_TRUE, ECCN_INDETERMINATE, "nothing known"},
	    {NAN, NAN, TRI_UNKNOWN, ECCN_INDETERMINATE, "nothing at all known"},
	    {0, 0, TRI_TRUE, ECCN_NONE, "zero"},
	};
	run_eccn_cases(c, CG_ARRAY_LEN(c));
	const char *why;
	eccn_classify(4799, 100, TRI_FALSE, &why);
	assert_string_equal(why,
	                    "Note 2: not designed or marketed for datacenters and TPP below 4800");
	eccn_classify(2000, 6.0, TRI_UNKNOWN, &why);
	assert_string_equal(why, "datacenter use unknown and TPP below 4800 (Note 2 may apply)");
	eccn_classify(NAN, NAN, TRI_TRUE, &why);
	assert_string_equal(why, "TPP unknown: no dense performance figure in the catalog");
	/* WHY may be NULL */
	assert_int_equal(eccn_classify(4800, NAN, TRI_TRUE, NULL), ECCN_3A090A);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(eccn_name(ECCN_3A090A), "3A090.a");
	assert_string_equal(eccn_name(ECCN_3A090B), "3A090.b");
	assert_string_equal(eccn_name(ECCN_NONE), "none");
	assert_string_equal(eccn_name(ECCN_INDETERMINATE), "indeterminate");
	static const struct {
		enum prec p;
		const char *name;
		int bits;
	} precs[] = {
	    {PREC_FP4, "fp4", 4},    {PREC_INT4, "int4", 4},  {PREC_FP8, "fp8", 8},
	    {PREC_INT8, "int8", 8},  {PREC_FP16, "fp16", 16}, {PREC_BF16, "bf16", 16},
	    {PREC_TF32, "tf32", 32}, {PREC_FP32, "fp32", 32},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(precs); i++) {
		assert_string_equal(prec_name(precs[i].p), precs[i].name);
		assert_int_equal(prec_bits(precs[i].p), precs[i].bits);
	}
	assert_string_equal(prec_name(PREC_COUNT), "?");
	assert_int_equal(prec_bits(PREC_COUNT), 0);
}

/* ---- catalog_derive() on exact die areas -------------------------------------- */

static void test_derive_boundaries(void **state)
{
	struct catalog *cat = *state;
	char *p = fix_path("boundaries.cfg");
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &text, &len, &d), 0);
	if (catalog_overlay_text(cat, "boundaries.cfg", text, len, &d) != 0)
		fail_msg("%s:%d: %s", d.file, d.line, d.msg);
	free(text);
	free(p);
	static const struct {
		const char *id;
		double tpp, pd;
		enum eccn want;
	} c[] = {
	    {"pd-592", 4736, 5.92, ECCN_3A090A},
	    {"pd-591", 4736, 4736 / 800.5, ECCN_3A090B},
	    {"a2-low", 1776, 5.92, ECCN_3A090A},
	    {"a2-low-b", 1776, 1776 / 300.01, ECCN_3A090B},
	    {"b1-edge", 2400, 1.6, ECCN_3A090B},
	    {"b1-below", 2400, 2400 / 1500.1, ECCN_NONE},
	    {"b2-edge", 1600, 3.2, ECCN_3A090B},
	    {"b2-below", 1600, 1600 / 501.0, ECCN_NONE},
	    {"two-dies", 4736, 5.92, ECCN_3A090A},
	    {"int4-only", 4800, NAN, ECCN_3A090A},
	    {"fp32-consumer", 149.99 * 32, 149.99 * 32 / 100.0, ECCN_NONE},
	    {"dc-unknown", 3200, 32, ECCN_INDETERMINATE},
	    {"dc-unknown-low", 1584, 158.4, ECCN_NONE},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(c); i++) {
		const struct chip *ch = chip(cat, c[i].id);
		assert_float_equal(ch->tpp, c[i].tpp, 1e-9);
		if (isnan(c[i].pd))
			assert_true(isnan(ch->pd));
		else
			assert_float_equal(ch->pd, c[i].pd, 1e-9);
		if (ch->eccn != c[i].want)
			fail_msg("%s: %s (%s), want %s", c[i].id, eccn_name(ch->eccn), ch->eccn_why,
			         eccn_name(c[i].want));
	}
	const struct chip *tw = chip(cat, "two-dies");
	assert_int_equal(tw->dies, 2);
	assert_float_equal(tw->area_mm2, 800, 0);
	assert_string_equal(chip(cat, "pd-592")->eccn_why, "3A090.a.2: TPP >= 1600 and PD >= 5.92");
	assert_string_equal(chip(cat, "b1-edge")->eccn_why,
	                    "3A090.b.1: TPP >= 2400 and < 4800, PD >= 1.6 and < 5.92");
	assert_int_equal(chip(cat, "int4-only")->tpp_prec, PREC_INT4);
	assert_int_equal(chip(cat, "int4-only")->datacenter, TRI_UNKNOWN);
	assert_int_equal(chip(cat, "fp32-consumer")->tpp_prec, PREC_FP32);
	assert_int_equal(chip(cat, "fp32-consumer")->datacenter, TRI_FALSE);
}

/* PD is printed with as many decimals as it takes not to seem to sit on a
 * threshold it is not on */
static void test_pd_decimals(void **state)
{
	struct catalog *cat = *state;
	char *p = fix_path("boundaries.cfg");
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &text, &len, &d), 0);
	assert_int_equal(catalog_overlay_text(cat, "boundaries.cfg", text, len, &d), 0);
	free(text);
	free(p);
	static const struct {
		const char *id;
		int decimals;
		const char *shown;
	} c[] = {
	    {"pd-592", 2, "5.92"},    /* exactly on: 5.92 is right */
	    {"pd-591", 3, "5.916"},   /* 5.9163 would print 5.92 */
	    {"b1-edge", 2, "1.60"},   /* exactly 1.6 */
	    {"b1-below", 4, "1.5999"}, /* 1.59989: 1.60 and 1.600 would both hide it */
	    {"b2-edge", 2, "3.20"},
	    {"b2-below", 2, "3.19"},  /* 3.1936 shows its side at once */
	    {"a2-low-b", 4, "5.9198"},
	    {"int4-only", 2, NULL},   /* PD unknown */
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(c); i++) {
		const struct chip *ch = chip(cat, c[i].id);
		int got = catalog_pd_decimals(ch);
		if (got != c[i].decimals)
			fail_msg("%s: PD %.8f printed with %d decimals, want %d", c[i].id, ch->pd, got,
			         c[i].decimals);
		if (!c[i].shown)
			continue;
		char buf[32];
		snprintf(buf, sizeof(buf), "%.*f", got, ch->pd);
		assert_string_equal(buf, c[i].shown);
		struct strbuf sb = STRBUF_INIT;
		catalog_explain_chip(ch, &sb);
		struct strbuf want = STRBUF_INIT;
		sb_printf(&want, " mm2 = %s\n", c[i].shown);
		if (!strstr(sb_str(&sb), sb_str(&want)))
			fail_msg("%s: explain lacks '%s':\n%s", c[i].id, sb_str(&want), sb_str(&sb));
		sb_release(&want);
		sb_release(&sb);
	}
	/* with only the quotient known (no area), PD itself is compared */
	struct chip q;
	memset(&q, 0, sizeof(q));
	q.area_mm2 = NAN;
	q.pd = 3.2;
	assert_int_equal(catalog_pd_decimals(&q), 2);
	q.pd = 3.1999;
	assert_int_equal(catalog_pd_decimals(&q), 4);
}

static void test_derive_direct(void **state)
{
	(void)state;
	struct chip c;
	memset(&c, 0, sizeof(c));
	for (int p = 0; p < PREC_COUNT; p++)
		c.dense[p] = NAN;
	c.die_area_mm2 = NAN;
	c.datacenter = TRI_TRUE;
	catalog_derive(&c);
	assert_true(isnan(c.tpp));
	assert_true(isnan(c.pd));
	assert_int_equal(c.eccn, ECCN_INDETERMINATE);
	/* the precision giving the maximum wins; a tie goes to more bits */
	c.dense[PREC_INT8] = 600; /* 4800 */
	c.dense[PREC_FP16] = 300; /* 4800 */
	c.dense[PREC_FP4] = 1000; /* 4000 */
	catalog_derive(&c);
	assert_float_equal(c.tpp, 4800, 0);
	assert_int_equal(c.tpp_prec, PREC_FP16);
	assert_true(isnan(c.pd)); /* area unknown */
	assert_int_equal(c.eccn, ECCN_3A090A);
	c.dense[PREC_BF16] = 301; /* 4816 */
	catalog_derive(&c);
	assert_int_equal(c.tpp_prec, PREC_BF16);
	/* dies = 0 counts as one */
	c.dies = 0;
	c.die_area_mm2 = 700;
	catalog_derive(&c);
	assert_float_equal(c.area_mm2, 700, 0);
	assert_float_equal(c.tpp, 4816, 1e-9);
	c.dies = 3;
	catalog_derive(&c);
	assert_float_equal(c.area_mm2, 2100, 0);
	assert_float_equal(c.tpp, 3 * 4816, 1e-9);
	/* boundaries are exact in the decimals of the figures: 149.7 x 16 is
	 * 2395.2, PD exactly 3.2 on 748.5 mm2, though the doubles say
	 * 2395.1999999999998 */
	for (int p = 0; p < PREC_COUNT; p++)
		c.dense[p] = NAN;
	c.dies = 1;
	c.dense[PREC_FP16] = 149.7;
	c.die_area_mm2 = 748.5;
	catalog_derive(&c);
	assert_int_equal(c.eccn, ECCN_3A090B);
	assert_string_equal(c.eccn_why, "3A090.b.2: TPP >= 1600, PD >= 3.2 and < 5.92");
	assert_int_equal(catalog_pd_decimals(&c), 2);
	c.die_area_mm2 = 748.51;
	catalog_derive(&c);
	assert_int_equal(c.eccn, ECCN_NONE);
	/* just under and on 4800 with PD unknown: 299.99 x 16, 300 x 16 */
	c.die_area_mm2 = NAN;
	c.dense[PREC_FP16] = 299.99;
	catalog_derive(&c);
	assert_int_equal(c.eccn, ECCN_INDETERMINATE);
	c.dense[PREC_FP16] = 300.0;
	catalog_derive(&c);
	assert_int_equal(c.eccn, ECCN_3A090A);
	/* INT8 200.1 x 8 = 1600.8 on 500.25 mm2: PD exactly 3.2 */
	c.dense[PREC_FP16] = NAN;
	c.dense[PREC_INT8] = 200.1;
	c.die_area_mm2 = 1600.8 / 3.2;
	catalog_derive(&c);
	assert_int_equal(c.eccn, ECCN_3A090B); /* 1600.8 / 500.25 = 3.2 exactly */
}

/* ---- the embedded catalog ------------------------------------------------------ */

static void test_embedded_figures(void **state)
{
	struct catalog *cat = *state;
	static const struct {
		const char *id;
		double tpp, pd; /* pd NAN: unknown */
		enum eccn eccn;
		enum tri dc;
	} c[] = {
	    {"nvidia-h20", 2368, 2368 / 814.0, ECCN_NONE, TRI_TRUE},
	    {"nvidia-a800", 4992, 4992 / 826.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-rtx-4090d", 4707.2, 4707.2 / 608.5, ECCN_NONE, TRI_FALSE},
	    {"moore-threads-mtt-s4000", 1600, NAN, ECCN_INDETERMINATE, TRI_TRUE},
	    {"nvidia-h100-sxm5", 15832, 15832 / 814.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-l20", 1912, 1912 / 608.5, ECCN_NONE, TRI_TRUE},
	    {"nvidia-b200", 36000, 36000 / 1600.0, ECCN_3A090A, TRI_TRUE},
	    {"huawei-ascend-910", 4096, 4096 / 456.25, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-rtx-4090", 5284.8, 5284.8 / 608.5, ECCN_3A090A, TRI_FALSE},
	    /* issue #15: the chips that were indeterminate for want of a figure */
	    {"nvidia-h800-pcie", 12104, 12104 / 814.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-h200-nvl", 13368, 13368 / 814.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-l40", 2896.8, 2896.8 / 608.5, ECCN_3A090B, TRI_TRUE},
	    {"nvidia-gh200", 15832, 15832 / 814.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi210", 2896, 2896 / 790.0, ECCN_3A090B, TRI_TRUE},
	    {"amd-mi300a", 15689.6, 15689.6 / 1017.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi325x", 20919.2, 20919.2 / 1017.0, ECCN_3A090A, TRI_TRUE},
	    {"huawei-ascend-310", 128, NAN, ECCN_NONE, TRI_UNKNOWN},
	    {"huawei-ascend-310p", 1120, NAN, ECCN_NONE, TRI_UNKNOWN},
	    {"cambricon-mlu270-s4", 1024, NAN, ECCN_NONE, TRI_TRUE},
	    /* and new chips */
	    {"nvidia-a30", 2640, 2640 / 826.0, ECCN_3A090B, TRI_TRUE},
	    {"nvidia-a40", 2395.2, 2395.2 / 628.0, ECCN_3A090B, TRI_TRUE},
	    {"nvidia-a10", 2000, 2000 / 628.0, ECCN_NONE, TRI_TRUE},
	    {"nvidia-l2", 1544, 1544 / 294.5, ECCN_NONE, TRI_TRUE},
	    {"nvidia-l4", 1940, 1940 / 294.5, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-h100-nvl", 13368, 13368 / 814.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-rtx-6000-ada", 5828, 5828 / 608.5, ECCN_3A090A, TRI_FALSE},
	    {"nvidia-rtx-pro-6000", 8000, 8000 / 750.0, ECCN_3A090A, TRI_FALSE},
	    {"nvidia-rtx-pro-6000-server", 8000, 8000 / 750.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-rtx-pro-6000d", NAN, NAN, ECCN_INDETERMINATE, TRI_UNKNOWN},
	    {"nvidia-b100", 28000, 28000 / 1628.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-gb200", 40000, 40000 / 1628.0, ECCN_3A090A, TRI_TRUE},
	    {"nvidia-b300", 56000, 56000 / 1628.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi250", 5793.6, 5793.6 / 1580.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi250x", 6128, 6128 / 1580.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi350x", 36953.6, 36953.6 / 1017.0, ECCN_3A090A, TRI_TRUE},
	    {"amd-mi355x", 40265.6, 40265.6 / 1017.0, ECCN_3A090A, TRI_TRUE},
	    {"intel-gaudi2", 6912, NAN, ECCN_3A090A, TRI_TRUE},
	    {"intel-gaudi3", 29360, NAN, ECCN_3A090A, TRI_TRUE},
	    {"huawei-ascend-910b", 5120, 5120 / 665.61, ECCN_3A090A, TRI_TRUE},
	    {"huawei-ascend-910c", 12480, 12480 / 1331.22, ECCN_3A090A, TRI_TRUE},
	    {"huawei-ascend-950", NAN, NAN, ECCN_INDETERMINATE, TRI_TRUE},
	    {"huawei-ascend-950pr", NAN, NAN, ECCN_INDETERMINATE, TRI_TRUE},
	    {"moore-threads-mtt-s5000", NAN, NAN, ECCN_INDETERMINATE, TRI_TRUE},
	    {"cambricon-mlu290-m5", 4096, NAN, ECCN_INDETERMINATE, TRI_TRUE},
	    {"biren-br100", 16384, 16384 / 1074.0, ECCN_3A090A, TRI_TRUE},
	    {"metax-n100", 1280, NAN, ECCN_NONE, TRI_TRUE},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(c); i++) {
		const struct chip *ch = chip(cat, c[i].id);
		if (isnan(c[i].tpp) ? !isnan(ch->tpp) : fabs(ch->tpp - c[i].tpp) > 1e-6)
			fail_msg("%s: TPP %.4f, want %.4f", c[i].id, ch->tpp, c[i].tpp);
		if (isnan(c[i].pd) ? !isnan(ch->pd) : fabs(ch->pd - c[i].pd) > 1e-9)
			fail_msg("%s: PD %.6f, want %.6f", c[i].id, ch->pd, c[i].pd);
		if (ch->eccn != c[i].eccn)
			fail_msg("%s: %s, want %s", c[i].id, eccn_name(ch->eccn),
			         eccn_name(c[i].eccn));
		assert_int_equal(ch->datacenter, c[i].dc);
	}
	/* rounded as the reference prints them */
	char buf[32];
	snprintf(buf, sizeof(buf), "%.2f", chip(cat, "nvidia-h100-sxm5")->pd);
	assert_string_equal(buf, "19.45");
	snprintf(buf, sizeof(buf), "%.2f", chip(cat, "nvidia-h20")->pd);
	assert_string_equal(buf, "2.91");
	snprintf(buf, sizeof(buf), "%.0f", chip(cat, "nvidia-rtx-4090d")->tpp);
	assert_string_equal(buf, "4707");
	const struct chip *b200 = chip(cat, "nvidia-b200");
	assert_int_equal(b200->dies, 2);
	assert_float_equal(b200->area_mm2, 1600, 0);
	/* H20: FP16 and INT8/FP8 tie at 2368; the wider precision is named */
	assert_int_equal(chip(cat, "nvidia-h20")->tpp_prec, PREC_FP16);
	assert_int_equal(prec_bits(chip(cat, "nvidia-h100-sxm5")->tpp_prec), 8);
	/* a chip without any figure */
	const struct chip *mi308 = chip(cat, "amd-mi308x");
	assert_true(isnan(mi308->tpp));
	assert_int_equal(mi308->eccn, ECCN_INDETERMINATE);
	assert_true(isnan(chip(cat, "huawei-ascend-310")->die_area_mm2));
	assert_int_equal(chip(cat, "huawei-ascend-310")->datacenter, TRI_UNKNOWN);
}

static void test_embedded_consistency(void **state)
{
	struct catalog *cat = *state;
	assert_true(cat->nchips >= 40);
	assert_true(cat->nvendors >= 13);
	assert_string_equal(cat->source, "embedded:catalog.cfg");
	assert_int_equal(strlen(cat->sha256), SHA256_HEX_LEN);
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		assert_non_null(c->vendor);
		assert_non_null(c->model);
		assert_true(c->nsources > 0);
		assert_ptr_equal(catalog_find_id(cat, c->id), c); /* ids are unique */
		assert_string_equal(c->file, "embedded:catalog.cfg");
		assert_true(c->line > 0);
		/* TPP >= 4800 is always 3A090.a */
		if (!isnan(c->tpp) && c->tpp >= 4800)
			assert_int_equal(c->eccn, ECCN_3A090A);
		/* published figures agree with the computed ones within 1% */
		if (!isnan(c->tpp_reported) &&
		    fabs(c->tpp - c->tpp_reported) > 0.01 * c->tpp_reported)
			fail_msg("%s: computed TPP %.1f, reported %.1f", c->id, c->tpp,
			         c->tpp_reported);
		if (!isnan(c->pd_reported) && fabs(c->pd - c->pd_reported) > 0.01 * c->pd_reported)
			fail_msg("%s: computed PD %.2f, reported %.2f", c->id, c->pd,
			         c->pd_reported);
		/* every PCI id of a chip leads back to it and has its vendor's PCI id */
		for (size_t j = 0; j < c->npci; j++) {
			assert_ptr_equal(catalog_match_pci(cat, (uint16_t)(c->pci[j] >> 16),
			                                   (uint16_t)c->pci[j]),
			                 c);
			const struct vendor *v =
			    catalog_vendor_by_pci(cat, (uint16_t)(c->pci[j] >> 16));
			if (v != c->vendor)
				fail_msg("%s: PCI %08x does not belong to %s", c->id, c->pci[j],
				         c->vendor->name);
		}
		/* its own model name, aliases and id match it and nothing else,
		 * bare and after the vendor's name */
		for (size_t k = 0; k <= c->naliases + 1; k++) {
			const char *name = k == 0 ? c->model : k == 1 ? c->id : c->aliases[k - 2];
			struct catalog_match m;
			catalog_match(cat, name, &m);
			if (m.kind != MATCH_EXACT || m.chip != c)
				fail_msg("'%s' does not match %s alone (kind %d)", name, c->id,
				         m.kind);
			if (k == 1)
				continue;
			struct strbuf full = STRBUF_INIT;
			sb_printf(&full, "%s %s", c->vendor->name, name);
			catalog_match(cat, sb_str(&full), &m);
			if (m.kind != MATCH_EXACT || m.chip != c)
				fail_msg("'%s' does not match %s alone (kind %d)", sb_str(&full),
				         c->id, m.kind);
			sb_release(&full);
		}
	}
	const struct vendor *hw = catalog_find_vendor(cat, "huawei");
	assert_non_null(hw);
	assert_string_equal(hw->country, "CN");
	assert_ptr_equal(catalog_find_vendor(cat, "HiSilicon"), hw);
	assert_ptr_equal(catalog_vendor_by_pci(cat, 0x19e5), hw);
	assert_null(catalog_vendor_by_pci(cat, 0xabcd));
	assert_null(catalog_find_vendor(cat, "No Such Vendor"));
	cg_date d1, d2, d3;
	assert_int_equal(date_parse("2019-06-01", &d1), 0);
	assert_int_equal(date_parse("2019-09-01", &d2), 0);
	assert_int_equal(date_parse("2019-05-15", &d3), 0);
	char out[11];
	date_format(vendor_listed_on(hw, d1), out);
	assert_string_equal(out, "2019-05-16");
	/* "listed since": the first listing on or before the day */
	date_format(vendor_listed_on(hw, d2), out);
	assert_string_equal(out, "2019-05-16");
	assert_int_equal(vendor_listed_on(hw, d3), CG_DATE_NONE);
	assert_int_equal(vendor_listed_on(catalog_find_vendor(cat, "NVIDIA"), d2), CG_DATE_NONE);
	assert_int_equal(vendor_listed_on(NULL, d2), CG_DATE_NONE);
	/* origins */
	const struct chip *h20 = chip(cat, "nvidia-h20");
	assert_string_equal(chip_origin(h20, false), "US");
	assert_string_equal(chip_origin(h20, true), "TW");
	assert_null(chip_origin(chip(cat, "huawei-ascend-910"), true));
	assert_string_equal(chip_origin(chip(cat, "huawei-ascend-910"), false), "CN");
}

static void test_explain_chip(void **state)
{
	struct catalog *cat = *state;
	struct strbuf sb = STRBUF_INIT;
	chip_display_name(chip(cat, "nvidia-h20"), &sb);
	assert_string_equal(sb_str(&sb), "NVIDIA H20");
	sb_reset(&sb);
	catalog_explain_chip(chip(cat, "nvidia-h20"), &sb);
	const char *s = sb_str(&sb);
	assert_non_null(strstr(s, "  fp16  148 x 16 = 2368\n"));
	assert_non_null(strstr(s, "  TPP = 2368 (fp16); reported 2368\n"));
	assert_non_null(strstr(s, "PD  = TPP / die area = 2368 / 814 mm2 = 2.91; reported 2.90\n"));
	assert_non_null(strstr(s, "datacenter: yes\n"));
	assert_non_null(
	    strstr(s, "ECCN: none (TPP below 2400 (not b.1) and PD below 3.2 (not b.2))\n"));
	sb_reset(&sb);
	catalog_explain_chip(chip(cat, "nvidia-b200"), &sb);
	s = sb_str(&sb);
	assert_non_null(strstr(s, " x 2 dies:\n"));
	assert_non_null(strstr(s, "  int8  2250 x 8 x 2 = 36000\n"));
	assert_non_null(strstr(s, "ECCN: 3A090.a (3A090.a.1: TPP >= 4800)\n"));
	sb_reset(&sb);
	catalog_explain_chip(chip(cat, "amd-mi308x"), &sb);
	s = sb_str(&sb);
	assert_non_null(strstr(s, "  no dense figure is known\n"));
	assert_non_null(strstr(s, "  TPP = unknown\n"));
	assert_non_null(strstr(s, "PD  = TPP / die area = unknown (die area unknown)\n"));
	assert_non_null(strstr(s, "ECCN: indeterminate (TPP unknown"));
	sb_release(&sb);
}

/* ---- matching ---------------------------------------------------------------- */

static void expect_match(const struct catalog *cat, const char *text, enum match_kind kind,
                         const char *id)
{
	struct catalog_match m;
	catalog_match(cat, text, &m);
	if (m.kind != kind)
		fail_msg("'%s': match kind %d, want %d", text, m.kind, kind);
	if (id) {
		if (!m.chip || strcmp(m.chip->id, id) != 0)
			fail_msg("'%s' matched %s, want %s", text, m.chip ? m.chip->id : "nothing",
			         id);
		assert_non_null(m.via);
	} else {
		assert_null(m.chip);
	}
}

static void test_match_folding(void **state)
{
	struct catalog *cat = *state;
	static const char *const h20[] = {"H20",
	                                  "h20",
	                                  "NVIDIA H20",
	                                  "NVIDIA  h20",
	                                  "nvidia-h20",
	                                  "nvidia_h20",
	                                  " H20 ",
	                                  "H-20",
	                                  "NVIDIA Corporation H20",
	                                  "Nvidia Corp H20",
	                                  "HGX H20",
	                                  "H20 96GB",
	                                  "h20-96gb",
	                                  "NVIDIA H20 96GB"};
	for (size_t i = 0; i < CG_ARRAY_LEN(h20); i++)
		expect_match(cat, h20[i], MATCH_EXACT, "nvidia-h20");
	expect_match(cat, "a800-sxm4-80gb", MATCH_EXACT, "nvidia-a800");
	expect_match(cat, "A800", MATCH_EXACT, "nvidia-a800");
	expect_match(cat, "NVIDIA A800 80GB", MATCH_EXACT, "nvidia-a800");
	expect_match(cat, "A100-SXM4-80GB", MATCH_EXACT, "nvidia-a100");
	expect_match(cat, "H200", MATCH_EXACT, "nvidia-h200"); /* not H20 */
	expect_match(cat, "h100 sxm5", MATCH_EXACT, "nvidia-h100-sxm5");
	expect_match(cat, "H100", MATCH_EXACT, "nvidia-h100");
	expect_match(cat, "RTX 4090 D", MATCH_EXACT, "nvidia-rtx-4090d");
	expect_match(cat, "rtx4090", MATCH_EXACT, "nvidia-rtx-4090");
	expect_match(cat, "HiSilicon Ascend 910B", MATCH_EXACT, "huawei-ascend-910b");
	expect_match(cat, "ascend910", MATCH_EXACT, "huawei-ascend-910");
	expect_match(cat, "Moore Threads MTT S4000", MATCH_EXACT, "moore-threads-mtt-s4000");
	expect_match(cat, "MooreThreads S4000", MATCH_EXACT, "moore-threads-mtt-s4000");
	expect_match(cat, "K100_AI", MATCH_EXACT, "hygon-dcu-k100");
	expect_match(cat, "Instinct MI300X", MATCH_EXACT, "amd-mi300x");
	expect_match(cat, "AMD MI300X", MATCH_EXACT, "amd-mi300x");
	expect_match(cat, "Advanced Micro Devices MI308", MATCH_EXACT, "amd-mi308x");
	struct catalog_match m;
	catalog_match(cat, "HGX H20", &m);
	assert_string_equal(m.via, "HGX H20");
	catalog_match(cat, "nvidia h20", &m);
	assert_int_equal(m.nothers, 1);
}

static void test_match_pci(void **state)
{
	struct catalog *cat = *state;
	expect_match(cat, "10de:2329", MATCH_PCI, "nvidia-h20");
	expect_match(cat, "pci:10DE:2329", MATCH_PCI, "nvidia-h20");
	expect_match(cat, "PCI:10de:2328", MATCH_PCI, "nvidia-h20");
	expect_match(cat, "10DE:2330", MATCH_PCI, "nvidia-h100-sxm5");
	expect_match(cat, "19e5:d802", MATCH_PCI, "huawei-ascend-910b");
	expect_match(cat, "1ed5:0327", MATCH_PCI, "moore-threads-mtt-s4000");
	/* an NVSwitch is a known device, not an accelerator */
	expect_match(cat, "10de:1af1", MATCH_NONE, NULL);
	assert_true(catalog_pci_not_accelerator(cat, 0x10de, 0x1af1));
	assert_true(catalog_pci_not_accelerator(cat, 0x10de, 0x22a3));
	assert_false(catalog_pci_not_accelerator(cat, 0x10de, 0x2329));
	assert_null(catalog_match_pci(cat, 0x10de, 0x1af1));
	/* unknown device of a known vendor, and malformed ids */
	expect_match(cat, "10de:ffff", MATCH_NONE, NULL);
	assert_null(catalog_match_pci(cat, 0x10de, 0xffff));
	assert_ptr_equal(catalog_match_pci(cat, 0x10de, 0x2329), chip(cat, "nvidia-h20"));
	expect_match(cat, "10de:232", MATCH_NONE, NULL);
	expect_match(cat, "10de-2329", MATCH_NONE, NULL);
	expect_match(cat, "pci:10de:23299", MATCH_NONE, NULL);
	struct catalog_match m;
	catalog_match(cat, "10de:2329", &m);
	assert_string_equal(m.via, "pci");
}

static void test_match_prefix(void **state)
{
	struct catalog *cat = *state;
	struct catalog_match m;
	catalog_match(cat, "H20 96GB PCIe card", &m);
	assert_int_equal(m.kind, MATCH_PREFIX);
	assert_string_equal(m.chip->id, "nvidia-h20");
	assert_string_equal(m.via, "H20 96GB"); /* the longest key that fits */
	expect_match(cat, "NVIDIA H20 (rev a1)", MATCH_PREFIX, "nvidia-h20");
	expect_match(cat, "NVIDIA H100 SXM5 80GB HBM3 (rev a1)", MATCH_PREFIX, "nvidia-h100-sxm5");
	/* the longest whole-token key wins: 4090 D, not 4090 */
	expect_match(cat, "GeForce RTX 4090 D 24GB", MATCH_PREFIX, "nvidia-rtx-4090d");
	expect_match(cat, "GeForce RTX 4090 24GB", MATCH_PREFIX, "nvidia-rtx-4090");
	/* tokens are whole: "H2000" is not "H20", "910B9" is not "910" or "910B" */
	expect_match(cat, "H2000 card", MATCH_NONE, NULL);
	expect_match(cat, "Huawei Ascend 910B9 card", MATCH_NONE, NULL);
	expect_match(cat, "Huawei Ascend 910B2 card", MATCH_PREFIX, "huawei-ascend-910b");
	/* the key must be at the start */
	expect_match(cat, "card with H20", MATCH_NONE, NULL);
}

/* pci.ids names: "Chip [Marketing name]", lspci -nn's "[vvvv:dddd]" */
static void test_match_brackets(void **state)
{
	struct catalog *cat = *state;
	struct catalog_match m;
	/* the bracketed name wins over the chip name before it ("GH100" is an
	 * alias of the generic H100, a prefix of the whole text) */
	catalog_match(cat, "GH100 [H100 SXM5 80GB]", &m);
	assert_int_equal(m.kind, MATCH_EXACT);
	assert_string_equal(m.chip->id, "nvidia-h100-sxm5");
	assert_string_equal(m.via, "H100 SXM5 80GB");
	expect_match(cat, "NVIDIA Corporation GH100 [H100 SXM5 80GB]", MATCH_EXACT, "nvidia-h100-sxm5");
	expect_match(cat, "Aqua Vanjaram [Instinct MI300A]", MATCH_EXACT, "amd-mi300a");
	expect_match(cat, "GA100 [A100 SXM4 80GB]", MATCH_EXACT, "nvidia-a100");
	/* right to left: lspci -nn's id comes first, then the name */
	catalog_match(cat, "3D controller [0302]: NVIDIA Corporation GH100 [H100 PCIe] [10de:2330] (rev a1)",
	              &m);
	assert_int_equal(m.kind, MATCH_PCI);
	assert_string_equal(m.chip->id, "nvidia-h100-sxm5");
	expect_match(cat, "3D controller [0302]: NVIDIA Corporation GH100 [H100 PCIe] (rev a1)",
	             MATCH_EXACT, "nvidia-h100-pcie");
	/* a bracketed prefix of a key's tokens */
	expect_match(cat, "GH100 [H20 96GB PCIe]", MATCH_PREFIX, "nvidia-h20");
	/* parts that name nothing are passed over; the whole text decides */
	expect_match(cat, "H20 [rev a1]", MATCH_PREFIX, "nvidia-h20");
	expect_match(cat, "GH100 [Quantum Flux] [ ] []", MATCH_PREFIX, "nvidia-h100");
	expect_match(cat, "Quantum Flux [9000]", MATCH_NONE, NULL);
	/* unbalanced brackets are text like any other */
	expect_match(cat, "H20 [PCIe", MATCH_PREFIX, "nvidia-h20");
	expect_match(cat, "H20 card] [", MATCH_PREFIX, "nvidia-h20");
	expect_match(cat, "]H20[ card", MATCH_PREFIX, "nvidia-h20");
	/* a bracketed part longer than a name is not tried */
	char big[400];
	memset(big, 'x', sizeof(big));
	memcpy(big, "Foo [H20", 8);
	big[sizeof(big) - 2] = ']';
	big[sizeof(big) - 1] = '\0';
	memcpy(big + 300, " H20 ", 5);
	expect_match(cat, big, MATCH_NONE, NULL);
	/* the exact whole text comes first */
	expect_match(cat, "[H20]", MATCH_EXACT, "nvidia-h20");
	/* an ambiguous part is passed over */
	overlay_ok(cat, "ambiguous.cfg");
	expect_match(cat, "Chip [H20]", MATCH_NONE, NULL);
	expect_match(cat, "Chip [Acme AI H20] [H20]", MATCH_EXACT, "acme-h20");
	expect_match(cat, "NVIDIA H20 [H20]", MATCH_PREFIX, "nvidia-h20");
}

static void test_match_none_and_suggest(void **state)
{
	struct catalog *cat = *state;
	expect_match(cat, "Quantum Flux 9000", MATCH_NONE, NULL);
	expect_match(cat, "", MATCH_NONE, NULL);
	expect_match(cat, "   ", MATCH_NONE, NULL);
	expect_match(cat, "---", MATCH_NONE, NULL);
	expect_match(cat, "NVIDIA", MATCH_NONE, NULL);
	expect_match(cat, "H2O", MATCH_NONE, NULL);
	const struct chip *s = catalog_suggest(cat, "H2O");
	assert_non_null(s);
	assert_string_equal(s->id, "nvidia-h20");
	s = catalog_suggest(cat, "NVIDIA H2O");
	assert_non_null(s);
	assert_string_equal(s->id, "nvidia-h20");
	s = catalog_suggest(cat, "Ascend 91OB");
	assert_non_null(s);
	assert_string_equal(s->id, "huawei-ascend-910b");
	s = catalog_suggest(cat, "A8000");
	assert_non_null(s);
	assert_string_equal(s->id, "nvidia-a800");
	assert_null(catalog_suggest(cat, "zzzzzzzzzzzz"));
	assert_null(catalog_suggest(cat, ""));
	/* a two-letter model is suggested for a one-letter slip, but not for
	 * an empty text or two letters that share nothing with it */
	static const char two[] =
	    "accelerators = ( { id = \"nv-q7\"; vendor = \"NVIDIA\"; model = \"Q7\"; } );\n";
	struct diag d;
	assert_int_equal(catalog_overlay_text(cat, "two.cfg", two, sizeof(two) - 1, &d), 0);
	assert_null(catalog_suggest(cat, ""));
	assert_null(catalog_suggest(cat, "  "));
	assert_null(catalog_suggest(cat, "zz"));
	s = catalog_suggest(cat, "Q8");
	assert_non_null(s);
	assert_string_equal(s->id, "nv-q7");
	assert_string_equal(catalog_suggest(cat, "H2O")->id, "nvidia-h20");
}

static void test_match_ambiguous(void **state)
{
	struct catalog *cat = *state;
	/* build the keys first: the overlay must invalidate them */
	expect_match(cat, "H20", MATCH_EXACT, "nvidia-h20");
	overlay_ok(cat, "ambiguous.cfg");
	struct catalog_match m;
	catalog_match(cat, "H20", &m);
	assert_int_equal(m.kind, MATCH_AMBIGUOUS);
	assert_null(m.chip);
	assert_int_equal(m.nothers, 2);
	bool nv = false, acme = false;
	for (size_t i = 0; i < m.nothers; i++) {
		nv |= strcmp(m.others[i]->id, "nvidia-h20") == 0;
		acme |= strcmp(m.others[i]->id, "acme-h20") == 0;
	}
	assert_true(nv && acme);
	/* a vendor prefix settles it */
	expect_match(cat, "Acme AI H20", MATCH_EXACT, "acme-h20");
	expect_match(cat, "NVIDIA H20", MATCH_EXACT, "nvidia-h20");
	/* ambiguous as a prefix too */
	catalog_match(cat, "H20 module", &m);
	assert_int_equal(m.kind, MATCH_AMBIGUOUS);
	assert_null(m.chip);
	assert_int_equal(m.nothers, 2);
}

/* Model names as the tools print them resolve without an overlay. */
static void test_match_tool_names(void **state)
{
	struct catalog *cat = *state;
	static const struct {
		const char *text, *id;
		enum match_kind kind;
	} c[] = {
	    /* nvidia-smi --query-gpu=name, nvidia-smi -q <product_name>, GFD labels */
	    {"NVIDIA H100 80GB HBM3", "nvidia-h100-sxm5", MATCH_EXACT},
	    {"NVIDIA H100 PCIe", "nvidia-h100-pcie", MATCH_EXACT},
	    {"NVIDIA H100 NVL", "nvidia-h100-nvl", MATCH_EXACT},
	    {"NVIDIA H200", "nvidia-h200", MATCH_EXACT},
	    {"NVIDIA H200 NVL", "nvidia-h200-nvl", MATCH_EXACT},
	    {"NVIDIA H20", "nvidia-h20", MATCH_EXACT},
	    {"NVIDIA H800", "nvidia-h800", MATCH_EXACT},
	    {"NVIDIA H800 PCIe", "nvidia-h800-pcie", MATCH_EXACT},
	    {"NVIDIA A100-SXM4-80GB", "nvidia-a100", MATCH_EXACT},
	    {"NVIDIA A100-SXM4-40GB", "nvidia-a100", MATCH_EXACT},
	    {"NVIDIA A100 80GB PCIe", "nvidia-a100", MATCH_EXACT},
	    {"NVIDIA A100-PCIE-40GB", "nvidia-a100", MATCH_EXACT},
	    {"NVIDIA-A100-SXM4-40GB", "nvidia-a100", MATCH_EXACT},
	    {"NVIDIA A800-SXM4-80GB", "nvidia-a800", MATCH_EXACT},
	    {"NVIDIA A800 80GB PCIe", "nvidia-a800", MATCH_EXACT},
	    {"NVIDIA A10G", "nvidia-a10", MATCH_EXACT},
	    {"NVIDIA A10", "nvidia-a10", MATCH_EXACT},
	    {"NVIDIA A30", "nvidia-a30", MATCH_EXACT},
	    {"NVIDIA A40", "nvidia-a40", MATCH_EXACT},
	    {"NVIDIA L2", "nvidia-l2", MATCH_EXACT},
	    {"NVIDIA L4", "nvidia-l4", MATCH_EXACT},
	    {"NVIDIA L20", "nvidia-l20", MATCH_EXACT},
	    {"NVIDIA L40", "nvidia-l40", MATCH_EXACT},
	    {"NVIDIA L40S", "nvidia-l40s", MATCH_EXACT},
	    {"NVIDIA GH200 480GB", "nvidia-gh200", MATCH_EXACT},
	    {"NVIDIA GH200 144G HBM3e", "nvidia-gh200", MATCH_EXACT},
	    {"NVIDIA B200", "nvidia-b200", MATCH_EXACT},
	    {"NVIDIA GB200", "nvidia-gb200", MATCH_EXACT},
	    {"NVIDIA B300 SXM6 AC", "nvidia-b300", MATCH_EXACT},
	    {"NVIDIA GB300", "nvidia-b300", MATCH_EXACT},
	    {"NVIDIA RTX 6000 Ada Generation", "nvidia-rtx-6000-ada", MATCH_EXACT},
	    {"NVIDIA RTX PRO 6000 Blackwell Workstation Edition", "nvidia-rtx-pro-6000", MATCH_EXACT},
	    {"NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", "nvidia-rtx-pro-6000",
	     MATCH_EXACT},
	    {"NVIDIA RTX PRO 6000 Blackwell Server Edition", "nvidia-rtx-pro-6000-server",
	     MATCH_EXACT},
	    {"NVIDIA RTX PRO 6000D", "nvidia-rtx-pro-6000d", MATCH_EXACT},
	    {"NVIDIA GeForce RTX 4090 D", "nvidia-rtx-4090d", MATCH_EXACT},
	    /* npu-smi info: the chip name column */
	    {"910B1", "huawei-ascend-910b", MATCH_EXACT},
	    {"910B2", "huawei-ascend-910b", MATCH_EXACT},
	    {"910B3", "huawei-ascend-910b", MATCH_EXACT},
	    {"910B4", "huawei-ascend-910b", MATCH_EXACT},
	    {"Ascend910B3", "huawei-ascend-910b", MATCH_EXACT},
	    {"Ascend 910B4", "huawei-ascend-910b", MATCH_EXACT},
	    {"Huawei Ascend 910B2", "huawei-ascend-910b", MATCH_EXACT},
	    {"910B", "huawei-ascend-910b", MATCH_EXACT},
	    {"910A", "huawei-ascend-910", MATCH_EXACT},
	    {"310P3", "huawei-ascend-310p", MATCH_EXACT},
	    {"Ascend950PR", "huawei-ascend-950pr", MATCH_EXACT},
	    {"Ascend950", "huawei-ascend-950", MATCH_EXACT},
	    /* amd-smi MARKET_NAME, ROCm node labels, Habana */
	    {"MI300A", "amd-mi300a", MATCH_EXACT},
	    {"AMD_Instinct_MI300X_OAM", "amd-mi300x", MATCH_EXACT},
	    {"HL-225", "intel-gaudi2", MATCH_EXACT},
	    {"Habana Gaudi2", "intel-gaudi2", MATCH_EXACT},
	    {"HL-225B", "intel-gaudi2-hl225b", MATCH_EXACT},
	    /* pci.ids names, "Chip [Marketing name]" */
	    {"GH100 [H100 SXM5 80GB]", "nvidia-h100-sxm5", MATCH_EXACT},
	    {"GH100 [H100 PCIe]", "nvidia-h100-pcie", MATCH_EXACT},
	    {"GH100 [H100L 94GB]", "nvidia-h100-nvl", MATCH_EXACT},
	    {"GH100 [H800L 94GB]", "nvidia-h800l", MATCH_EXACT},
	    {"GH100 [H20]", "nvidia-h20", MATCH_EXACT},
	    {"GH100 [H20 HBM3e]", "nvidia-h20", MATCH_EXACT},
	    {"GH100 [H200 NVL]", "nvidia-h200-nvl", MATCH_EXACT},
	    {"GA100 [A100 PCIe 80GB]", "nvidia-a100", MATCH_EXACT},
	    {"GA100GL [A30 PCIe]", "nvidia-a30", MATCH_EXACT},
	    {"GA102GL [A10G]", "nvidia-a10", MATCH_EXACT},
	    {"GA102GL [A40]", "nvidia-a40", MATCH_EXACT},
	    {"AD104GL [L4]", "nvidia-l4", MATCH_EXACT},
	    {"AD102GL [L40S]", "nvidia-l40s", MATCH_EXACT},
	    {"GB100 [B200]", "nvidia-b200", MATCH_EXACT},
	    {"Aldebaran/MI200 [Instinct MI250X/MI250]", "amd-mi250x", MATCH_EXACT},
	    {"Aldebaran/MI200 [Instinct MI210]", "amd-mi210", MATCH_EXACT},
	    {"Aqua Vanjaram [Instinct MI300A]", "amd-mi300a", MATCH_EXACT},
	    {"Aqua Vanjaram [Instinct MI325X]", "amd-mi325x", MATCH_EXACT},
	    {"Gaudi2 AI Training Accelerator", "intel-gaudi2", MATCH_PREFIX},
	    {"NVIDIA Corporation GH100 [H100 SXM5 80GB] [10de:2330] (rev a1)", "nvidia-h100-sxm5",
	     MATCH_PCI},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(c); i++)
		expect_match(cat, c[i].text, c[i].kind, c[i].id);
	/* names of parts the catalog does not list stay unmatched */
	expect_match(cat, "Tesla-V100-SXM2-16GB", MATCH_NONE, NULL);
	expect_match(cat, "NVIDIA-A16-4Q", MATCH_NONE, NULL);
	expect_match(cat, "Arcturus GL-XL [Instinct MI100]", MATCH_NONE, NULL);
}

/* No name is ambiguous: every model, alias and id matches its chip alone,
 * exactly and as the prefix of a longer text, bare and after the vendor's
 * name or an alias of it. */
static void test_match_unambiguous(void **state)
{
	struct catalog *cat = *state;
	size_t names = 0;
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		const struct vendor *v = c->vendor;
		for (size_t k = 0; k <= c->naliases + 1; k++) {
			const char *name = k == 0 ? c->model : k == 1 ? c->id : c->aliases[k - 2];
			for (size_t j = 0; j <= v->naliases + 1; j++) {
				const char *vn = j == 0 ? "" : j == 1 ? v->name : v->aliases[j - 2];
				if (k == 1 && j > 0)
					continue; /* ids take no vendor prefix */
				char text[256];
				snprintf(text, sizeof(text), "%s%s%s", vn, *vn ? " " : "", name);
				struct catalog_match m;
				catalog_match(cat, text, &m);
				if (m.kind != MATCH_EXACT || m.chip != c)
					fail_msg("'%s' (%s): match kind %d, chip %s", text, c->id, m.kind,
					         m.chip ? m.chip->id : m.nothers > 1 ? m.others[1]->id : "none");
				char longer[300];
				snprintf(longer, sizeof(longer), "%s (rev zz9)", text);
				catalog_match(cat, longer, &m);
				if (m.kind != MATCH_PREFIX || m.chip != c)
					fail_msg("'%s' (%s): match kind %d, chip %s", longer, c->id, m.kind,
					         m.chip ? m.chip->id : m.nothers > 1 ? m.others[1]->id : "none");
				names++;
			}
		}
	}
	assert_true(names > 500);
}

/* Every entry says where its figures come from, with a confidence tag,
 * and every entry that stays indeterminate says why. */
static void test_embedded_sources_and_notes(void **state)
{
	struct catalog *cat = *state;
	static const char *const tags[] = {"DATASHEET", "OFF", "OFF-code", "REG", "SEC", "REP", "RUM",
	                                   "PRESS", "RUMOUR", "CALC", "unconfirmed", "unverified"};
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		assert_true(c->nsources > 0);
		for (size_t j = 0; j < c->nsources; j++) {
			/* "TAG[/TAG...][ (qualifier)]: text" */
			const char *src = c->sources[j], *colon = strstr(src, ": ");
			if (!colon)
				fail_msg("%s: source without a tag: '%s'", c->id, src);
			char head[128];
			snprintf(head, sizeof(head), "%.*s", (int)(colon - src), src);
			char *paren = strstr(head, " (");
			if (paren)
				*paren = '\0';
			for (char *t = head, *slash; t; t = slash) {
				slash = strchr(t, '/');
				if (slash)
					*slash++ = '\0';
				bool known = false;
				for (size_t k = 0; k < CG_ARRAY_LEN(tags); k++)
					known |= strcmp(t, tags[k]) == 0;
				if (!known)
					fail_msg("%s: unknown confidence tag '%s' in '%s'", c->id, t, src);
			}
		}
		if (c->eccn == ECCN_INDETERMINATE && !c->note)
			fail_msg("%s is indeterminate and has no note saying why", c->id);
		if (c->note)
			assert_true(strlen(c->note) > 20);
	}
}

/* The 3A090 boundaries the reference names for new chips: each class
 * holds up to the die area it states and no further, compared exactly. */
static void test_embedded_boundaries(void **state)
{
	struct catalog *cat = *state;
	static const struct {
		const char *id;
		double area; /* total, over all dies */
		enum eccn want;
		const char *why;
	} c[] = {
	    /* MI210, TPP 2896: "b holds for any die area 489-1810 mm2" */
	    {"amd-mi210", 289600 / 592.0, ECCN_3A090A, "3A090.a.2"},
	    {"amd-mi210", 489.19, ECCN_3A090B, "3A090.b.1"},
	    {"amd-mi210", 905.0, ECCN_3A090B, "3A090.b.1"}, /* b.2 too: PD exactly 3.2 */
	    {"amd-mi210", 1810.0, ECCN_3A090B, "3A090.b.1"},
	    {"amd-mi210", 1810.01, ECCN_NONE, "PD below 1.6"},
	    /* MTT S4000, TPP exactly 1600: a.2 up to 270 mm2, b.2 up to 500 */
	    {"moore-threads-mtt-s4000", 160000 / 592.0, ECCN_3A090A, "3A090.a.2"},
	    {"moore-threads-mtt-s4000", 270.28, ECCN_3A090B, "3A090.b.2"},
	    {"moore-threads-mtt-s4000", 500.0, ECCN_3A090B, "3A090.b.2"},
	    {"moore-threads-mtt-s4000", 500.01, ECCN_NONE, "TPP below 2400"},
	    /* BI-V100, TPP 2360: a.2 up to 398 mm2, b.2 up to 737 (never b.1) */
	    {"iluvatar-bi-v100", 236000 / 592.0, ECCN_3A090A, "3A090.a.2"},
	    {"iluvatar-bi-v100", 398.65, ECCN_3A090B, "3A090.b.2"},
	    {"iluvatar-bi-v100", 737.5, ECCN_3A090B, "3A090.b.2"},
	    {"iluvatar-bi-v100", 737.51, ECCN_NONE, "TPP below 2400"},
	    /* L4, TPP 1940: a.2 up to 327.7 mm2 */
	    {"nvidia-l4", 294.5, ECCN_3A090A, "3A090.a.2"},
	    {"nvidia-l4", 194000 / 592.0, ECCN_3A090A, "3A090.a.2"},
	    {"nvidia-l4", 327.71, ECCN_3A090B, "3A090.b.2"},
	    /* Ascend 910, TPP 4096: a.2 unless the I/O die adds more than 235.6 mm2 */
	    {"huawei-ascend-910", 456.25 + 235.6, ECCN_3A090A, "3A090.a.2"},
	    {"huawei-ascend-910", 456.25 + 235.7, ECCN_3A090B, "3A090.b.1"},
	    /* A30, TPP 2640: PD 3.196 is b by b.1 only */
	    {"nvidia-a30", 826.0, ECCN_3A090B, "3A090.b.1"},
	    {"nvidia-a30", 264000 / 160.0, ECCN_3A090B, "3A090.b.1"},
	    {"nvidia-a30", 1650.01, ECCN_NONE, "PD below 1.6"},
	    /* A40, TPP 2395.2 < 2400: b.2 only */
	    {"nvidia-a40", 628.0, ECCN_3A090B, "3A090.b.2"},
	    {"nvidia-a40", 239520 / 320.0, ECCN_3A090B, "3A090.b.2"},
	    {"nvidia-a40", 748.51, ECCN_NONE, "TPP below 2400"},
	    /* A10, TPP 2000: PD 3.18, 0.02 under b.2 */
	    {"nvidia-a10", 628.0, ECCN_NONE, "TPP below 2400"},
	    {"nvidia-a10", 625.0, ECCN_3A090B, "3A090.b.2"},
	    /* L2, TPP 1544: below 1600 whatever the area */
	    {"nvidia-l2", 1.0, ECCN_NONE, "TPP below 1600"},
	    /* H20, TPP 2368: PD 2.91 */
	    {"nvidia-h20", 814.0, ECCN_NONE, "TPP below 2400"},
	    {"nvidia-h20", 740.0, ECCN_3A090B, "3A090.b.2"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(c); i++) {
		struct chip x = *chip(cat, c[i].id);
		x.die_area_mm2 = c[i].area / (x.dies > 0 ? x.dies : 1);
		catalog_derive(&x);
		if (x.eccn != c[i].want || strncmp(x.eccn_why, c[i].why, strlen(c[i].why)) != 0)
			fail_msg("%s at %.4f mm2 (PD %.5f): %s (%s), want %s (%s...)", c[i].id, c[i].area,
			         x.pd, eccn_name(x.eccn), x.eccn_why, eccn_name(c[i].want), c[i].why);
	}
	/* the lowest 910B figure, 256 FP16, still gives PD 6.15 on its die */
	struct chip b = *chip(cat, "huawei-ascend-910b");
	b.dense[PREC_FP16] = 256;
	b.dense[PREC_INT8] = NAN;
	catalog_derive(&b);
	assert_float_equal(b.tpp, 4096, 0);
	assert_int_equal(b.eccn, ECCN_3A090A);
	assert_string_equal(b.eccn_why, "3A090.a.2: TPP >= 1600 and PD >= 5.92");
}

/* ---- overlays ---------------------------------------------------------------- */

static void test_overlay_adds_vendor_and_chip(void **state)
{
	struct catalog *cat = *state;
	size_t nchips = cat->nchips, nvendors = cat->nvendors;
	overlay_ok(cat, "add-vendor.cfg");
	assert_int_equal(cat->nchips, nchips + 1);
	assert_int_equal(cat->nvendors, nvendors + 1);
	assert_int_equal(cat->noverlays, 1);
	char *p = fix_path("add-vendor.cfg");
	assert_string_equal(cat->overlays[0], p);
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &text, &len, &d), 0);
	char want[SHA256_HEX_LEN + 1];
	sha256_hex(text, len, want);
	assert_string_equal(cat->overlay_sha256[0], want);
	free(text);

	const struct chip *x1 = chip(cat, "acme-x1");
	assert_string_equal(x1->model, "X1");
	assert_string_equal(x1->vendor->name, "Acme AI");
	assert_string_equal(chip_origin(x1, false), "DE");
	assert_null(chip_origin(x1, true));
	assert_true(isnan(x1->tpp));
	assert_true(isnan(x1->pd));
	assert_true(isnan(x1->memory_gb));
	assert_int_equal(x1->datacenter, TRI_UNKNOWN);
	assert_int_equal(x1->eccn, ECCN_INDETERMINATE);
	assert_int_equal(x1->dies, 1);
	assert_string_equal(x1->file, p);
	assert_int_equal(x1->line, 3);
	expect_match(cat, "Acme AI X1", MATCH_EXACT, "acme-x1");
	expect_match(cat, "acme-ai-x1", MATCH_EXACT, "acme-x1");
	expect_match(cat, "X1", MATCH_EXACT, "acme-x1");
	/* the embedded chips are still there */
	expect_match(cat, "H20", MATCH_EXACT, "nvidia-h20");
	free(p);
}

static void test_overlay_replaces_chip(void **state)
{
	struct catalog *cat = *state;
	size_t nchips = cat->nchips;
	expect_match(cat, "HGX H20", MATCH_EXACT, "nvidia-h20"); /* keys built */
	const struct chip *old = chip(cat, "nvidia-h20");
	overlay_ok(cat, "replace-h20.cfg");
	assert_int_equal(cat->nchips, nchips + 1); /* one replaced, one added */
	const struct chip *h20 = chip(cat, "nvidia-h20");
	assert_ptr_not_equal(h20, old);
	assert_float_equal(h20->tpp, 4800, 0);
	assert_int_equal(h20->eccn, ECCN_3A090A);
	assert_true(isnan(h20->memory_gb)); /* replaced whole, not merged */
	assert_int_equal(h20->npci, 0);
	assert_null(catalog_match_pci(cat, 0x10de, 0x2329));
	expect_match(cat, "H20", MATCH_EXACT, "nvidia-h20");
	struct catalog_match m;
	catalog_match(cat, "H20", &m);
	assert_ptr_equal(m.chip, h20);
	expect_match(cat, "HGX H20", MATCH_NONE, NULL); /* the old aliases are gone */
	/* the added chip names its vendor by an alias */
	const struct chip *b = chip(cat, "test-pd-592");
	assert_string_equal(b->vendor->name, "NVIDIA");
	assert_int_equal(b->eccn, ECCN_3A090A);
	assert_float_equal(b->tpp, 4736, 0);
}

static void test_overlay_replaces_vendor(void **state)
{
	struct catalog *cat = *state;
	size_t nvendors = cat->nvendors;
	overlay_ok(cat, "replace-vendor.cfg");
	assert_int_equal(cat->nvendors, nvendors);
	const struct vendor *v = catalog_find_vendor(cat, "NVIDIA");
	assert_string_equal(v->country, "TW");
	assert_ptr_equal(chip(cat, "nvidia-h20")->vendor, v);
	assert_string_equal(chip_origin(chip(cat, "nvidia-a800"), false), "TW");
	/* NVSwitch ids went with the old entry */
	assert_false(catalog_pci_not_accelerator(cat, 0x10de, 0x1af1));
	expect_match(cat, "Team Green H20", MATCH_EXACT, "nvidia-h20");
}

static void test_overlay_text_and_missing_file(void **state)
{
	struct catalog *cat = *state;
	static const char text[] =
	    "accelerators = ( { id = \"nv-x\"; vendor = \"NVIDIA\"; model = \"X\";\n"
	    "  datacenter = false; dense = { fp8 = 600.0; }; } );\n";
	struct diag d;
	assert_int_equal(catalog_overlay_text(cat, "inline.cfg", text, sizeof(text) - 1, &d), 0);
	const struct chip *x = chip(cat, "nv-x");
	assert_string_equal(x->file, "inline.cfg");
	assert_int_equal(x->eccn, ECCN_3A090A); /* 4800, Note 2 does not apply */
	assert_int_equal(cat->noverlays, 0);    /* text overlays are not inputs */

	static const char bad[] = "accelerators = ( { id = \"nv-y\"; vendor = \"NVIDIA\"; };\n";
	assert_int_equal(catalog_overlay_text(cat, "inline.cfg", bad, sizeof(bad) - 1, &d), -1);
	assert_diag(&d, "inline.cfg:1: syntax error");

	char *p = fix_path("no-such-file.cfg");
	assert_int_equal(catalog_overlay_file(cat, p, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: cannot open: No such file or directory", p);
	assert_diag(&d, sb_str(&want));
	sb_release(&want);
	free(p);
}

static void test_overlay_note(void **state)
{
	struct catalog *cat = *state;
	overlay_ok(cat, "note.cfg");
	const struct chip *n1 = chip(cat, "acme-n1");
	assert_string_equal(n1->note, "the vendor's 1 PFLOPS FP8 does not say dense or sparse: "
	                              "TPP 8000 if dense, 4000 if sparse");
	assert_int_equal(n1->eccn, ECCN_INDETERMINATE);
	assert_null(chip(cat, "acme-n2")->note);
	/* the note is not part of the arithmetic explain prints */
	struct strbuf sb = STRBUF_INIT;
	catalog_explain_chip(n1, &sb);
	assert_null(strstr(sb_str(&sb), "dense or sparse"));
	sb_release(&sb);
	/* the longest note accepted, and one byte more */
	for (int extra = 0; extra <= 1; extra++) {
		struct strbuf t = STRBUF_INIT;
		sb_puts(&t, "accelerators = ( { id = \"nv-note\"; vendor = \"NVIDIA\"; model = \"Z\";\n"
		            "  note = \"");
		for (int i = 0; i < 2048 + extra; i++)
			sb_putc(&t, 'n');
		sb_puts(&t, "\"; } );\n");
		struct diag d;
		int rc = catalog_overlay_text(cat, "note.cfg", sb_str(&t), t.len, &d);
		if (extra == 0) {
			assert_int_equal(rc, 0);
			assert_int_equal(strlen(chip(cat, "nv-note")->note), 2048);
		} else {
			assert_int_equal(rc, -1);
			assert_diag(&d, "note.cfg:2:3: 'note' is longer than 2048 bytes");
		}
		sb_release(&t);
	}
}

static void test_overlay_errors(void **state)
{
	struct catalog *cat = *state;
	overlay_fails(cat, "bad-unknown-vendor.cfg",
	              "3:5: unknown vendor 'Ghost Devices' (add it to 'vendors')");
	overlay_fails(cat, "bad-duplicate-id.cfg",
	              "5: duplicate accelerator id 'acme-x1' (first at line 3)");
	overlay_fails(cat, "bad-pci.cfg", "4:7: PCI id must be VVVV:DDDD in hex, not '1234:01'");
	overlay_fails(cat, "bad-vendor-pci.cfg",
	              "2:39: vendor PCI id must be 4 hex digits, not '12g4'");
	overlay_fails(cat, "bad-country.cfg",
	              "3:5: 'country' must be an ISO 3166-1 alpha-2 code such as 'US'");
	overlay_fails(cat, "bad-duplicate-vendor.cfg",
	              "3: duplicate vendor 'ACME AI' (first at line 2)");
	overlay_fails(cat, "bad-chip-key.cfg",
	              "3:41: unknown setting 'modle' (did you mean 'model'?)");
	overlay_fails(cat, "bad-dense.cfg", "4:29: unknown setting 'fp6' (did you mean 'fp4'?)");
	overlay_fails(cat, "bad-dense-negative.cfg",
	              "4:15: 'fp16' must be between 1e-06 and 1e+09, not -100");
	overlay_fails(cat, "bad-entity-date.cfg",
	              "3:23: 'date' is not a date (YYYY-MM-DD): '2025-02-29'");
	overlay_fails(cat, "bad-partial.cfg", "6:49: 'model' must not be empty");
	overlay_fails(cat, "bad-note-empty.cfg", "3:55: 'note' must not be empty");
	overlay_fails(cat, "bad-note-type.cfg", "3:55: 'note' must be a string, not an array");
	assert_null(catalog_find_id(cat, "partial-ok"));
	assert_null(catalog_find_vendor(cat, "Partial Inc"));
	assert_null(catalog_find_id(cat, "acme-x1"));
	assert_null(catalog_find_vendor(cat, "Acme AI"));
}

/* ---- the reference table ------------------------------------------------------ */

/* Split a markdown table row into trimmed cells. */
static size_t split_row(char *line, char **cells, size_t max)
{
	size_t n = 0;
	char *p = line;
	if (*p == '|')
		p++;
	while (*p && n < max) {
		char *bar = strchr(p, '|');
		if (!bar)
			break;
		*bar = '\0';
		while (*p == ' ')
			p++;
		char *e = bar;
		while (e > p && e[-1] == ' ')
			*--e = '\0';
		cells[n++] = p;
		p = bar + 1;
	}
	return n;
}

/* The leading number of a cell ("≈4707 (reported)" → 4707), or NAN. */
static double cell_number(const char *s)
{
	if (strncmp(s, "\xe2\x89\x88", 3) == 0) /* ≈ */
		s += 3;
	if (*s < '0' || *s > '9')
		return NAN;
	return strtod(s, NULL);
}

/* Rows of export-controls.md §4 that accelerator-figures.md (the later,
 * more detailed reference, checked row by row below) supersedes: the
 * catalog follows the later one there, and only there. */
static const struct {
	const char *row;        /* "vendor model" as the §4 row names it */
	bool cls, tpp;          /* which of its cells no longer hold */
	const char *why;
} superseded[] = {
    {"Huawei Ascend 910", true, false,
     "die area 456.25 mm2 from a die shot (accelerator-figures.md row 50): PD 8.98, a.2"},
    {"Huawei Ascend 910C", false, true,
     "780 BF16 dense rather than about 800 (accelerator-figures.md row 52): TPP 12480"},
};

static void test_reference_table(void **state)
{
	struct catalog *cat = *state;
	char *sec = NULL, *buf = shared_reference_section("test_reference_table", "export-controls.md",
						   "\n## 4.", "\n## ", false, &sec);
	if (!buf)
		skip();
	size_t rows = 0;
	bool used[CG_ARRAY_LEN(superseded)] = {false};
	for (char *line = sec + 1, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *cells[16];
		if (line[0] != '|')
			continue;
		size_t n = split_row(line, cells, 16);
		if (n < 12 || strcmp(cells[0], "vendor") == 0 || strncmp(cells[0], "---", 3) == 0)
			continue;
		char text[256];
		snprintf(text, sizeof(text), "%s %s", cells[0], cells[1]);
		struct catalog_match m;
		catalog_match(cat, text, &m);
		if (!m.chip)
			fail_msg("reference row '%s' matches no catalog chip", text);
		double tpp = cell_number(cells[8]), pd = cell_number(cells[9]);
		const char *cls = cells[10];
		const char *want = strcmp(cls, "a") == 0   ? "3A090.a"
		                   : strcmp(cls, "b") == 0 ? "3A090.b"
		                                           : cls;
		bool skip_cls = false, skip_tpp = false;
		for (size_t i = 0; i < CG_ARRAY_LEN(superseded); i++)
			if (strcmp(superseded[i].row, text) == 0) {
				skip_cls = superseded[i].cls;
				skip_tpp = superseded[i].tpp;
				used[i] = true;
			}
		if (!skip_cls && strcmp(eccn_name(m.chip->eccn), want) != 0)
			fail_msg("'%s' (%s): class %s, reference says %s", text, m.chip->id,
			         eccn_name(m.chip->eccn), want);
		if (!skip_tpp && (isnan(tpp) != isnan(m.chip->tpp) ||
		                  (!isnan(tpp) && fabs(tpp - m.chip->tpp) > 0.01 * tpp)))
			fail_msg("'%s' (%s): TPP %.1f, reference says %s", text, m.chip->id,
			         m.chip->tpp, cells[8]);
		if (!isnan(pd) && strncmp(cells[9], "\xe2\x89\x88", 3) != 0 &&
		    fabs(pd - m.chip->pd) > 0.01 * pd)
			fail_msg("'%s' (%s): PD %.2f, reference says %s", text, m.chip->id,
			         m.chip->pd, cells[9]);
		rows++;
	}
	free(buf);
	assert_true(rows >= 20);
	for (size_t i = 0; i < CG_ARRAY_LEN(superseded); i++)
		if (!used[i])
			fail_msg("superseded names '%s', which export-controls.md §4 does not have",
			         superseded[i].row);
}

/* ---- accelerator-figures.md, row by row --------------------------------------- */

enum {
	AF_TPP = 1 << 0,  /* TPP (and class) */
	AF_PD = 1 << 1,   /* PD */
	AF_CLASS = 1 << 2,
	AF_FIG = 1 << 3,  /* the dense figures */
	AF_MEM = 1 << 4,
	AF_BW = 1 << 5,
	AF_DIE = 1 << 6,
	AF_DC = 1 << 7,
};

/* Every row of the §1 table and the catalog entries it describes. SKIP
 * names the cells where the catalog knowingly differs, and WHY says why;
 * PCI_OTHER is another entry that may own some of the row's PCI ids. */
static const struct af_row {
	int row;
	const char *ids[2];
	const char *pci_other;
	unsigned skip;
	const char *why;
} af_rows[] = {
    {1, {"nvidia-a100"}, NULL, 0, NULL},
    {2, {"nvidia-a100"}, NULL, AF_BW, "one entry for the A100 SXM4 and PCIe, with the SXM4's bandwidth"},
    {3, {"nvidia-a800"}, NULL, 0, NULL},
    {4, {"nvidia-a800"}, NULL, AF_BW, "one entry for the A800 SXM4 and PCIe, with the SXM4's bandwidth"},
    {5, {"nvidia-a30"}, NULL, 0, NULL},
    {6, {"nvidia-a40"}, NULL, 0, NULL},
    {7, {"nvidia-a10"}, NULL, 0, NULL},
    {8, {"nvidia-h100-sxm5"}, "nvidia-h100", 0, NULL},
    {9, {"nvidia-h100-pcie"}, NULL, 0, NULL},
    {10, {"nvidia-h100-nvl"}, NULL, 0, NULL},
    {11, {"nvidia-h100"}, NULL, 0, NULL},
    {12, {"nvidia-h800"}, NULL, 0, NULL},
    {13, {"nvidia-h800-pcie"}, NULL, 0, NULL},
    {14, {"nvidia-h800l"}, NULL, 0, NULL},
    {15, {"nvidia-h200"}, NULL, 0, NULL},
    {16, {"nvidia-h200-nvl"}, NULL, 0, NULL},
    {17, {"nvidia-h20"}, NULL, 0, NULL},
    {18, {"nvidia-h20"}, NULL, AF_MEM | AF_BW, "the 141 GB HBM3e version shares the H20's entry (96 GB, 4000 GB/s)"},
    {19, {"nvidia-gh200"}, NULL, 0, NULL},
    {20, {"nvidia-l2"}, NULL, 0, NULL},
    {21, {"nvidia-l4"}, NULL, 0, NULL},
    {22, {"nvidia-l20"}, NULL, 0, NULL},
    {23, {"nvidia-l40"}, NULL, 0, NULL},
    {24, {"nvidia-l40s"}, NULL, 0, NULL},
    {25, {"nvidia-rtx-4090"}, NULL, 0, NULL},
    {26, {"nvidia-rtx-4090d"}, NULL, 0, NULL},
    {27, {"nvidia-rtx-6000-ada"}, NULL, 0, NULL},
    {28, {"nvidia-rtx-pro-6000", "nvidia-rtx-pro-6000-server"}, NULL, AF_DC,
     "the workstation cards and the Server Edition are two entries (datacenter no / yes)"},
    {29, {"nvidia-rtx-pro-6000d"}, NULL, 0, NULL},
    {30, {"nvidia-b100"}, NULL, 0, NULL},
    {31, {"nvidia-b200"}, NULL, AF_PD | AF_DIE, "die area 2 x 800 mm2 (export-controls.md §4), not 1628"},
    {32, {"nvidia-gb200"}, NULL, 0, NULL},
    {33, {"nvidia-b300"}, NULL, 0, NULL},
    {34, {"nvidia-b30a"}, NULL, 0, NULL},
    {35, {"nvidia-rubin"}, NULL, AF_PD | AF_DIE, "the row note: die area unknown (trk reuses 1628)"},
    {36, {"nvidia-groq-lp30"}, NULL, 0, NULL},
    {37, {"amd-mi210"}, NULL, 0, NULL},
    {38, {"amd-mi250"}, "amd-mi250x", 0, NULL},
    {39, {"amd-mi250x"}, NULL, 0, NULL},
    {40, {"amd-mi300a"}, NULL, 0, NULL},
    {41, {"amd-mi300x"}, NULL, 0, NULL},
    {42, {"amd-mi308x"}, NULL, 0, NULL},
    {43, {"amd-mi325x"}, NULL, 0, NULL},
    {44, {"amd-mi350x"}, NULL, 0, NULL},
    {45, {"amd-mi355x"}, NULL, 0, NULL},
    {46, {"intel-gaudi2"}, NULL, 0, NULL},
    {47, {"intel-gaudi3"}, NULL, 0, NULL},
    {48, {"huawei-ascend-310"}, NULL, 0, NULL},
    {49, {"huawei-ascend-310p"}, NULL, 0, NULL},
    {50, {"huawei-ascend-910"}, NULL, 0, NULL},
    {51, {"huawei-ascend-910b"}, NULL, 0, NULL},
    {52, {"huawei-ascend-910c"}, NULL, 0, NULL},
    {53, {"huawei-ascend-920c"}, NULL, 0, NULL},
    {54, {"huawei-ascend-950pr"}, "huawei-ascend-950", 0, NULL},
    {55, {"huawei-atlas-350"}, "huawei-ascend-950", 0, NULL},
    {56, {"huawei-ascend-950dt"}, "huawei-ascend-950", 0, NULL},
    {57, {"huawei-ascend-960"}, NULL, 0, NULL},
    {58, {"huawei-ascend-970"}, NULL, 0, NULL},
    {59, {"cambricon-mlu270-s4"}, NULL, 0, NULL},
    {60, {"cambricon-mlu290-m5"}, NULL, 0, NULL},
    {61, {"cambricon-mlu370-s4"}, NULL, 0, NULL},
    {62, {"cambricon-mlu370-x8"}, NULL, AF_TPP | AF_CLASS | AF_FIG,
     "keeps the card's figures (two ICs); the per-IC reading is not confirmed"},
    {63, {"cambricon-mlu590"}, NULL, 0, NULL},
    {64, {"cambricon-siyuan-690"}, NULL, 0, NULL},
    {65, {"hygon-dcu-k100"}, NULL, 0, NULL},
    {66, {"hygon-dcu-z100"}, NULL, 0, NULL},
    {67, {"hygon-bw1000"}, NULL, 0, NULL},
    {68, {"kunlunxin-k200"}, "kunlunxin-kunlun", 0, NULL},
    {69, {"kunlunxin-r200"}, NULL, 0, NULL},
    {70, {"kunlunxin-p800"}, NULL, 0, NULL},
    {71, {"kunlunxin-m100", "kunlunxin-m300"}, NULL, 0, NULL},
    {72, {"biren-br100"}, NULL, 0, NULL},
    {73, {"biren-br104"}, NULL, 0, NULL},
    {74, {"moore-threads-mtt-s4000"}, NULL, 0, NULL},
    {75, {"moore-threads-mtt-s5000"}, NULL, 0, NULL},
    {76, {"metax-c500"}, NULL, 0, NULL},
    {77, {"metax-c600", "metax-c550"}, NULL, AF_MEM, "144 GB is the C600's; the C550's is unknown"},
    {78, {"metax-n100"}, NULL, 0, NULL},
    {79, {"enflame-t20"}, NULL, 0, NULL},
    {80, {"enflame-s60"}, NULL, 0, NULL},
    {81, {"iluvatar-bi-v100"}, NULL, 0, NULL},
    {82, {"iluvatar-mr-v100"}, NULL, 0, NULL},
};

/* A figure cell: "15 832" (narrow no-break space), "1628 *est.*", "≈800",
 * "8000†" (*dagger set), "–" (NAN). */
static double af_number(const char *s, bool *dagger)
{
	char buf[64];
	size_t n = 0;
	if (dagger)
		*dagger = strstr(s, "\xe2\x80\xa0") != NULL;
	if (strncmp(s, "\xe2\x89\x88", 3) == 0)
		s += 3;
	for (; *s && n + 1 < sizeof(buf); s++) {
		if (strncmp(s, "\xe2\x80\xaf", 3) == 0) {
			s += 2;
			continue;
		}
		if ((*s >= '0' && *s <= '9') || *s == '.')
			buf[n++] = *s;
		else if (*s != ' ' || n == 0)
			break;
	}
	buf[n] = '\0';
	return n ? strtod(buf, NULL) : NAN;
}

/* The class a cell states: "a.1 (Note 2)", "b.1+b.2", "none *eq.*", "indet. (PD)". */
static enum eccn af_class(const char *s)
{
	if (strncmp(s, "a.", 2) == 0)
		return ECCN_3A090A;
	if (strncmp(s, "b.", 2) == 0)
		return ECCN_3A090B;
	if (strncmp(s, "none", 4) == 0)
		return ECCN_NONE;
	if (strncmp(s, "indet.", 6) == 0)
		return ECCN_INDETERMINATE;
	fail_msg("class cell '%s' not understood", s);
	return ECCN_INDETERMINATE;
}

static bool af_close(double ref, double ours, double tol)
{
	return isnan(ref) ? isnan(ours) : !isnan(ours) && fabs(ref - ours) <= tol;
}

/* Every PCI id of the cell outside parentheses: "10de:2329 (H20), 2328,
 * 230c/230e"; a bare device id takes the vendor of the id before it. */
static void af_check_pci(const struct catalog *cat, const struct af_row *r, const char *cell,
                         size_t *nids)
{
	unsigned vendor = 0;
	int depth = 0;
	for (const char *p = cell; *p;) {
		if (*p == '(' || *p == ')') {
			depth += *p == '(' ? 1 : -1;
			p++;
			continue;
		}
		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *e = p;
		while (isalnum((unsigned char)*e) || (*e == ':' && isxdigit((unsigned char)e[1])))
			e++;
		size_t n = (size_t)(e - p);
		unsigned v = 0, dev = 0;
		bool pair = n == 9 && p[4] == ':', bare = n == 4;
		for (size_t i = 0; (pair || bare) && i < n; i++)
			if (i != 4 && !isxdigit((unsigned char)p[i]))
				pair = bare = false;
		if (depth == 0 && pair) {
			v = (unsigned)strtoul(p, NULL, 16);
			dev = (unsigned)strtoul(p + 5, NULL, 16);
			vendor = v;
		} else if (depth == 0 && bare && vendor) {
			v = vendor;
			dev = (unsigned)strtoul(p, NULL, 16);
		}
		if (v) {
			const struct chip *c = catalog_match_pci(cat, (uint16_t)v, (uint16_t)dev);
			bool ok = false;
			for (size_t i = 0; c && i < CG_ARRAY_LEN(r->ids); i++)
				ok |= r->ids[i] && strcmp(c->id, r->ids[i]) == 0;
			ok |= c && r->pci_other && strcmp(c->id, r->pci_other) == 0;
			if (!ok)
				fail_msg("row %d: PCI %04x:%04x is %s in the catalog", r->row, v, dev,
				         c ? c->id : "nothing");
			(*nids)++;
		}
		p = e;
	}
}

static void af_check_row(const struct catalog *cat, const struct af_row *r, char **cell)
{
	bool dagger;
	double ref_tpp = af_number(cell[13], &dagger);
	double ref_pd = af_number(cell[14], NULL), ref_die = af_number(cell[9], NULL);
	double ref_mem = af_number(cell[10], NULL), ref_bw = af_number(cell[11], NULL);
	enum eccn ref_cls = af_class(cell[15]);
	/* FP4 FP8 INT8 FP16/BF16, as dense figures of the whole package */
	static const int cols[] = {4, 5, 6, 7};
	for (size_t k = 0; k < CG_ARRAY_LEN(r->ids) && r->ids[k]; k++) {
		const struct chip *c = chip(cat, r->ids[k]);
		const char *id = c->id;
		int dies = c->dies > 0 ? c->dies : 1;
		/* a figure the reference marks "sparsity not stated" (†) is no dense figure */
		double want_tpp = dagger ? NAN : ref_tpp;
		if (!(r->skip & AF_TPP) && !af_close(want_tpp, c->tpp, 0.5))
			fail_msg("row %d, %s: TPP %.1f, reference %s", r->row, id, c->tpp, cell[13]);
		if (!(r->skip & (AF_TPP | AF_CLASS)) && c->eccn != ref_cls)
			fail_msg("row %d, %s: %s, reference '%s'", r->row, id, eccn_name(c->eccn), cell[15]);
		if (!(r->skip & AF_PD) && !af_close(ref_pd, c->pd, 0.006))
			fail_msg("row %d, %s: PD %.4f, reference %s", r->row, id, c->pd, cell[14]);
		if (!(r->skip & AF_DIE) && !af_close(ref_die, c->area_mm2, 0.5))
			fail_msg("row %d, %s: die area %.2f, reference %s", r->row, id, c->area_mm2, cell[9]);
		if (!(r->skip & AF_MEM) && !af_close(ref_mem, c->memory_gb, 0.01))
			fail_msg("row %d, %s: memory %.1f GB, reference %s", r->row, id, c->memory_gb, cell[10]);
		if (!(r->skip & AF_BW) && !af_close(ref_bw, c->memory_bw_gbs, 0.01))
			fail_msg("row %d, %s: bandwidth %.1f GB/s, reference %s", r->row, id, c->memory_bw_gbs,
			         cell[11]);
		if (!(r->skip & AF_DC)) {
			enum tri want = strncmp(cell[3], "y", 1) == 0   ? TRI_TRUE
			                : strncmp(cell[3], "n", 1) == 0 ? TRI_FALSE
			                                                : TRI_UNKNOWN;
			if (c->datacenter != want)
				fail_msg("row %d, %s: datacenter %d, reference '%s'", r->row, id, c->datacenter,
				         cell[3]);
		}
		for (size_t i = 0; !(r->skip & AF_FIG) && i < CG_ARRAY_LEN(cols); i++) {
			double ref = dagger ? NAN : af_number(cell[cols[i]], NULL);
			double v = i == 0   ? c->dense[PREC_FP4]
			           : i == 1 ? c->dense[PREC_FP8]
			           : i == 2 ? c->dense[PREC_INT8]
			           : isnan(c->dense[PREC_FP16]) ? c->dense[PREC_BF16]
			                                        : c->dense[PREC_FP16];
			if (!af_close(ref, v * dies, 0.5))
				fail_msg("row %d, %s: %s %.2f, reference %s", r->row, id,
				         i == 0 ? "FP4" : i == 1 ? "FP8" : i == 2 ? "INT8" : "FP16/BF16", v * dies,
				         cell[cols[i]]);
		}
	}
}

/* The catalog against ../shared/reference/accelerator-figures.md §1: every
 * row has its entries, and their figures, TPP, PD, class, memory,
 * bandwidth, die area, datacenter flag and PCI ids are the row's, but for
 * the differences af_rows names. */
static void test_accelerator_figures(void **state)
{
	struct catalog *cat = *state;
	char *sec = NULL, *buf = shared_reference_section("test_accelerator_figures",
						   "accelerator-figures.md", "\n## 1.", "\n### ",
						   true, &sec);
	if (!buf)
		skip();
	bool seen[CG_ARRAY_LEN(af_rows)] = {false};
	size_t rows = 0, pci_ids = 0;
	for (char *line = sec + 1, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *cell[24];
		if (line[0] != '|')
			continue;
		size_t n = split_row(line, cell, 24);
		if (n < 17 || !isdigit((unsigned char)cell[0][0]))
			continue;
		int row = atoi(cell[0]);
		const struct af_row *r = NULL;
		for (size_t i = 0; i < CG_ARRAY_LEN(af_rows); i++)
			if (af_rows[i].row == row) {
				r = &af_rows[i];
				seen[i] = true;
			}
		if (!r)
			fail_msg("reference row %d (%s %s) has no catalog entry in af_rows", row, cell[1],
			         cell[2]);
		af_check_row(cat, r, cell);
		af_check_pci(cat, r, cell[12], &pci_ids);
		rows++;
	}
	free(buf);
	for (size_t i = 0; i < CG_ARRAY_LEN(af_rows); i++)
		if (!seen[i])
			fail_msg("af_rows names row %d, which the reference does not have", af_rows[i].row);
	assert_int_equal(rows, 82);
	assert_true(pci_ids >= 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_eccn_a1),
	    cmocka_unit_test(test_eccn_a2),
	    cmocka_unit_test(test_eccn_b1),
	    cmocka_unit_test(test_eccn_b2),
	    cmocka_unit_test(test_eccn_note2_and_unknowns),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_derive_direct),
	    cmocka_unit_test_setup_teardown(test_derive_boundaries, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_pd_decimals, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_embedded_figures, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_embedded_consistency, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_explain_chip, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_embedded_sources_and_notes, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_embedded_boundaries, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_folding, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_pci, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_prefix, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_brackets, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_tool_names, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_unambiguous, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_none_and_suggest, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_match_ambiguous, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_adds_vendor_and_chip, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_replaces_chip, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_replaces_vendor, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_text_and_missing_file, setup_catalog,
	                                    teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_note, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_overlay_errors, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_reference_table, setup_catalog, teardown_catalog),
	    cmocka_unit_test_setup_teardown(test_accelerator_figures, setup_catalog, teardown_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
