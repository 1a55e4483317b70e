/* Unit tests for the native libconfig inventory reader (src/ingest/
 * inventory.c): a complete good inventory read field by field, from a
 * file and from a string; every bad input with its exact FILE:LINE[:COL]
 * message; and companion justification files.
 *
 * Fixtures live in tests/fixtures/inventory (one bad case per file, so a
 * message names a real path). They do not depend on inventories/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"

#define FIX FIXTURES "/inventory"

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------- */

static void load_ok(struct inventory *inv, const char *name)
{
	char *p = fix_path(name);
	struct diag d;
	diag_clear(&d);
	if (inventory_load(inv, p, &d) != 0) {
		char *m = diag_text(&d);
		fail_msg("%s", m);
	}
	free(p);
}

/* Loading fixture NAME fails with "PATH" + TAIL ("" when TAIL starts with
 * ':' or ' '), and leaves the inventory empty. */
static void load_fails(const char *name, const char *tail)
{
	char *p = fix_path(name);
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	if (inventory_load(&inv, p, &d) == 0) {
		inventory_free(&inv);
		fail_msg("%s was accepted", name);
	}
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s%s", p, tail);
	char *got = diag_text(&d);
	if (strcmp(got, sb_str(&want)) != 0)
		fail_msg("%s:\n   got: %s\n  want: %s", name, got, sb_str(&want));
	assert_int_equal(inv.nassets, 0);
	assert_null(inv.assets);
	assert_null(inv.arena.head);
	free(got);
	sb_release(&want);
	free(p);
}

static void text_fails(const char *text, const char *expected)
{
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	if (inventory_load_text(&inv, "inline.cfg", text, strlen(text), &d) == 0) {
		inventory_free(&inv);
		fail_msg("accepted: %s", text);
	}
	char *got = diag_text(&d);
	assert_string_equal(got, expected);
	free(got);
}

static const struct jfield *jfield(const struct justification *j, const char *name)
{
	for (size_t i = 0; i < j->nfields; i++)
		if (strcmp(j->fields[i].name, name) == 0)
			return &j->fields[i];
	return NULL;
}

static void date_is(cg_date d, const char *want)
{
	char out[11];
	assert_int_not_equal(d, CG_DATE_NONE);
	date_format(d, out);
	assert_string_equal(out, want);
}

/* ---- the good inventory ------------------------------------------------------ */

