/* Unit tests of the policy expression language (src/policy/expr*.c): the
 * grammar and its precedence, every operator and function, null semantics,
 * dates, every compile-time error with its exact message and offset, the
 * depth cap against hostile input, tracing, and no allocation per
 * evaluation. A tiny resolver below stands in for the engine's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy/expr.h"
#include "policy/expr_int.h"

/* ---- a resolver with a few symbols of every type ------------------------ */

enum {
	S_SITE,
	S_QTY,
	S_PURPOSE,
	S_STATUS,
	S_TPP,
	S_FOREIGN,
	S_VENDOR,
	S_ASOF,
	S_APPROVED,
	S_TAGS,
	S_RACK,
	S_A,
	S_B,
	S_C,
	S_X,
	S_Y,
	S_NSLOTS
};

static const struct value gov_items[] = {
    {.t = VT_STR, .u.s = {"government", 10}},
    {.t = VT_STR, .u.s = {"critical-infrastructure", 23}},
};
static const struct value size_items[] = {
    {.t = VT_NUM, .u.n = 8},
    {.t = VT_NUM, .u.n = 16},
};
static const struct value watch_items[] = {
    {.t = VT_STR, .u.s = {"nvidia-h20", 10}},
};

struct symdef {
	const char *name;
	enum vtype type, item_type;
	int slot; /* -1: constant */
	struct value constant;
};

static const struct symdef symdefs[] = {
    {"asset.site", VT_STR, VT_NULL, S_SITE, {0}},
    {"asset.quantity", VT_NUM, VT_NULL, S_QTY, {0}},
    {"asset.purpose", VT_STR, VT_NULL, S_PURPOSE, {0}},
    {"asset.status", VT_STR, VT_NULL, S_STATUS, {0}},
    {"chip.tpp", VT_NUM, VT_NULL, S_TPP, {0}},
    {"chip.foreign", VT_BOOL, VT_NULL, S_FOREIGN, {0}},
    {"chip.vendor", VT_STR, VT_NULL, S_VENDOR, {0}},
    {"as_of", VT_DATE, VT_NULL, S_ASOF, {0}},
    {"asset.approved_on", VT_DATE, VT_NULL, S_APPROVED, {0}},
    {"asset.tags", VT_LIST, VT_STR, S_TAGS, {0}},
    {"asset.attrs.rack-id", VT_STR, VT_NULL, S_RACK, {0}},
    {"a", VT_BOOL, VT_NULL, S_A, {0}},
    {"b", VT_BOOL, VT_NULL, S_B, {0}},
    {"c", VT_BOOL, VT_NULL, S_C, {0}},
    {"x", VT_NUM, VT_NULL, S_X, {0}},
    {"y", VT_NUM, VT_NULL, S_Y, {0}},
    {"lists.gov_purposes", VT_LIST, VT_STR, -1, {.t = VT_LIST, .u.l = {gov_items, 2}}},
    {"lists.sizes", VT_LIST, VT_NUM, -1, {.t = VT_LIST, .u.l = {size_items, 2}}},
    {"lists.cac-watch", VT_LIST, VT_STR, -1, {.t = VT_LIST, .u.l = {watch_items, 1}}},
    {"policy.id", VT_STR, VT_NULL, -1, {.t = VT_STR, .u.s = {"cn-cac-2025", 11}}},
    {"policy.missing", VT_STR, VT_NULL, -1, {.t = VT_NULL}},
};

static size_t test_edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static int resolve_calls;

static int test_resolve(void *ctx, const char *name, size_t len, struct expr_sym *out, char *hint,
                        size_t hint_size)
{
	(void)ctx;
	resolve_calls++;
	for (size_t i = 0; i < CG_ARRAY_LEN(symdefs); i++) {
		const struct symdef *d = &symdefs[i];
		if (strlen(d->name) != len || memcmp(d->name, name, len) != 0)
			continue;
		memset(out, 0, sizeof(*out));
		out->type = d->type;
		out->item_type = d->item_type;
		out->is_const = d->slot < 0;
		out->constant = d->constant;
		out->slot = d->slot;
		out->arg = (int)i;
		return 0;
	}
	for (size_t i = 0; i < CG_ARRAY_LEN(symdefs); i++)
		if (test_edit_distance(name, len, symdefs[i].name) <= 1) {
			snprintf(hint, hint_size, "did you mean '%s'?", symdefs[i].name);
			break;
		}
	return -1;
}

static const struct expr_symbols syms = {test_resolve, NULL};

/* ---- environment: the test sets slot values ------------------------------ */

struct env {
	struct value v[S_NSLOTS];
	int loads;
};

static struct env env;
static struct arena arena;

static void test_load(void *e, int slot, int arg, struct value *out)
{
	struct env *en = e;
	(void)arg;
	en->loads++;
	*out = en->v[slot];
}

static void set_str(int slot, const char *s)
{
	env.v[slot].t = VT_STR;
	env.v[slot].u.s.p = s;
	env.v[slot].u.s.len = strlen(s);
}

static void set_num(int slot, double n)
{
	env.v[slot].t = VT_NUM;
	env.v[slot].u.n = n;
}

static void set_bool(int slot, bool b)
{
	env.v[slot].t = VT_BOOL;
	env.v[slot].u.b = b;
}

static void set_date(int slot, const char *s)
{
	cg_date d;
	assert_int_equal(date_parse(s, &d), 0);
	env.v[slot].t = VT_DATE;
	env.v[slot].u.d = d;
}

static void set_null(int slot)
{
	memset(&env.v[slot], 0, sizeof(env.v[slot]));
	env.v[slot].t = VT_NULL;
}

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	memset(&env, 0, sizeof(env));
	set_str(S_SITE, "bj1");
	set_num(S_QTY, 4);
	set_str(S_PURPOSE, "government");
	set_str(S_STATUS, "ordered");
	set_num(S_TPP, 2368);
	set_bool(S_FOREIGN, true);
	set_str(S_VENDOR, "NVIDIA");
	set_date(S_ASOF, "2025-08-01");
	set_date(S_APPROVED, "2025-07-20");
	static const struct value tags[] = {
	    {.t = VT_STR, .u.s = {"gpu", 3}},
	    {.t = VT_STR, .u.s = {"prod", 4}},
	};
	env.v[S_TAGS].t = VT_LIST;
	env.v[S_TAGS].u.l.v = tags;
	env.v[S_TAGS].u.l.n = 2;
	set_str(S_RACK, "r12");
	set_bool(S_A, true);
	set_bool(S_B, false);
	set_null(S_C);
	set_num(S_X, 6);
	set_null(S_Y);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

/* ---- helpers -------------------------------------------------------------- */

static struct expr *compile_want(const char *src, enum vtype want)
{
	struct expr_error err;
	struct expr *e = expr_compile(&arena, src, strlen(src), want, &syms, &err);
	if (!e)
		fail_msg("compile '%s': %zu: %s", src, err.offset, err.msg);
	return e;
}

static struct expr *compile(const char *src)
{
	return compile_want(src, VT_NULL);
}

