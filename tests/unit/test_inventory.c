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

/* ---- helpers ------------------------------------------------------------- */

static char *fix_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s/%s", FIX, name);
	return sb_detach(&sb);
}

static char *diag_text(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(d, &sb);
	return sb_detach(&sb);
}

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

static const char *attr(const struct asset *a, const char *name)
{
	for (size_t i = 0; i < a->nattrs; i++)
		if (strcmp(a->attrs[i].name, name) == 0)
			return a->attrs[i].value;
	return NULL;
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
	           ":2:45: invalid purpose 'military' (expected one of: commercial, government, "
	           "critical-infrastructure, research, other)");
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
	    "government, critical-infrastructure, research, other)");
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

static void test_enums_and_codes(void **state)
{
	(void)state;
	static const char *const purposes[] = {"commercial", "government",
	                                       "critical-infrastructure", "research", "other"};
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