static void check_good(const struct inventory *inv, const char *path)
{
	assert_string_equal(inv->path, path);
	assert_string_equal(inv->organization, "Example Cloud Co.");
	assert_string_equal(inv->jurisdiction, "CN");
	date_is(inv->as_of, "2025-08-12");
	assert_int_equal(inv->npolicies, 2);
	assert_string_equal(inv->policies[0], "cn-cac-2025");
	assert_string_equal(inv->policies[1], "us-ear-2025");
	assert_int_equal(inv->nassets, 5);

	const struct asset *a = &inv->assets[0];
	assert_string_equal(a->id, "bj1-r12");
	assert_string_equal(a->model, "NVIDIA H20");
	assert_int_equal(a->quantity, 512);
	assert_string_equal(a->site, "Beijing-DC1");
	assert_int_equal(a->purpose, PURPOSE_GOVERNMENT);
	assert_int_equal(a->status, STATUS_DEPLOYED);
	assert_string_equal(a->order, "PO-2025-0142");
	assert_string_equal(a->destination, "CN");
	assert_string_equal(a->owner, "ai-platform");
	assert_int_equal(a->ntags, 2);
	assert_string_equal(a->tags[0], "training");
	assert_string_equal(a->tags[1], "gov");
	assert_int_equal(a->nattrs, 5);
	assert_string_equal(attr(a, "rack"), "R12");
	assert_string_equal(attr(a, "slots"), "8");
	assert_string_equal(attr(a, "power_kw"), "10.5");
	assert_string_equal(attr(a, "liquid"), "true");
	assert_string_equal(attr(a, "big"), "5000000000");
	assert_string_equal(a->attrs[0].name, "rack"); /* file order */
	assert_string_equal(a->file, path);
	assert_int_equal(a->line, 10);

	a = &inv->assets[1];
	assert_string_equal(a->id, "sh2-orders-7");
	assert_int_equal(a->quantity, 1000000000); /* the largest allowed */
	assert_int_equal(a->purpose, PURPOSE_CRITICAL);
	assert_int_equal(a->status, STATUS_ORDERED);
	assert_int_equal(a->ntags, 1); /* a single string is a list of one */
	assert_string_equal(a->tags[0], "single-tag");
	assert_null(a->site);
	assert_null(a->order);
	assert_null(a->destination);
	assert_int_equal(a->nattrs, 0);
	assert_int_equal(a->line, 14);

	a = &inv->assets[2]; /* only the required fields */
	assert_string_equal(a->id, "minimal");
	assert_int_equal(a->quantity, 1);
	assert_int_equal(a->purpose, PURPOSE_UNSET);
	assert_int_equal(a->status, STATUS_UNSET);
	assert_null(a->site);
	assert_null(a->owner);
	assert_null(a->tags);
	assert_int_equal(a->ntags, 0);
	assert_null(a->attrs);
	assert_int_equal(a->line, 16);

	assert_int_equal(inv->assets[3].purpose, PURPOSE_RESEARCH);
	assert_int_equal(inv->assets[3].status, STATUS_PLANNED);
	assert_int_equal(inv->assets[4].purpose, PURPOSE_OTHER);
	assert_int_equal(inv->assets[4].status, STATUS_DECOMMISSIONED);
	assert_string_equal(inv->assets[4].owner, "legacy");
	assert_int_equal(inv->assets[4].line, 18);

	assert_ptr_equal(inventory_find(inv, "research-1"), &inv->assets[3]);
	assert_null(inventory_find(inv, "Research-1"));
	assert_null(inventory_find(inv, "nope"));

	assert_int_equal(inv->njusts, 1);
	const struct justification *j = &inv->justs[0];
	assert_string_equal(j->asset, "sh2-orders-7");
	assert_string_equal(j->rule, "CN-JUST-001");
	assert_string_equal(j->reason, "CUDA-only training stack");
	assert_int_equal(j->nalternatives, 2);
	assert_string_equal(j->alternatives[0], "huawei-ascend-910b");
	assert_string_equal(j->alternatives[1], "cambricon-mlu590");
	assert_float_equal(j->need_tflops_fp16, 300.0, 0);
	assert_float_equal(j->need_tpp, 4800, 0);
	assert_float_equal(j->need_memory_gb, 96, 0);
	assert_string_equal(j->requested_by, "li.wei");
	assert_string_equal(j->approver, "zhang.min");
	date_is(j->approved_on, "2025-07-20");
	date_is(j->expires, "2026-07-20");
	assert_null(j->approval);
	assert_string_equal(j->file, path);
	assert_int_equal(j->line, 22);
	/* every member is kept by name, typed */
	assert_int_equal(j->nfields, 11);
	const struct jfield *f = jfield(j, "ticket");
	assert_non_null(f);
	assert_int_equal(f->type, JF_STRING);
	assert_string_equal(f->str, "CHG-1234");
	assert_int_equal(f->line, 28);
	f = jfield(j, "budget");
	assert_int_equal(f->type, JF_NUMBER);
	assert_float_equal(f->num, 1.5e6, 0);
	f = jfield(j, "alternatives");
	assert_int_equal(f->type, JF_LIST);
	assert_int_equal(f->nlist, 2);
	assert_int_equal(jfield(j, "need")->type, JF_GROUP);
	assert_int_equal(jfield(j, "approved_on")->type, JF_STRING);
	assert_string_equal(j->fields[0].name, "asset");

	assert_int_equal(inv->nwaivers, 2);
	const struct waiver *w = &inv->waivers[0];
	assert_string_equal(w->rule, "CN-GOV-001");
	assert_string_equal(w->asset, "bj1-r12");
	assert_string_equal(w->reason, "migration planned");
	assert_string_equal(w->approver, "wang.fang");
	date_is(w->expires, "2026-03-31");
	assert_int_equal(w->line, 31);
	assert_string_equal(w->file, path);
	assert_null(inv->waivers[1].asset); /* every asset */
	date_is(inv->waivers[1].expires, "2025-12-31");
}

static void test_good_file(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "good.cfg");
	char *p = fix_path("good.cfg");
	check_good(&inv, p);
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &text, &len, &d), 0);
	char want[SHA256_HEX_LEN + 1];
	sha256_hex(text, len, want);
	assert_string_equal(inv.sha256, want);
	inventory_free(&inv);
	assert_int_equal(inv.nassets, 0);
	assert_null(inv.assets);
	inventory_free(&inv); /* twice is harmless */

	/* the same bytes from a string give the same inventory */
	assert_int_equal(inventory_load_text(&inv, "good-text.cfg", text, len, &d), 0);
	check_good(&inv, "good-text.cfg");
	assert_string_equal(inv.sha256, want);
	inventory_free(&inv);
	free(text);
	free(p);
}