/* Evaluate SRC and format the result ("null" for null). */
static void check_fmt(const char *src, const char *want)
{
	struct value v;
	struct strbuf sb = STRBUF_INIT;
	expr_eval(compile(src), test_load, &env, &v);
	value_format(&v, &sb);
	if (strcmp(sb_str(&sb), want) != 0)
		fail_msg("'%s' gave '%s', want '%s'", src, sb_str(&sb), want);
	sb_release(&sb);
}

static enum vtype eval_type(const char *src)
{
	struct value v;
	expr_eval(compile(src), test_load, &env, &v);
	return v.t;
}

static void check_err_want(const char *src, enum vtype want, const char *msg, size_t off)
{
	struct expr_error err;
	struct expr *e = expr_compile(&arena, src, strlen(src), want, &syms, &err);
	if (e)
		fail_msg("'%s' compiled, want error '%s'", src, msg);
	if (strcmp(err.msg, msg) != 0 || err.offset != off)
		fail_msg("'%s': got %zu '%s', want %zu '%s'", src, err.offset, err.msg, off, msg);
}

static void check_err(const char *src, const char *msg, size_t off)
{
	check_err_want(src, VT_NULL, msg, off);
}

/* ---- precedence and operators ------------------------------------------- */

static void test_precedence(void **state)
{
	(void)state;
	check_fmt("1+2*3", "7");
	check_fmt("(1+2)*3", "9");
	check_fmt("-2*3", "-6");
	check_fmt("2*-3", "-6");
	check_fmt("- -2", "2");
	check_fmt("-(x)", "-6");
	check_fmt("10-4-3", "3");
	check_fmt("12/3/2", "2");
	check_fmt("1-2+3", "2");
	check_fmt("2+3*4-5", "9");
	check_fmt("x*2/4", "3");
	/* a = true, b = false */
	check_fmt("!a && b", "false");
	check_fmt("!(a && b)", "true");
	check_fmt("!b && a", "true");
	check_fmt("a || b && b", "true"); /* a || (b && b) */
	check_fmt("(a || b) && b", "false");
	check_fmt("b && b || a", "true");
	check_fmt("1 + 2 == 3", "true");
	check_fmt("2 * 3 > 5 && !false", "true");
	check_fmt("(1 < 2) == true", "true");
	check_fmt("!1 < 2", "false"); /* !(1 < 2): ! binds looser than < */
	check_fmt("x - 1 >= 5 || b", "true");
}

static void test_arithmetic(void **state)
{
	(void)state;
	check_fmt("1.5 + 1", "2.5");
	check_fmt("1e3", "1000");
	check_fmt("2.5e-1", "0.25");
	check_fmt("7 / 2", "3.5");
	check_fmt("asset.quantity * chip.tpp", "9472");
	check_fmt("1 / 0", "null");
	check_fmt("x / (x - 6)", "null");
	check_fmt("0 / 0", "null");
	check_fmt("1e308 * 10", "null"); /* overflow is null, not inf */
	check_fmt("-x", "-6");
	check_fmt("0.1 + 0.2", "0.3");
	check_fmt("1e15", "1e+15");
	check_fmt("123456789012345", "123456789012345");
}

static void test_comparisons(void **state)
{
	(void)state;
	check_fmt("1 < 2", "true");
	check_fmt("2 <= 2", "true");
	check_fmt("2 > 2", "false");
	check_fmt("2 >= 2", "true");
	check_fmt("2 == 2.0", "true");
	check_fmt("2 != 2", "false");
	check_fmt("'abc' < 'abd'", "true");
	check_fmt("'ab' < 'abc'", "true");
	check_fmt("'B' < 'a'", "true"); /* bytewise */
	check_fmt("'abc' == \"abc\"", "true");
	check_fmt("'abc' >= 'abc'", "true");
	check_fmt("true == true", "true");
	check_fmt("true != false", "true");
	check_fmt("as_of > date('2025-07-31')", "true");
	check_fmt("asset.approved_on <= as_of", "true");
	check_fmt("as_of == date('2025-08-01')", "true");
	check_fmt("[1, 2] == [1, 2]", "true");
	check_fmt("[1, 2] == [2, 1]", "false");
	check_fmt("['a'] != ['a', 'b']", "true");
	check_fmt("asset.tags == ['gpu', 'prod']", "true");
}

/* ---- null semantics ---------------------------------------------------- */

static const char *tri_name(int v)
{
	return v == 0 ? "false" : v == 1 ? "true" : "null";
}

static void set_tri(int slot, int v)
{
	if (v == 2)
		set_null(slot);
	else
		set_bool(slot, v == 1);
}

/* Kleene logic, with 0 false, 1 true, 2 null. */
static void test_kleene_truth_table(void **state)
{
	(void)state;
	static const int and_t[3][3] = {{0, 0, 0}, {0, 1, 2}, {0, 2, 2}};
	static const int or_t[3][3] = {{0, 1, 2}, {1, 1, 1}, {2, 1, 2}};
	static const int not_t[3] = {1, 0, 2};
	struct expr *and_e = compile("a && b"), *or_e = compile("a || b"), *not_e = compile("!a");
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 3; j++) {
			struct value v;
			set_tri(S_A, i);
			set_tri(S_B, j);
			expr_eval(and_e, test_load, &env, &v);
			sb_reset(&sb);
			value_format(&v, &sb);
			assert_string_equal(sb_str(&sb), tri_name(and_t[i][j]));
			expr_eval(or_e, test_load, &env, &v);
			sb_reset(&sb);
			value_format(&v, &sb);
			assert_string_equal(sb_str(&sb), tri_name(or_t[i][j]));
		}
		struct value v;
		expr_eval(not_e, test_load, &env, &v);
		sb_reset(&sb);
		value_format(&v, &sb);
		assert_string_equal(sb_str(&sb), tri_name(not_t[i]));
	}
	sb_release(&sb);
	/* chains: a later false still wins over an earlier null */
	set_null(S_A);
	set_bool(S_B, false);
	check_fmt("a && a && b", "false");
	check_fmt("a || a || !b", "true");
	check_fmt("a && a && !b", "null");
	check_fmt("c && false", "false");
	check_fmt("c || true", "true");
	check_fmt("!c", "null");
}

static void test_short_circuit(void **state)
{
	(void)state;
	set_bool(S_B, false);
	struct expr *e = compile("b && chip.foreign && a");
	struct value v;
	env.loads = 0;
	expr_eval(e, test_load, &env, &v);
	assert_int_equal(v.t, VT_BOOL);
	assert_false(v.u.b);
	assert_int_equal(env.loads, 1);
}