static void test_minimal_and_empty(void **state)
{
	(void)state;
	struct inventory inv;
	struct diag d;
	static const char empty[] = "assets = ();\n";
	assert_int_equal(inventory_load_text(&inv, "e.cfg", empty, sizeof(empty) - 1, &d), 0);
	assert_int_equal(inv.nassets, 0);
	assert_null(inv.organization);
	assert_null(inv.jurisdiction);
	assert_int_equal(inv.as_of, CG_DATE_NONE);
	assert_int_equal(inv.npolicies, 0);
	assert_int_equal(inv.njusts, 0);
	assert_int_equal(inv.nwaivers, 0);
	inventory_free(&inv);
	static const char arr[] = "assets = [];\ninventory = { policies = \"cn-cac-2025\"; };\n";
	assert_int_equal(inventory_load_text(&inv, "e.cfg", arr, sizeof(arr) - 1, &d), 0);
	assert_int_equal(inv.npolicies, 1);
	inventory_free(&inv);
	/* a BOM is fine */
	static const char bom[] = "\xef\xbb\xbf"
	                          "assets = ( { id = \"x\"; model = \"H20\"; quantity = 1; } );\n";
	assert_int_equal(inventory_load_text(&inv, "bom.cfg", bom, sizeof(bom) - 1, &d), 0);
	assert_int_equal(inv.nassets, 1);
	inventory_free(&inv);
	/* many assets: the duplicate check's hash table grows */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "assets = (\n");
	for (int i = 0; i < 3000; i++)
		sb_printf(&sb, "%s{ id = \"a-%d\"; model = \"H20\"; quantity = %d; }\n",
		          i ? "," : "", i, i + 1);
	sb_puts(&sb, ");\n");
	assert_int_equal(inventory_load_text(&inv, "many.cfg", sb.buf, sb.len, &d), 0);
	assert_int_equal(inv.nassets, 3000);
	assert_int_equal(inventory_find(&inv, "a-2999")->quantity, 3000);
	assert_int_equal(inventory_find(&inv, "a-17")->line, 19);
	inventory_free(&inv);
	/* ... and still finds the duplicate at the very end */
	sb.len -= 3; /* ");\n" */
	sb_puts(&sb, ",{ id = \"a-5\"; model = \"H20\"; quantity = 1; }\n);\n");
	assert_int_equal(inventory_load_text(&inv, "many.cfg", sb.buf, sb.len, &d), -1);
	char *m = diag_text(&d);
	assert_string_equal(m, "many.cfg:3002: duplicate asset id 'a-5' (first defined at line 7)");
	free(m);
	sb_release(&sb);
}

/* ---- the bad ones -------------------------------------------------------------- */

static void test_bad_structure(void **state)
{
	(void)state;
	load_fails("missing-assets.cfg", ": missing required setting 'assets'");
	load_fails("assets-not-list.cfg", ":1:1: 'assets' must be a list, not a group");
	load_fails("asset-not-group.cfg", ":4: each asset must be a group { ... }, not a string");
	load_fails("header-not-group.cfg", ":1:1: 'inventory' must be a group, not a string");
	load_fails("unknown-top.cfg", ":2:1: unknown setting 'asset' (did you mean 'assets'?)");
	load_fails("unknown-header.cfg",
	           ":3:3: unknown setting 'polices' (did you mean 'policies'?)");
	load_fails("truncated.cfg", ":5: syntax error");
	load_fails("duplicate-setting.cfg", ":3: duplicate setting name");
}

static void test_bad_required(void **state)
{
	(void)state;
	load_fails("missing-id.cfg", ":3: missing required setting 'id'");
	load_fails("missing-model.cfg", ":3: missing required setting 'model'");
	load_fails("missing-quantity.cfg", ":1: missing required setting 'quantity'");
	text_fails("assets = ( { id = \"\"; model = \"H20\"; quantity = 1; } );\n",
	           "inline.cfg:1:14: 'id' must not be empty");
	text_fails("assets = ( { id = \"x\"; model = \"\"; quantity = 1; } );\n",
	           "inline.cfg:1:24: 'model' must not be empty");
	text_fails("assets = ( { id = 7; model = \"H20\"; quantity = 1; } );\n",
	           "inline.cfg:1:14: 'id' must be a string, not an integer");
}

static void test_bad_quantity(void **state)
{
	(void)state;
	load_fails("quantity-zero.cfg",
	           ":2:31: 'quantity' must be between 1 and 1000000000, not 0");
	load_fails("quantity-negative.cfg",
	           ":3:7: 'quantity' must be between 1 and 1000000000, not -3");
	load_fails("quantity-too-big.cfg",
	           ":2:33: 'quantity' must be between 1 and 1000000000, not 1000000001");
	load_fails("quantity-string.cfg", ":2:33: 'quantity' must be a whole number, not a string");
	load_fails("quantity-float.cfg", ":2:33: 'quantity' must be a whole number, not a number");
	/* libconfig would wrap this to 1: the audit stops it */
	load_fails("quantity-overflow.cfg", ":2:45: number out of range '4294967297'");
	text_fails("assets = ( { id = \"x\"; model = \"H20\"; quantity = 4294967297L; } );\n",
	           "inline.cfg:1:39: 'quantity' must be between 1 and 1000000000, not 4294967297");
	text_fails("assets = ( { id = \"x\"; model = \"H20\"; quantity = true; } );\n",
	           "inline.cfg:1:39: 'quantity' must be a whole number, not a boolean");
}

static void test_bad_enums(void **state)
{
	(void)state;
	load_fails("invalid-purpose.cfg",
	           ":2:45: invalid purpose 'defence' (expected one of: commercial, government, "
	           "critical-infrastructure, research, other, military, public-institution)");
	load_fails("invalid-status.cfg",
	           ":3:5: invalid status 'Deployed' (expected one of: deployed, ordered, planned, "
	           "decommissioned)");
	load_fails(
	    "bad-destination.cfg",
	    ":2:45: 'destination' must be an ISO 3166-1 alpha-2 code such as 'CN', not 'China'");
	load_fails(
	    "bad-destination-lower.cfg",
	    ":2:45: 'destination' must be an ISO 3166-1 alpha-2 code such as 'CN', not 'cn'");
	load_fails(
	    "bad-jurisdiction.cfg",
	    ":2:3: 'jurisdiction' must be an ISO 3166-1 alpha-2 code such as 'CN', not 'PRC'");
	/* the offending value is quoted safely */
	text_fails(
	    "assets = ( { id = \"x\"; model = \"H20\"; quantity = 1; purpose = \"it's\\n\"; } );\n",
	    "inline.cfg:1:53: invalid purpose 'it\\'s\\x0a' (expected one of: commercial, "
	    "government, critical-infrastructure, research, other, military, public-institution)");
}

static void test_bad_ids_and_settings(void **state)
{
	(void)state;
	load_fails("duplicate-id.cfg",
	           ":5: duplicate asset id 'bj1-r12' (first defined at line 2)");
	load_fails("unknown-setting.cfg",
	           ":2:31: unknown setting 'quantiy' (did you mean 'quantity'?)");
	load_fails(
	    "bad-id.cfg",
	    ":2:5: invalid id ' padded' (no control characters, no surrounding spaces, at most "
	    "256 bytes)");
	text_fails("assets = ( { id = \"a\\tb\"; model = \"H20\"; quantity = 1; } );\n",
	           "inline.cfg:1:14: invalid id 'a\\x09b' (no control characters, no surrounding "
	           "spaces, at most 256 bytes)");
	load_fails("bad-tags.cfg", ":2:45: 'tags' must be a list of strings; item 2 is an integer");
	load_fails("attrs-nested.cfg",
	           ":4:15: attribute 'location' must be a string, number or boolean");
	load_fails("attrs-not-group.cfg", ":2:45: 'attrs' must be a group, not an array");
	text_fails(
	    "assets = ( { id = \"x\"; model = \"H20\"; quantity = 1; colour = \"red\"; } );\n",
	    "inline.cfg:1:53: unknown setting 'colour'");
}

static void test_bad_text(void **state)
{
	(void)state;
	load_fails("bad-as-of.cfg", ":3:3: 'as_of' is not a date (YYYY-MM-DD): '2025-02-30'");
	load_fails("invalid-utf8.cfg", ":1:37: invalid UTF-8 (byte 0xe9)");
	load_fails("nul-byte.cfg", ":2:28: NUL byte in input");
	load_fails("invalid-utf8-escape.cfg", ":2:45: 'site' is not valid UTF-8");
	text_fails("assets = ( { id = \"x\"; model = \"H\\x0020\"; quantity = 1; } );\n",
	           "inline.cfg:1:34: NUL escape in string '\\\\x00'");
	text_fails("@include \"/etc/passwd\"\nassets = ();\n",
	           "inline.cfg:1:1: directives are not supported '@include \"/etc/passwd\"'");
	char *p = fix_path("does-not-exist.cfg");
	struct inventory inv;
	struct diag d;
	assert_int_equal(inventory_load(&inv, p, &d), -1);
	char *m = diag_text(&d);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: cannot open: No such file or directory", p);
	assert_string_equal(m, sb_str(&want));
	assert_null(inv.arena.head);
	sb_release(&want);
	free(m);
	free(p);
}

static void test_bad_records(void **state)
{
	(void)state;
	load_fails("waiver-missing-expires.cfg", ":4: missing required setting 'expires'");
	load_fails("waiver-bad-date.cfg",
	           ":3:56: 'expires' is not a date (YYYY-MM-DD): '31/03/2026'");
	load_fails("waivers-not-list.cfg", ":2:1: 'waivers' must be a list, not a group");
	load_fails("justification-missing-asset.cfg", ":3: missing required setting 'asset'");
	load_fails("justification-bad-need.cfg",
	           ":4:14: unknown setting 'tflops_fp61' (did you mean 'tflops_fp16'?)");
	load_fails("justification-bad-alternatives.cfg",
	           ":3:41: 'alternatives' must be a list of strings; item 2 is an integer");
	load_fails("justification-bad-field.cfg",
	           ":4:5: justification field 'urgent' must be a string, list or number");
	load_fails("justification-bad-date.cfg",
	           ":3:41: 'approved_on' is not a date (YYYY-MM-DD): '2025-7-20'");
	load_fails("justification-not-group.cfg",
	           ":2: each justification must be a group { ... }, not a string");
	text_fails("assets = ();\nwaivers = ( { rule = \"R\"; reason = \"r\"; approver = \"a\"; "
	           "expires = \"2026-01-01\"; until = \"x\"; } );\n",
	           "inline.cfg:2:81: unknown setting 'until'");
	text_fails("assets = ();\njustifications = ( { asset = \"a\"; rule = \"R\"; need = { tpp = "
	           "-1; }; } );\n",
	           "inline.cfg:2:56: 'tpp' must be between 0 and 1e+12, not -1");
}

/* ---- field length limits ------------------------------------------------------- */

/* N copies of C, in a buffer the caller frees. */
static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* TEMPLATE with its one "@" replaced by N copies of 'v', loaded from a
 * string: NULL when it loads, else the diagnostic (the caller frees). */
static char *load_with(const char *template, size_t n)
{
	char *v = repeat('v', n);
	const char *at = strchr(template, '@');
	struct strbuf text = STRBUF_INIT;
	sb_add(&text, template, (size_t)(at - template));
	sb_puts(&text, v);
	sb_puts(&text, at + 1);
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	char *got = NULL;
	if (inventory_load_text(&inv, "inline.cfg", text.buf, text.len, &d) == 0)
		inventory_free(&inv);
	else
		got = diag_text(&d);
	sb_release(&text);
	free(v);
	return got;
}