static void test_null_semantics(void **state)
{
	(void)state;
	/* y is a null number; c a null bool; site made null below */
	check_fmt("y + 1", "null");
	check_fmt("1 - y", "null");
	check_fmt("y * 2", "null");
	check_fmt("y / 2", "null");
	check_fmt("x + y + 1", "null");
	check_fmt("-y", "null");
	/* an ordering comparison with a null operand is unknown, and so is
	 * its negation (Kleene): a missing fact decides nothing */
	check_fmt("y < 1", "null");
	check_fmt("y <= 1", "null");
	check_fmt("y > 1", "null");
	check_fmt("y >= 1", "null");
	check_fmt("1 < y", "null");
	check_fmt("!(y < 1)", "null");
	check_fmt("!(y <= 1)", "null");
	check_fmt("!(y > 1)", "null");
	check_fmt("!(y >= 1)", "null");
	check_fmt("y < 1 && false", "false");
	check_fmt("y < 1 || true", "true");
	check_fmt("y < 1 && true", "null");
	check_fmt("y < 1 || false", "null");
	/* == and != too, unless one side is the literal null: the test for
	 * absence, decided either way */
	check_fmt("y == 1", "null");
	check_fmt("y != 1", "null");
	check_fmt("1 == y", "null");
	check_fmt("!(y == 1)", "null");
	check_fmt("!(y != 1)", "null");
	check_fmt("y == 2 || x == 6", "true");
	check_fmt("y == 1 && x == 2", "false");
	check_fmt("y == null", "true");
	check_fmt("null == y", "true");
	check_fmt("y != null", "false");
	check_fmt("x == null", "false");
	check_fmt("x != null", "true");
	check_fmt("null == null", "true");
	check_fmt("null != null", "false");
	check_fmt("y == y", "null"); /* two unknowns: not known to be equal */
	check_fmt("y != y", "null");
	check_fmt("!(y == null)", "false");
	check_fmt("c == null", "true");
	check_fmt("policy.missing == null", "true");
	check_fmt("y in lists.sizes", "null");
	check_fmt("!(y in lists.sizes)", "null");
	check_fmt("has(y) && y in lists.sizes", "false");
	check_fmt("!has(y) || !(y in lists.sizes)", "true");
	check_fmt("abs(y)", "null");
	check_fmt("min(1, y)", "null");
	check_fmt("max(y, 1, 2)", "null");
	check_fmt("has(y)", "false");
	check_fmt("has(x)", "true");
	check_fmt("has(policy.missing)", "false");
	check_fmt("has(policy.id)", "true");
	set_null(S_SITE);
	set_null(S_TAGS);
	set_null(S_ASOF);
	check_fmt("asset.site in lists.gov_purposes", "null");
	check_fmt("!(asset.site in lists.gov_purposes)", "null");
	check_fmt("'gpu' in asset.tags", "null");
	check_fmt("!('gpu' in asset.tags)", "null");
	check_fmt("asset.site matches '*'", "null");
	check_fmt("!(asset.site matches '*')", "null");
	check_fmt("'bj1' matches asset.site", "null");
	check_fmt("!('bj1' matches asset.site)", "null");
	check_fmt("asset.site < 'z'", "null");
	check_fmt("!(asset.site < 'z')", "null");
	check_fmt("asset.site == 'bj1'", "null");
	check_fmt("!(asset.site == 'bj1')", "null");
	check_fmt("asset.site != 'bj1'", "null");
	check_fmt("!(asset.site != 'bj1')", "null");
	check_fmt("asset.site == null", "true");
	check_fmt("asset.site != null", "false");
	check_fmt("lower(asset.site)", "null");
	check_fmt("upper(asset.site)", "null");
	check_fmt("starts_with(asset.site, 'b')", "null");
	check_fmt("ends_with('abc', asset.site)", "null");
	check_fmt("contains(asset.site, 'b')", "null");
	check_fmt("contains(asset.tags, 'gpu')", "null");
	check_fmt("contains(lists.gov_purposes, asset.site)", "null");
	check_fmt("date(asset.site)", "null");
	check_fmt("days_between(as_of, date('2025-01-01'))", "null");
	check_fmt("as_of < date('2030-01-01')", "null");
	check_fmt("!(as_of < date('2030-01-01'))", "null");
	check_fmt("min(as_of, date('2025-01-01'))", "null");
	check_fmt("has(asset.site)", "false");
	check_fmt("[asset.site, 'x']", "[null, x]");
	check_fmt("'x' in [asset.site, 'x']", "true");
	/* not found, but the null item could be it */
	check_fmt("'y' in [asset.site, 'x']", "null");
	check_fmt("!('y' in [asset.site, 'x'])", "null");
	check_fmt("contains([asset.site, 'x'], 'x')", "true");
	check_fmt("contains([asset.site, 'x'], 'y')", "null");
	check_fmt("'y' in ['z', 'x']", "false");
	/* a null `when` stays null: the engine decides what that means */
	check_fmt("asset.site == 'bj1' || c", "null");
	/* the literal null is Kleene's unknown in logic: a fact the pack
	 * knows it does not know */
	set_bool(S_A, true);
	check_fmt("a && null", "null");
	check_fmt("!a && null", "false");
	check_fmt("a || null", "true");
	check_fmt("!a || null", "null");
	check_fmt("!null", "null");
	check_fmt("!(a && null)", "null");
}

/* ---- lists, in, matches, glob ------------------------------------------ */

static void test_lists(void **state)
{
	(void)state;
	check_fmt("['a', 'b']", "[a, b]");
	check_fmt("[1, 2.5, -3]", "[1, 2.5, -3]");
	check_fmt("[]", "[]");
	check_fmt("'a' in []", "false");
	check_fmt("1 in []", "false");
	check_fmt("asset.status in ['ordered', 'planned']", "true");
	check_fmt("asset.status in ['planned']", "false");
	check_fmt("asset.purpose in lists.gov_purposes", "true");
	check_fmt("16 in lists.sizes", "true");
	check_fmt("15 in lists.sizes", "false");
	check_fmt("'nvidia-h20' in lists.cac-watch", "true");
	check_fmt("'gpu' in asset.tags", "true");
	check_fmt("'GPU' in asset.tags", "false");
	/* non-constant items, evaluated into the node's own buffer */
	check_fmt("[asset.site, lower(chip.vendor), 'x']", "[bj1, nvidia, x]");
	check_fmt("x in [1, x + 1, 2]", "false");
	check_fmt("x in [1, x, 2]", "true");
	check_fmt("'bj1' in [asset.site]", "true");
	check_fmt("[x, x * 2] == [6, 12]", "true");
	check_fmt("contains(asset.tags, 'prod')", "true");
	check_fmt("contains(lists.sizes, 8)", "true");
	check_fmt("contains([asset.site], 'bj1')", "true");
	check_fmt("contains([], 'a')", "false");
}

static void test_matches(void **state)
{
	(void)state;
	set_str(S_VENDOR, "NVIDIA H20 96GB");
	check_fmt("chip.vendor matches '*H20*'", "true");
	check_fmt("chip.vendor matches '*h20*'", "false");
	check_fmt("lower(chip.vendor) matches '*h20*'", "true");
	check_fmt("chip.vendor matches 'NVIDIA ?\?\?'", "false"); /* \? dodges trigraphs */
	check_fmt("chip.vendor matches 'NVIDIA H?0 [0-9][0-9]GB'", "true");
	check_fmt("asset.site matches asset.site", "true");
	check_fmt("'' matches ''", "true");
	check_fmt("'' matches '*'", "true");
	check_fmt("'a' matches ''", "false");
}

static void test_glob(void **state)
{
	(void)state;
#define G(p, s) expr_glob(p, strlen(p), s, strlen(s))
	assert_true(G("*", ""));
	assert_true(G("*", "anything"));
	assert_true(G("**", "x"));
	assert_true(G("", ""));
	assert_false(G("", "x"));
	assert_false(G("?", ""));
	assert_true(G("?", "x"));
	assert_false(G("?", "xy"));
	assert_true(G("a*b*c", "aXXbYYbZc"));
	assert_false(G("a*b*c", "aXXbYYbZ"));
	assert_true(G("*ab", "aab"));
	assert_true(G("a*", "a"));
	assert_false(G("a*", "ba"));
	assert_true(G("[abc]x", "bx"));
	assert_false(G("[abc]x", "dx"));
	assert_true(G("[a-c]", "b"));
	assert_false(G("[a-c]", "d"));
	assert_true(G("[!a-c]", "d"));
	assert_false(G("[!a-c]", "a"));
	assert_true(G("[^a]", "b"));
	assert_true(G("[]]", "]"));
	assert_true(G("[a-]", "-"));
	assert_true(G("[", "[")); /* unclosed class: a literal '[' */
	assert_false(G("[", "a"));
	assert_true(G("[*]", "*")); /* how to match a literal star */
	assert_false(G("[*]", "x"));
	assert_true(G("*[0-9]", "h20"));
	assert_false(G("abc", "ABC"));
	/* a pathological pattern stays linear-ish and terminates */
	char s[2001], p[64];
	memset(s, 'a', 2000);
	s[2000] = '\0';
	snprintf(p, sizeof(p), "*a*a*a*a*a*a*a*a*b");
	assert_false(G(p, s));
	/* not NUL-terminated: lengths are honoured */
	assert_true(expr_glob("a*zzz", 2, "abcdef", 3));
	assert_false(expr_glob("abc", 3, "abcdef", 2));
#undef G
}

/* ---- functions -------------------------------------------------------- */

static void test_functions(void **state)
{
	(void)state;
	check_fmt("lower('NVIDIA H20')", "nvidia h20");
	check_fmt("upper(asset.site)", "BJ1");
	check_fmt("upper('straße')", "STRAßE"); /* ASCII only: UTF-8 untouched */
	check_fmt("lower('')", "");
	check_fmt("lower(chip.vendor) == 'nvidia' && upper(chip.vendor) == 'NVIDIA'", "true");
	check_fmt("lower(upper('MiXeD'))", "mixed");
	check_fmt("starts_with(asset.site, 'bj')", "true");
	check_fmt("starts_with(asset.site, 'j1')", "false");
	check_fmt("starts_with(asset.site, '')", "true");
	check_fmt("starts_with('a', 'abc')", "false");
	check_fmt("ends_with(asset.site, 'j1')", "true");
	check_fmt("ends_with(asset.site, 'bj')", "false");
	check_fmt("ends_with('a', 'abc')", "false");
	check_fmt("contains(asset.site, 'j')", "true");
	check_fmt("contains(asset.site, 'x')", "false");
	check_fmt("contains(asset.site, '')", "true");
	check_fmt("contains('', '')", "true");
	check_fmt("contains('ab', 'abc')", "false");
	check_fmt("abs(-2.5)", "2.5");
	check_fmt("abs(x)", "6");
	check_fmt("min(3, 1, 2)", "1");
	check_fmt("max(3, 1, 2)", "3");
	check_fmt("min(x, 10)", "6");
	check_fmt("max(-1, -2)", "-1");
	check_fmt("min(as_of, date('2025-01-01'))", "2025-01-01");
	check_fmt("max(as_of, date('2025-01-01'), asset.approved_on)", "2025-08-01");
	check_fmt("has(asset.site) && has(asset.attrs.rack-id)", "true");
	check_fmt("policy.id", "cn-cac-2025");
}

/* ---- dates ------------------------------------------------------------ */

static void test_dates(void **state)
{
	(void)state;
	check_fmt("date('2024-02-29')", "2024-02-29");
	check_fmt("date('2025-02-28')", "2025-02-28");
	check_fmt("date(\"2000-02-29\")", "2000-02-29");
	check_fmt("days_between(date('2024-02-28'), date('2024-03-01'))", "2");
	check_fmt("days_between(date('2025-02-28'), date('2025-03-01'))", "1");
	check_fmt("days_between(as_of, asset.approved_on)", "-12");
	check_fmt("days_between(asset.approved_on, as_of) <= 365", "true");
	check_fmt("date('2025-07-31') < date('2025-08-01')", "true");
	check_fmt("as_of >= date('2025-07-31') && as_of < date('2025-08-02')", "true");
	check_fmt("as_of", "2025-08-01");
	/* invalid at compile time, both sides of each boundary */
	check_err("date('2025-02-29')", "invalid date '2025-02-29'", 5);
	check_err("date('2025-02-30')", "invalid date '2025-02-30'", 5);
	check_err("date('1900-02-29')", "invalid date '1900-02-29'", 5);
	check_err("date('2025-04-31')", "invalid date '2025-04-31'", 5);
	check_fmt("date('2025-04-30')", "2025-04-30");
	check_err("date('2025-13-01')", "invalid date '2025-13-01'", 5);
	check_fmt("date('2025-12-31')", "2025-12-31");
	check_err("date('2025-00-10')", "invalid date '2025-00-10'", 5);
	check_err("date('2025-1-01')", "invalid date '2025-1-01'", 5);
	check_err("date('2025-01-01x')", "invalid date '2025-01-01x'", 5);
	check_err("date('')", "invalid date ''", 5);
	check_err("as_of > date('2025-02-29')", "invalid date '2025-02-29'", 13);
	/* not a literal: a bad date is null at run time */
	set_str(S_SITE, "2025-02-30");
	check_fmt("date(asset.site)", "null");
	set_str(S_SITE, "2024-02-29");
	check_fmt("date(asset.site)", "2024-02-29");
	set_str(S_SITE, "2024-02-29 ");
	check_fmt("date(asset.site)", "null");
	check_fmt("date(lower('2024-02-29'))", "2024-02-29");
}

/* ---- literals and names ------------------------------------------------ */

static void test_strings_and_numbers(void **state)
{
	(void)state;
	check_fmt("'it\\'s'", "it's");
	check_fmt("\"say \\\"hi\\\"\"", "say \"hi\"");
	check_fmt("'a\"b'", "a\"b");
	check_fmt("\"a'b\"", "a'b");
	check_fmt("'back\\\\slash'", "back\\slash");
	check_fmt("'tab\\there'", "tab\there");
	check_fmt("'line\\nbreak'", "line\nbreak");
	check_fmt("'100%s %n'", "100%s %n"); /* never a format string */
	check_fmt("'NVIDIA' == chip.vendor", "true");
	check_fmt("007", "7");
	check_fmt("  1  ", "1");
	check_fmt("\t1\n+\r\n2", "3");
	check_fmt("true", "true");
	check_fmt("null", "null");
}