/* A value of exactly LIMIT bytes loads; one more byte is refused with
 * WANT (LIMIT + 1 is its length). */
static void at_limit(const char *template, size_t limit, const char *want)
{
	char *got = load_with(template, limit);
	if (got)
		fail_msg("%zu bytes refused: %s", limit, got);
	got = load_with(template, limit + 1);
	if (!got)
		fail_msg("%zu bytes accepted: %s", limit + 1, template);
	assert_string_equal(got, want);
	free(got);
}

#define ASSET "assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; "

static void test_field_limits(void **state)
{
	(void)state;
	assert_int_equal(field_limit("id"), 256);
	assert_int_equal(field_limit("model"), 256);
	assert_int_equal(field_limit("attrs"), 4096);
	assert_int_equal(field_limit("attrs.rack"), 4096);
	assert_int_equal(field_limit("reason"), 4096);
	assert_int_equal(field_limit("a-field-of-its-own"), 4096);
	at_limit("assets = ( { id = \"@\"; model = \"H20\"; quantity = 1; } );\n", 256,
		 "inline.cfg:1:14: field 'id' is 257 bytes; the limit is 256");
	at_limit("assets = ( { id = \"a\"; model = \"@\"; quantity = 1; } );\n", 256,
		 "inline.cfg:1:24: field 'model' is 257 bytes; the limit is 256");
	at_limit(ASSET "site = \"@\"; } );\n", 256,
		 "inline.cfg:1:53: field 'site' is 257 bytes; the limit is 256");
	at_limit(ASSET "order = \"@\"; } );\n", 256,
		 "inline.cfg:1:53: field 'order' is 257 bytes; the limit is 256");
	at_limit(ASSET "owner = \"@\"; } );\n", 256,
		 "inline.cfg:1:53: field 'owner' is 257 bytes; the limit is 256");
	at_limit(ASSET "tags = [\"ok\", \"@\"]; } );\n", 256,
		 "inline.cfg:1:53: field 'tags' is 257 bytes; the limit is 256");
	at_limit(ASSET "attrs = { rack = \"@\"; }; } );\n", 4096,
		 "inline.cfg:1:63: field 'attrs.rack' is 4097 bytes; the limit is 4096");
	at_limit(ASSET "attrs = { @ = 1; }; } );\n", 128,
		 "inline.cfg:1:63: attribute name is 129 bytes; the limit is 128");
	at_limit("inventory = { organization = \"@\"; };\nassets = ();\n", 256,
		 "inline.cfg:1:15: field 'organization' is 257 bytes; the limit is 256");
	at_limit("inventory = { policies = [\"@\"]; };\nassets = ();\n", 4096,
		 "inline.cfg:1:15: field 'policies' is 4097 bytes; the limit is 4096");
	/* justifications and waivers: named fields, and a record's own */
	static const char j[] = "assets = ();\njustifications = ( { asset = \"a\"; rule = \"R\"; ";
	struct strbuf t = STRBUF_INIT;
	sb_printf(&t, "%sreason = \"@\"; } );\n", j);
	at_limit(t.buf, 4096, "inline.cfg:2:47: field 'reason' is 4097 bytes; the limit is 4096");
	sb_reset(&t);
	sb_printf(&t, "%sapprover = \"@\"; } );\n", j);
	at_limit(t.buf, 256, "inline.cfg:2:47: field 'approver' is 257 bytes; the limit is 256");
	sb_reset(&t);
	sb_printf(&t, "%salternatives = [\"@\"]; } );\n", j);
	at_limit(t.buf, 256, "inline.cfg:2:47: field 'alternatives' is 257 bytes; the limit is 256");
	sb_reset(&t);
	sb_printf(&t, "%sticket = \"@\"; } );\n", j);
	at_limit(t.buf, 4096, "inline.cfg:2:47: field 'ticket' is 4097 bytes; the limit is 4096");
	sb_reset(&t);
	sb_printf(&t, "%s@ = 1; } );\n", j);
	at_limit(t.buf, 128, "inline.cfg:2:47: field name is 129 bytes; the limit is 128");
	at_limit("assets = ();\nwaivers = ( { rule = \"R\"; reason = \"@\"; approver = \"a\"; "
		 "expires = \"2026-01-01\"; } );\n",
		 4096, "inline.cfg:2:27: field 'reason' is 4097 bytes; the limit is 4096");
	sb_release(&t);
}