static void test_names(void **state)
{
	(void)state;
	/* dashes inside the names of lists.* and asset.attrs.* only */
	check_fmt("asset.attrs.rack-id == 'r12'", "true");
	check_fmt("'nvidia-h20' in lists.cac-watch", "true");
	check_fmt("x-1", "5");
	check_fmt("asset.quantity-1", "3");
	check_fmt("x -1", "5");
	check_err("asset.attrs.rack -id", "unknown name 'asset.attrs.rack'", 0);
	check_err("asset.attrs.rack-", "unexpected end of expression", 17);
	check_err("asset.", "incomplete name 'asset.'", 0);
	check_err("asset.1", "incomplete name 'asset.'", 0);
	check_err("asset.sit == 'x'", "unknown name 'asset.sit' (did you mean 'asset.site'?)", 0);
	check_err("x > 1 && zzzzzzzz", "unknown name 'zzzzzzzz'", 9);
	check_err("lists.gov-purposes",
	          "unknown name 'lists.gov-purposes' (did you mean 'lists.gov_purposes'?)", 0);
	check_err("inf", "unknown name 'inf'", 0);
	check_err("nan", "unknown name 'nan'", 0);
	check_err("true.x", "unknown name 'true.x'", 0);
	check_err("has", "unknown name 'has'", 0);
	/* a name is resolved once, at compile time */
	resolve_calls = 0;
	struct expr *e = compile("x + x");
	assert_int_equal(resolve_calls, 2);
	struct value v;
	for (int i = 0; i < 5; i++)
		expr_eval(e, test_load, &env, &v);
	assert_int_equal(resolve_calls, 2);
}

/* ---- compile errors ------------------------------------------------------ */

static void test_syntax_errors(void **state)
{
	(void)state;
	check_err("", "empty expression", 0);
	check_err("   ", "empty expression", 3);
	check_err("(1 x", "expected ')' near 'x'", 3);
	check_err("(1", "expected ')' at end of expression", 2);
	check_err("1 +", "unexpected end of expression", 3);
	check_err("1 + )", "unexpected ')'", 4);
	check_err("a &&", "unexpected end of expression", 4);
	check_err("x 1", "expected end of expression near '1'", 2);
	check_err("(1))", "expected end of expression near ')'", 3);
	check_err("'abc", "unterminated string", 0);
	check_err("x == \"abc", "unterminated string", 5);
	check_err("'abc\\'", "unterminated string", 0);
	check_err("'a\\qb'", "invalid escape '\\\\q'", 2);
	check_err("a & b", "unexpected character '&' (did you mean '&&'?)", 2);
	check_err("a | b", "unexpected character '|' (did you mean '||'?)", 2);
	check_err("x = 1", "unexpected character '=' (did you mean '=='?)", 2);
	check_err("x # 1", "unexpected character '#'", 2);
	check_err("x == 'a' \x01", "unexpected character '\\x01'", 9);
	check_err("é", "unexpected character 'é'", 0);
	check_err("0x10", "invalid number '0x10'", 0);
	check_err("1e999", "number out of range '1e999'", 0);
	check_err("1.", "invalid number '1.'", 0);
	check_err("1.2.3", "invalid number '1.2.3'", 0);
	check_err("1e", "invalid number '1e'", 0);
	check_err("1abc", "invalid number '1abc'", 0);
	check_err(".5", "unexpected character '.'", 0);
	check_err("1 < 2 < 3", "comparisons cannot be chained near '<'", 6);
	check_err("x in lists.sizes == true", "comparisons cannot be chained near '=='", 17);
	check_err("[1, 2", "expected ',' or ']' at end of expression", 5);
	check_err("[1, 2,]", "unexpected ']'", 6);
	check_err("[1 2]", "expected ',' or ']' near '2'", 3);
	check_err("min(1, 2", "expected ',' or ')' at end of expression", 8);
	check_err("lowr(asset.site)", "unknown function 'lowr'", 0);
	check_err("asset.lower(x)", "unknown function 'asset.lower'", 0);
	check_err("min(1)", "'min' takes at least 2 arguments", 0);
	check_err("max()", "'max' takes at least 2 arguments", 0);
	check_err("1 + abs(1, 2)", "'abs' takes 1 argument", 4);
	check_err("starts_with('a')", "'starts_with' takes 2 arguments", 0);
	check_err("has()", "'has' takes 1 argument", 0);
	check_err("date()", "'date' takes 1 argument", 0);
}

static void test_type_errors(void **state)
{
	(void)state;
	check_err("x && a", "operator '&&' needs bool operands, got number", 0);
	check_err("a && 'x'", "operator '&&' needs bool operands, got string", 5);
	check_err("a || b || x", "operator '||' needs bool operands, got number", 10);
	check_err("a && (1 == 1) && null + 1", "operator '+' needs number operands, got null", 17);
	check_err("!x", "operator '!' needs a bool operand, got number", 1);
	check_err("-a", "operator '-' needs a number operand, got bool", 1);
	check_err("1 + 'a'", "operator '+' needs number operands, got string", 4);
	check_err("'a' - 1", "operator '-' needs number operands, got string", 0);
	check_err("x * 2 / a", "operator '/' needs number operands, got bool", 8);
	check_err("as_of + 1", "operator '+' needs number operands, got date", 0);
	check_err("1 + null", "operator '+' needs number operands, got null", 4);
	check_err("1 < 'a'", "operator '<' needs operands of the same type, got number and string",
	          2);
	check_err("as_of >= 5",
	          "operator '>=' needs operands of the same type, got date and number", 6);
	check_err("a < b", "operator '<' needs number, string or date operands, got bool", 0);
	check_err("1 < null", "operator '<' needs number, string or date operands, got null", 4);
	check_err("asset.tags > 1", "operator '>' needs number, string or date operands, got list",
	          0);
	check_err("x == 'a'",
	          "operator '==' needs operands of the same type, got number and string", 2);
	check_err("a != 1", "operator '!=' needs operands of the same type, got bool and number",
	          2);
	check_err(
	    "[1] == ['a']",
	    "operator '==' needs operands of the same type, got list of number and list of string",
	    4);
	check_err("x in lists.gov_purposes",
	          "operator 'in' needs a string on the left for a list of string, got number", 0);
	check_err("asset.site in lists.sizes",
	          "operator 'in' needs a number on the left for a list of number, got string", 0);
	check_err("asset.site in 'abc'", "operator 'in' needs a list on the right, got string", 14);
	check_err("null in ['a']",
	          "operator 'in' needs a string on the left for a list of string, got null", 0);
	check_err("a in []", "operator 'in' needs a string or number on the left, got bool", 0);
	check_err("x matches '*'", "operator 'matches' needs string operands, got number", 0);
	check_err("'a' matches 1", "operator 'matches' needs string operands, got number", 12);
	check_err("[1, 'a']", "list items must all be number, got string", 4);
	check_err("[a]", "list items must be string or number, got bool", 1);
	check_err("[null]", "list items must be string or number, got null", 1);
	check_err("[[1]]", "list items must be string or number, got list", 1);
	check_err("lower(1)", "argument 1 of 'lower' must be string, got number", 6);
	check_err("upper(as_of)", "argument 1 of 'upper' must be string, got date", 6);
	check_err("starts_with(asset.site, 1)",
	          "argument 2 of 'starts_with' must be string, got number", 24);
	check_err("ends_with(x, 'a')", "argument 1 of 'ends_with' must be string, got number", 10);
	check_err("contains(x, 1)", "argument 1 of 'contains' must be string or list, got number",
	          9);
	check_err("contains('a', 1)", "argument 2 of 'contains' must be string, got number", 14);
	check_err("contains(lists.sizes, 'a')",
	          "argument 2 of 'contains' must be number, got string", 22);
	check_err("date(1)", "argument 1 of 'date' must be string, got number", 5);
	check_err("days_between(as_of, 'x')",
	          "argument 2 of 'days_between' must be date, got string", 20);
	check_err("min('a', 'b')", "argument 1 of 'min' must be number or date, got string", 4);
	check_err("max(1, as_of)", "argument 2 of 'max' must be number, got date", 7);
	check_err("abs(a)", "argument 1 of 'abs' must be number, got bool", 4);
	check_err("has('x')", "argument of 'has' must be a name", 4);
	check_err("has(lower(asset.site))", "argument of 'has' must be a name", 4);
	check_err("has(asset.sitex)", "unknown name 'asset.sitex' (did you mean 'asset.site'?)", 4);
	/* the required result type */
	check_err_want("x + 1", VT_BOOL, "expression must be bool, got number", 0);
	check_err_want("  asset.site", VT_NUM, "expression must be number, got string", 2);
	check_err_want("null", VT_BOOL, "expression must be bool, got null", 0);
	check_err_want("x > 1", VT_STR, "expression must be string, got bool", 0);
	assert_int_equal(expr_type(compile_want("x > 1", VT_BOOL)), VT_BOOL);
	assert_int_equal(expr_type(compile_want("asset.quantity * chip.tpp", VT_NUM)), VT_NUM);
	assert_int_equal(expr_type(compile_want("asset.site", VT_STR)), VT_STR);
	assert_int_equal(expr_type(compile("as_of")), VT_DATE);
	assert_int_equal(expr_type(compile("lists.sizes")), VT_LIST);
	assert_int_equal(expr_type(compile("null")), VT_NULL);
	assert_int_equal(eval_type("date('2025-01-01')"), VT_DATE);
}

/* ---- depth and length caps ---------------------------------------------- */

/* PREFIX repeated N times, then CORE, then SUFFIX repeated N times. */
static char *nested(const char *prefix, size_t n, const char *core, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sb_puts(&sb, prefix);
	sb_puts(&sb, core);
	for (size_t i = 0; i < n; i++)
		sb_puts(&sb, suffix);
	return sb_detach(&sb);
}

/* PREFIX opens LEVELS nesting levels: nesting up to EXPR_MAX_DEPTH works,
 * one more prefix fails at its first token. */
static void check_depth(const char *prefix, size_t levels, const char *core, const char *suffix,
                        const char *want)
{
	size_t n = EXPR_MAX_DEPTH / levels;
	char *ok = nested(prefix, n, core, suffix);
	char *bad = nested(prefix, n + 1, core, suffix);
	check_fmt(ok, want);
	check_err(bad, "expression nested too deeply (limit 64)", n * strlen(prefix));
	free(ok);
	free(bad);
}

static void test_depth_cap(void **state)
{
	(void)state;
	check_depth("(", 1, "1", ")", "1");
	check_depth("!", 1, "true", "", "true");
	check_depth("-", 1, "x", "", "6");
	check_depth("!(", 2, "false", ")", "false");
	check_depth("abs(", 1, "x", ")", "6");
	check_depth("lower(", 1, "'A'", ")", "a");
	check_depth("(1 + ", 1, "1", ")", "65");
	check_depth("min(1, ", 1, "2", ")", "1");
}

static void test_depth_lists(void **state)
{
	(void)state;
	/* lists nest only syntactically (items may not be lists), so the
	 * cap is hit before the type error */
	char *bad = nested("[", EXPR_MAX_DEPTH + 1, "1", "]");
	check_err(bad, "expression nested too deeply (limit 64)", EXPR_MAX_DEPTH);
	free(bad);
	char *ok = nested("[", EXPR_MAX_DEPTH, "1", "]");
	check_err(ok, "list items must be string or number, got list", EXPR_MAX_DEPTH - 1);
	free(ok);
}

static void check_hostile(char c, size_t n, const char *msg, size_t off)
{
	char *s = malloc(n + 1);
	struct expr_error err;
	memset(s, c, n);
	s[n] = '\0';
	assert_null(expr_compile(&arena, s, n, VT_NULL, &syms, &err));
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.offset, off);
	free(s);
}

static void test_hostile_input(void **state)
{
	(void)state;
	const char *deep = "expression nested too deeply (limit 64)";
	const char *toolong = "expression too long (limit 4096 bytes)";
	/* within the length limit: the depth cap stops them */
	check_hostile('(', 4000, deep, 64);
	check_hostile('!', 4000, deep, 64);
	check_hostile('-', 4000, deep, 64);
	check_hostile('[', 4000, deep, 64);
	/* 100000 deep: refused by length before any parsing */
	check_hostile('(', 100000, toolong, EXPR_MAX_LEN);
	check_hostile('!', 100000, toolong, EXPR_MAX_LEN);
	check_hostile('-', 100000, toolong, EXPR_MAX_LEN);
	/* a long flat chain is not nesting: it compiles and evaluates */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "1");
	while (sb.len + 2 <= EXPR_MAX_LEN)
		sb_puts(&sb, "+1");
	check_fmt(sb_str(&sb), "2048");
	sb_reset(&sb);
	sb_puts(&sb, "a");
	while (sb.len + 5 <= EXPR_MAX_LEN)
		sb_puts(&sb, "||!a ");
	check_fmt(sb_str(&sb), "true");
	sb_release(&sb);
	/* exactly the length limit is fine, one more byte is not */
	char *s = malloc(EXPR_MAX_LEN + 2);
	memset(s, ' ', EXPR_MAX_LEN + 1);
	s[0] = '1';
	s[EXPR_MAX_LEN + 1] = '\0';
	struct expr_error err;
	assert_non_null(expr_compile(&arena, s, EXPR_MAX_LEN, VT_NUM, &syms, &err));
	assert_null(expr_compile(&arena, s, EXPR_MAX_LEN + 1, VT_NUM, &syms, &err));
	assert_string_equal(err.msg, toolong);
	free(s);
	/* embedded NUL: length is honoured, the NUL is a bad character */
	assert_null(expr_compile(&arena, "1 +\0 2", 6, VT_NULL, &syms, &err));
	assert_string_equal(err.msg, "unexpected character '\\x00'");
	assert_int_equal(err.offset, 3);
	/* source not NUL-terminated: nothing past len is read */
	assert_non_null(expr_compile(&arena, "x + 1garbage", 5, VT_NUM, &syms, &err));
	/* no symbols at all: every name is unknown */
	assert_null(expr_compile(&arena, "x", 1, VT_NULL, NULL, &err));
	assert_string_equal(err.msg, "unknown name 'x'");
}

/* ---- trace --------------------------------------------------------------- */