static void test_field_limits_companion(void **state)
{
	(void)state;
	/* a companion file (CSV inventories' justifications) has the same limits */
	char path[] = "/tmp/cg-test-companion-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char *v = repeat('v', 5000);
	FILE *fp = fdopen(fd, "w");
	fprintf(fp, "justifications = (\n  { asset = \"a\"; rule = \"R\";\n    reason = \"%s\"; }\n);\n",
		v);
	fclose(fp);
	struct inventory inv;
	struct diag d;
	inventory_init_empty(&inv, "fleet.csv");
	assert_int_equal(inventory_load_justifications(&inv, path, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s:3:5: field 'reason' is 5000 bytes; the limit is 4096", path);
	char *got = diag_text(&d);
	assert_string_equal(got, sb_str(&want));
	assert_int_equal(inv.njusts, 0);
	inventory_free(&inv);
	unlink(path);
	sb_release(&want);
	free(got);
	free(v);
}

/* ---- companion files ------------------------------------------------------------ */

static void test_companion(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "good.cfg");
	char *p = fix_path("companion.cfg");
	struct diag d;
	if (inventory_load_justifications(&inv, p, &d) != 0) {
		char *m = diag_text(&d);
		fail_msg("%s", m);
	}
	/* appended after the inventory's own records */
	assert_int_equal(inv.njusts, 2);
	assert_int_equal(inv.nwaivers, 3);
	assert_string_equal(inv.justs[0].asset, "sh2-orders-7");
	const struct justification *j = &inv.justs[1];
	assert_string_equal(j->asset, "minimal");
	assert_int_equal(j->nalternatives, 1);
	assert_string_equal(j->alternatives[0], "huawei-ascend-910c");
	assert_true(isnan(j->need_tflops_fp16));
	assert_int_equal(j->approved_on, CG_DATE_NONE);
	assert_int_equal(j->expires, CG_DATE_NONE);
	assert_null(j->requested_by);
	/* records name the file they came from; the inventory keeps its path */
	assert_string_equal(j->file, p);
	assert_int_equal(j->line, 4);
	assert_string_equal(inv.waivers[2].file, p);
	assert_int_equal(inv.waivers[2].line, 8);
	assert_string_equal(inv.waivers[2].rule, "US-EAR-001");
	char *good = fix_path("good.cfg");
	assert_string_equal(inv.path, good);
	assert_string_equal(inv.waivers[0].file, good);
	/* the companion's header sets as_of and leaves the rest alone */
	date_is(inv.as_of, "2025-09-01");
	assert_string_equal(inv.organization, "Example Cloud Co.");
	assert_string_equal(inv.jurisdiction, "CN");
	assert_int_equal(inv.npolicies, 2);
	assert_int_equal(inv.nassets, 5);
	inventory_free(&inv);

	/* into an inventory without a header (as a CSV reader leaves it) */
	static const char csvlike[] =
	    "assets = ( { id = \"minimal\"; model = \"H20\"; quantity = 1; } );\n";
	assert_int_equal(inventory_load_text(&inv, "fleet.csv", csvlike, sizeof(csvlike) - 1, &d),
	                 0);
	assert_int_equal(inventory_load_justifications(&inv, p, &d), 0);
	assert_int_equal(inv.njusts, 1);
	assert_int_equal(inv.nwaivers, 1);
	date_is(inv.as_of, "2025-09-01");
	assert_null(inv.jurisdiction);
	inventory_free(&inv);
	free(good);
	free(p);
}

static void companion_fails(const char *name, const char *tail)
{
	struct inventory inv;
	load_ok(&inv, "good.cfg");
	char *p = fix_path(name);
	struct diag d;
	assert_int_equal(inventory_load_justifications(&inv, p, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s%s", p, tail);
	char *got = diag_text(&d);
	assert_string_equal(got, sb_str(&want));
	/* the inventory is untouched and still usable */
	assert_int_equal(inv.njusts, 1);
	assert_int_equal(inv.nwaivers, 2);
	assert_int_equal(inv.nassets, 5);
	char *good = fix_path("good.cfg");
	assert_string_equal(inv.path, good);
	free(good);
	free(got);
	sb_release(&want);
	inventory_free(&inv);
	free(p);
}

static void test_companion_errors(void **state)
{
	(void)state;
	companion_fails("companion-bad.cfg", ":2:1: unknown setting 'assets'");
	companion_fails("companion-bad-waiver.cfg",
	                ":5:56: unknown setting 'expirse' (did you mean 'expires'?)");
	companion_fails("no-such-companion.cfg", ": cannot open: No such file or directory");
}

/* ---- small helpers ----------------------------------------------------------------- */

/* ---- sites, ordered_on, workload, the header's kind ------------------------ */

static void test_sites_and_new_fields(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "sites.cfg");
	assert_int_equal(inv.kind, ORG_STATE_OWNED);
	assert_string_equal(org_kind_name(inv.kind), "state-owned");
	assert_true(inv.has_sites);
	assert_int_equal(inv.nsites, 2);
	const struct site *e = inventory_site(&inv, "s-early"), *l = inventory_site(&inv, "s-late");
	assert_non_null(e);
	assert_non_null(l);
	assert_string_equal(e->country, "CN");
	assert_string_equal(e->province, "Gansu");
	assert_int_equal(e->funding, FUNDING_STATE);
	assert_true(e->completion == 0.25);
	assert_string_equal(e->owner_hq, "CN");
	assert_int_equal(e->public_hub, 1);
	assert_string_equal(e->programme, "east-data-west-compute");
	assert_int_equal(e->line, 5);
	/* what s-late does not give is not given, not a default */
	assert_null(l->province);
	assert_null(l->owner_hq);
	assert_int_equal(l->public_hub, -1);
	assert_int_equal(l->funding, FUNDING_PUBLIC);
	assert_null(inventory_site(&inv, "s-eraly"));
	assert_null(inventory_site(&inv, NULL));
	const struct asset *a = inventory_find(&inv, "h200-early"), *b = inventory_find(&inv, "b200-typo");
	cg_date d;
	assert_int_equal(date_parse("2026-01-14", &d), 0);
	assert_true(a->has_ordered_on);
	assert_int_equal(a->ordered_on, d);
	assert_int_equal(a->workload, WORKLOAD_INFERENCE);
	assert_false(b->has_ordered_on);
	assert_int_equal(b->workload, WORKLOAD_UNSET);
	inventory_free(&inv);
	/* the purposes military and public-institution */
	assert_int_equal(inventory_load_text(&inv, "p.cfg",
	                                     "assets = ( { id = \"m\"; model = \"H20\"; quantity = 1;"
	                                     " purpose = \"military\"; }, { id = \"p\"; model = \"H20\";"
	                                     " quantity = 1; purpose = \"public-institution\"; } );",
	                                     strlen("assets = ( { id = \"m\"; model = \"H20\"; quantity = 1;"
	                                            " purpose = \"military\"; }, { id = \"p\"; model = \"H20\";"
	                                            " quantity = 1; purpose = \"public-institution\"; } );"),
	                                     &(struct diag){0}),
	                 0);
	assert_int_equal(inv.assets[0].purpose, PURPOSE_MILITARY);
	assert_int_equal(inv.assets[1].purpose, PURPOSE_PUBLIC_INSTITUTION);
	inventory_free(&inv);
}

static void test_bad_sites_and_fields(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"sites = ( { id = \"s\"; completion = 1.5; } ); assets = ();",
		 "inline.cfg:1:23: 'completion' must be between 0 and 1, not 1.5"},
		{"sites = ( { id = \"s\"; completion = -0.1; } ); assets = ();",
		 "inline.cfg:1:23: 'completion' must be between 0 and 1, not -0.1"},
		{"sites = ( { id = \"s\"; completion = \"half\"; } ); assets = ();",
		 "inline.cfg:1:23: 'completion' must be a number, not a string"},
		{"sites = ( { id = \"s\"; funding = \"govt\"; } ); assets = ();",
		 "inline.cfg:1:23: invalid funding 'govt' (expected one of: state, public, private)"},
		{"sites = ( { id = \"s\"; country = \"China\"; } ); assets = ();",
		 "inline.cfg:1:23: 'country' must be an ISO 3166-1 alpha-2 code such as 'CN', not 'China'"},
		{"sites = ( { id = \"s\"; owner_hq = \"cn\"; } ); assets = ();",
		 "inline.cfg:1:23: 'owner_hq' must be an ISO 3166-1 alpha-2 code such as 'CN', not 'cn'"},
		{"sites = ( { id = \"s\"; public_hub = \"yes\"; } ); assets = ();",
		 "inline.cfg:1:23: 'public_hub' must be a boolean (true or false), not a string"},
		{"sites = ( { id = \"s\"; provnce = \"Gansu\"; } ); assets = ();",
		 "inline.cfg:1:23: unknown setting 'provnce' (did you mean 'province'?)"},
		{"sites = ( { country = \"CN\"; } ); assets = ();", "inline.cfg:1: missing required setting 'id'"},
		{"sites = ( { id = \"s\"; },\n { id = \"s\"; } ); assets = ();",
		 "inline.cfg:2: duplicate site id 's' (first defined at inline.cfg:1)"},
		{"sites = { id = \"s\"; }; assets = ();", "inline.cfg:1:1: 'sites' must be a list, not a group"},
		{"inventory = { kind = \"soe\"; }; assets = ();",
		 "inline.cfg:1:15: invalid kind 'soe' (expected one of: state-owned, private, government, "
		 "public-institution)"},
		{"assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; workload = \"serving\"; } );",
		 "inline.cfg:1:53: invalid workload 'serving' (expected one of: training, inference, mixed)"},
		{"assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; ordered_on = \"2026-02-30\"; } );",
		 "inline.cfg:1:53: 'ordered_on' is not a date (YYYY-MM-DD): '2026-02-30'"},
		{"assets = ( { id = \"a\"; model = \"H20\"; quantity = 1; orderd_on = \"2026-02-01\"; } );",
		 "inline.cfg:1:53: unknown setting 'orderd_on' (did you mean 'ordered_on'?)"},
		{"assets = (); waivers = ( { rule = \"R\"; asset = \"a\"; group = \"g\"; reason = \"r\";"
		 " approver = \"x\"; expires = \"2026-01-01\"; } );",
		 "inline.cfg:1:53: a waiver names an 'asset' or a 'group' (of an exposure rule, or a pack for "
		 "CG-STALE-PACK), not both"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		struct inventory inv;
		struct diag d;
		diag_clear(&d);
		if (inventory_load_text(&inv, "inline.cfg", cases[i].text, strlen(cases[i].text), &d) == 0) {
			inventory_free(&inv);
			fail_msg("case %zu accepted", i);
		}
		char *got = diag_text(&d);
		if (strcmp(got, cases[i].msg) != 0)
			fail_msg("case %zu:\n   got: %s\n  want: %s", i, got, cases[i].msg);
		free(got);
	}
}

/* Sites from CSV (--sites): the same values and checks. */
static void test_sites_csv(void **state)
{
	(void)state;
	struct inventory inv;
	struct diag d;
	inventory_init_empty(&inv, "fleet.csv");
	char *p = NULL;
	{
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "%s/sites/good.csv", FIXTURES);
		p = sb_detach(&sb);
	}
	if (inventory_load_sites_csv(&inv, p, &d) != 0)
		fail_msg("%s", d.msg);
	assert_int_equal(inv.nsites, 2);
	const struct site *e = inventory_site(&inv, "s-early"), *l = inventory_site(&inv, "s-late");
	assert_non_null(e);
	assert_int_equal(e->funding, FUNDING_STATE);
	assert_true(e->completion == 0.25);
	assert_int_equal(e->public_hub, 1);
	assert_int_equal(e->line, 2);
	assert_null(l->province); /* an empty cell is not given */
	assert_int_equal(l->public_hub, -1);
	assert_true(l->completion == 0.30);
	assert_int_equal(strlen(inv.sites_sha256), 64);
	inventory_free(&inv);
	free(p);
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{"id,completion\ns,NaN\n", "s.csv:2:2: invalid completion 'NaN' in column 'completion' (a number from 0 to 1)"},
		{"id,completion\ns,0x1\n", "s.csv:2:2: invalid completion '0x1' in column 'completion' (a number from 0 to 1)"},
		{"id,owner_hq\ns,USA\n",
		 "s.csv:2:2: invalid owner_hq 'USA' in column 'owner_hq' (expected an ISO 3166-1 alpha-2 code such as 'CN')"},
		{"id,country\n,CN\n", "s.csv:2:1: empty id in column 'id'"},
		{"id,id\ns,t\n", "s.csv:1:2: duplicate column 'id' (also column 1)"},
		{"id,colour\ns,red\n",
		 "s.csv:1:2: unknown column 'colour' (a sites file has id, country, province, funding, "
		 "completion, owner_hq, public_hub, programme)"},
		{"id,country\n\"s,CN\n", "s.csv:2:1: unterminated quoted field at the end of the file"},
		{"id,country\ns,C\"N\n", "s.csv:2:2: malformed quoting (error parsing data while strict checking enabled)"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		inventory_init_empty(&inv, "fleet.csv");
		diag_clear(&d);
		if (inventory_load_sites_csv_text(&inv, "s.csv", bad[i].text, strlen(bad[i].text), &d) == 0)
			fail_msg("case %zu accepted", i);
		char *got = diag_text(&d);
		if (strcmp(got, bad[i].msg) != 0)
			fail_msg("case %zu:\n   got: %s\n  want: %s", i, got, bad[i].msg);
		free(got);
		inventory_free(&inv);
	}
}