struct trace_rec {
	char text[128];
	char value[128];
	bool has_sym;
	int slot;
};

struct trace_log {
	struct trace_rec r[32];
	int n;
};

static void record(void *ctx, const char *src, size_t len, const struct expr_sym *sym,
                   const struct value *v)
{
	struct trace_log *log = ctx;
	struct strbuf sb = STRBUF_INIT;
	assert_true(log->n < 32);
	struct trace_rec *r = &log->r[log->n++];
	snprintf(r->text, sizeof(r->text), "%.*s", (int)len, src);
	value_format(v, &sb);
	snprintf(r->value, sizeof(r->value), "%s", sb_str(&sb));
	sb_release(&sb);
	r->has_sym = sym != NULL;
	r->slot = sym ? sym->slot : -1;
}

static void test_trace(void **state)
{
	(void)state;
	struct trace_log log = {0};
	struct value v;
	struct expr *e = compile(
	    "asset.quantity * chip.tpp > 100 && (y == null || lower(asset.site) in ['bj1'])");
	expr_eval_trace(e, test_load, &env, &v, record, &log);
	assert_int_equal(v.t, VT_BOOL);
	assert_true(v.u.b);
	static const struct {
		const char *text, *value;
		int slot;
	} want[] = {
	    {"asset.quantity", "4", S_QTY},
	    {"chip.tpp", "2368", S_TPP},
	    {"asset.quantity * chip.tpp", "9472", -1},
	    {"asset.quantity * chip.tpp > 100", "true", -1},
	    {"y", "null", S_Y},
	    {"y == null", "true", -1},
	    /* || short-circuits: lower(...) is not evaluated */
	    {"y == null || lower(asset.site) in ['bj1']", "true", -1},
	    {"asset.quantity * chip.tpp > 100 && (y == null || lower(asset.site) in ['bj1'])",
	     "true", -1},
	};
	assert_int_equal(log.n, (int)CG_ARRAY_LEN(want));
	for (int i = 0; i < log.n; i++) {
		assert_string_equal(log.r[i].text, want[i].text);
		assert_string_equal(log.r[i].value, want[i].value);
		assert_int_equal(log.r[i].has_sym, want[i].slot >= 0);
		if (want[i].slot >= 0)
			assert_int_equal(log.r[i].slot, want[i].slot);
	}
	/* the same result as the untraced evaluation */
	struct value v2;
	expr_eval(e, test_load, &env, &v2);
	assert_int_equal(v2.t, v.t);
	assert_int_equal(v2.u.b, v.u.b);
}

/* Every traced sub-expression is a whole piece of the source: its brackets
 * balance, whatever the shape, and a chain or comparison that begins with
 * a bracketed operand begins at that bracket (explain printed
 * `a || b) && c` for `(a || b) && c`). */
static bool brackets_balance(const char *s)
{
	int depth = 0;
	for (; *s; s++) {
		depth += *s == '(' || *s == '[';
		depth -= *s == ')' || *s == ']';
		if (depth < 0)
			return false;
	}
	return depth == 0;
}

static void test_trace_brackets(void **state)
{
	(void)state;
	static const struct {
		const char *src;
		const char *whole; /* the last node traced: the outermost operator */
		const char *inner; /* another node that must be traced, or NULL */
	} cases[] = {
	    {"(asset.quantity > 1 || y == null) && chip.tpp > 100",
	     "(asset.quantity > 1 || y == null) && chip.tpp > 100",
	     "asset.quantity > 1 || y == null"},
	    {"y != null || (asset.quantity > 1 && chip.tpp > 100)",
	     "y != null || (asset.quantity > 1 && chip.tpp > 100)", "asset.quantity > 1 && chip.tpp > 100"},
	    {"chip.tpp > 100 && ((asset.quantity > 1 && y == null) || chip.tpp < 0)",
	     "chip.tpp > 100 && ((asset.quantity > 1 && y == null) || chip.tpp < 0)",
	     "(asset.quantity > 1 && y == null) || chip.tpp < 0"},
	    {"((asset.quantity)) * (chip.tpp + 1) > 100", "((asset.quantity)) * (chip.tpp + 1) > 100",
	     "((asset.quantity)) * (chip.tpp + 1)"},
	    {"(asset.quantity) > -(3) && !(y == null)", "(asset.quantity) > -(3) && !(y == null)",
	     "(asset.quantity) > -(3)"},
	    {"(((asset.quantity > 1)))", "asset.quantity > 1", NULL},
	    {"(y != null) || (chip.tpp < 0) || (asset.quantity in [1, (4)])",
	     "(y != null) || (chip.tpp < 0) || (asset.quantity in [1, (4)])", "asset.quantity in [1, (4)]"},
	};
	for (size_t c = 0; c < CG_ARRAY_LEN(cases); c++) {
		struct trace_log log = {0};
		struct value v;
		struct expr *e = compile(cases[c].src);
		expr_eval_trace(e, test_load, &env, &v, record, &log);
		assert_true(log.n > 0);
		bool inner = cases[c].inner == NULL;
		for (int i = 0; i < log.n; i++) {
			if (!brackets_balance(log.r[i].text))
				fail_msg("case %zu: unbalanced '%s'", c, log.r[i].text);
			inner = inner || strcmp(log.r[i].text, cases[c].inner) == 0;
		}
		assert_string_equal(log.r[log.n - 1].text, cases[c].whole);
		if (!inner)
			fail_msg("case %zu: '%s' not traced", c, cases[c].inner);
	}
}

static void test_trace_calls_and_constants(void **state)
{
	(void)state;
	struct trace_log log = {0};
	struct value v;
	struct expr *e =
	    compile("-x + abs(y) == 1 || date('2025-01-01') < as_of && 'a' in lists.gov_purposes");
	expr_eval_trace(e, test_load, &env, &v, record, &log);
	static const char *const texts[] = {
	    "x",
	    "-x",
	    "y",
	    "abs(y)",
	    "-x + abs(y)",
	    "-x + abs(y) == 1",
	    "as_of",
	    "date('2025-01-01') < as_of",
	    "lists.gov_purposes",
	    "'a' in lists.gov_purposes",
	    "date('2025-01-01') < as_of && 'a' in lists.gov_purposes",
	    "-x + abs(y) == 1 || date('2025-01-01') < as_of && 'a' in lists.gov_purposes",
	};
	assert_int_equal(log.n, (int)CG_ARRAY_LEN(texts));
	for (int i = 0; i < log.n; i++)
		assert_string_equal(log.r[i].text, texts[i]);
	assert_string_equal(log.r[3].value, "null"); /* abs(null) */
	assert_false(log.r[3].has_sym);
	assert_true(log.r[8].has_sym); /* a constant name */
	assert_string_equal(log.r[8].value, "[government, critical-infrastructure]");
	assert_string_equal(log.r[5].value, "null"); /* null == 1 */
	assert_string_equal(log.r[11].value, "null");
}

/* ---- why a condition is null -------------------------------------------- */

static void collect_null(void *ctx, const char *src, size_t len)
{
	struct strbuf *sb = ctx;
	if (sb->len)
		sb_putc(sb, ' ');
	if (src)
		sb_printf(sb, "%.*s", (int)len, src);
	else
		sb_puts(sb, "<null>");
}