static void test_enums_and_codes(void **state)
{
	(void)state;
	static const char *const purposes[] = {"commercial", "government", "critical-infrastructure",
	                                       "research",   "other",      "military",
	                                       "public-institution"};
	assert_int_equal(CG_ARRAY_LEN(purposes), PURPOSE_COUNT);
	for (int i = 0; i < PURPOSE_COUNT; i++) {
		enum purpose p;
		assert_string_equal(purpose_name((enum purpose)i), purposes[i]);
		assert_int_equal(purpose_parse(purposes[i], &p), 0);
		assert_int_equal(p, i);
	}
	static const char *const statuses[] = {"deployed", "ordered", "planned", "decommissioned"};
	for (int i = 0; i < STATUS_COUNT; i++) {
		enum status s;
		assert_string_equal(status_name((enum status)i), statuses[i]);
		assert_int_equal(status_parse(statuses[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_null(purpose_name(PURPOSE_UNSET));
	assert_null(purpose_name(PURPOSE_COUNT));
	assert_null(status_name(STATUS_UNSET));
	enum purpose p;
	enum status s;
	assert_int_equal(purpose_parse("Government", &p), -1);
	assert_int_equal(purpose_parse("", &p), -1);
	assert_int_equal(status_parse("shipped", &s), -1);
	assert_true(country_code_valid("CN"));
	assert_true(country_code_valid("US"));
	assert_false(country_code_valid("cn"));
	assert_false(country_code_valid("C"));
	assert_false(country_code_valid("CHN"));
	assert_false(country_code_valid("C1"));
	assert_false(country_code_valid(""));
	assert_false(country_code_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_file),
	    cmocka_unit_test(test_minimal_and_empty),
	    cmocka_unit_test(test_bad_structure),
	    cmocka_unit_test(test_bad_required),
	    cmocka_unit_test(test_bad_quantity),
	    cmocka_unit_test(test_bad_enums),
	    cmocka_unit_test(test_bad_ids_and_settings),
	    cmocka_unit_test(test_bad_text),
	    cmocka_unit_test(test_bad_records),
	    cmocka_unit_test(test_field_limits),
	    cmocka_unit_test(test_field_limits_companion),
	    cmocka_unit_test(test_companion),
	    cmocka_unit_test(test_companion_errors),
	    cmocka_unit_test(test_enums_and_codes),
	    cmocka_unit_test(test_sites_and_new_fields),
	    cmocka_unit_test(test_bad_sites_and_fields),
	    cmocka_unit_test(test_sites_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