static void check_blame(const char *src, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expr_null_sources(compile(src), test_load, &env, collect_null, &sb);
	if (strcmp(sb_str(&sb), want) != 0)
		fail_msg("null sources of '%s': '%s', want '%s'", src, sb_str(&sb), want);
	sb_release(&sb);
}

/* Only the nulls that leave a condition undecided are named: an operand
 * outvoted by a decided one (x == 6 || y < 1) is not a cause. */
static void test_null_sources(void **state)
{
	(void)state;
	set_null(S_SITE);
	check_blame("x == 6 || y < 1", "");         /* true: nothing to blame */
	check_blame("false && y < 1", "");          /* false */
	check_blame("y < 1 && b", "");              /* false decides */
	check_blame("x == 1 || y < 1", "y");        /* false || null */
	check_blame("y < 1 && x == 6", "y");
	check_blame("(c || y > 1) && a", "c y");
	check_blame("(a || y > 1) && c", "c");      /* a || ... is true */
	check_blame("!(y + x * 2 >= 3)", "y");
	check_blame("y < 1 && y > 0", "y y");       /* the caller names it once */
	check_blame("a && null", "<null>");         /* the literal: the pack's unknown */
	check_blame("y < 1 || null", "y <null>");
	check_blame("'q' in [asset.site, 'x']", "asset.site");
	check_blame("contains([asset.site, 'x'], 'q')", "asset.site");
	check_blame("'x' in [asset.site, 'x']", "");
	check_blame("abs(y) > 1 && !(days_between(as_of, asset.approved_on) > 1000)", "y");
	check_blame("x / 0 > 1", "");                /* null without a null operand */
	check_blame("asset.site == null", "");       /* decided */
	check_blame("asset.site == 'bj1'", "asset.site");
}

/* ---- no allocation per evaluation -------------------------------------- */

static void test_no_alloc_after_warmup(void **state)
{
	(void)state;
	struct expr *e = compile("lower(asset.site) in [lower(chip.vendor), 'bj1'] && "
	                         "upper(asset.purpose) matches 'GOV*' && "
	                         "contains([asset.status, asset.site], 'ordered')");
	struct expr_scratch *sc = e->root->kids[0]->kids[0]->scratch;
	assert_non_null(sc);
	struct value v;
	expr_eval(e, test_load, &env, &v);
	assert_true(v.t == VT_BOOL && v.u.b);
	size_t total = arena.total;
	char *buf = sc->buf;
	size_t cap = sc->cap;
	for (int i = 0; i < 10000; i++) {
		expr_eval(e, test_load, &env, &v);
		assert_true(v.t == VT_BOOL && v.u.b);
	}
	assert_int_equal(arena.total, total);
	assert_ptr_equal(sc->buf, buf);
	assert_int_equal(sc->cap, cap);
	/* the check can fail: a longer input does grow the scratch, once */
	char longer[200];
	memset(longer, 'B', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	set_str(S_SITE, longer);
	expr_eval(e, test_load, &env, &v);
	assert_true(arena.total > total);
	assert_true(sc->cap >= sizeof(longer) - 1);
	total = arena.total;
	for (int i = 0; i < 100; i++)
		expr_eval(e, test_load, &env, &v);
	assert_int_equal(arena.total, total);
	/* results borrow from the scratch until the next evaluation */
	struct expr *l = compile("lower(asset.site)");
	expr_eval(l, test_load, &env, &v);
	assert_int_equal(v.u.s.len, sizeof(longer) - 1);
	assert_ptr_equal(v.u.s.p, l->root->scratch->buf);
	assert_int_equal(v.u.s.p[0], 'b');
}

/* ---- values -------------------------------------------------------------- */

static void check_num_fmt(double n, const char *want)
{
	struct value v = {.t = VT_NUM, .u.n = n};
	struct strbuf sb = STRBUF_INIT;
	value_format(&v, &sb);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

static void test_value_format(void **state)
{
	(void)state;
	check_num_fmt(3, "3");
	check_num_fmt(-3, "-3");
	check_num_fmt(-0.0, "0");
	check_num_fmt(1.5, "1.5");
	check_num_fmt(0.1, "0.1");
	check_num_fmt(1e15 - 1, "999999999999999");
	check_num_fmt(1e15, "1e+15");
	check_num_fmt(1e20, "1e+20");
	check_num_fmt(1.0 / 3, "0.333333333333333");
	check_num_fmt(2368.5, "2368.5");
	struct strbuf sb = STRBUF_INIT;
	struct value v = {.t = VT_STR, .u.s = {"a%sb\0c", 6}};
	value_format(&v, &sb);
	assert_int_equal(sb.len, 6);
	assert_memory_equal(sb.buf, "a%sb\0c", 6);
	sb_reset(&sb);
	v.t = VT_NULL;
	value_format(&v, &sb);
	v.t = VT_BOOL;
	v.u.b = false;
	value_format(&v, &sb); /* appends */
	assert_string_equal(sb_str(&sb), "nullfalse");
	sb_reset(&sb);
	v.t = VT_DATE;
	v.u.d = date_from_ymd(2024, 2, 29);
	value_format(&v, &sb);
	assert_string_equal(sb_str(&sb), "2024-02-29");
	sb_release(&sb);
	assert_string_equal(vtype_name(VT_NULL), "null");
	assert_string_equal(vtype_name(VT_BOOL), "bool");
	assert_string_equal(vtype_name(VT_NUM), "number");
	assert_string_equal(vtype_name(VT_STR), "string");
	assert_string_equal(vtype_name(VT_DATE), "date");
	assert_string_equal(vtype_name(VT_LIST), "list");
}

static void bad_loader(void *e, int slot, int arg, struct value *out)
{
	(void)e;
	(void)slot;
	(void)arg;
	out->t = VT_STR; /* wrong for every number slot */
	out->u.s.p = "oops";
	out->u.s.len = 4;
}

static void test_loader_type_mismatch(void **state)
{
	(void)state;
	struct value v;
	expr_eval(compile("x + 1"), bad_loader, NULL, &v);
	assert_int_equal(v.t, VT_NULL);
	expr_eval(compile("asset.site"), bad_loader, NULL, &v);
	assert_int_equal(v.t, VT_STR);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_precedence),
	    T(test_arithmetic),
	    T(test_comparisons),
	    T(test_kleene_truth_table),
	    T(test_short_circuit),
	    T(test_null_semantics),
	    T(test_lists),
	    T(test_matches),
	    T(test_glob),
	    T(test_functions),
	    T(test_dates),
	    T(test_strings_and_numbers),
	    T(test_names),
	    T(test_syntax_errors),
	    T(test_type_errors),
	    T(test_depth_cap),
	    T(test_depth_lists),
	    T(test_hostile_input),
	    T(test_trace),
	    T(test_trace_calls_and_constants),
	    T(test_trace_brackets),
	    T(test_null_sources),
	    T(test_no_alloc_after_warmup),
	    T(test_value_format),
	    T(test_loader_type_mismatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
