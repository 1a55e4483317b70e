/* expr_eval: evaluates a checked expression tree against one asset, with
 * DESIGN §6's null semantics (Kleene logic; comparisons with null unknown
 * except == null / != null; arithmetic with null, division by zero or an overflow give
 * null), and the value helpers the engine shares (value_format, expr_glob).
 * The checker has already proved every operand's type, so nothing here can
 * fail. It must never allocate per evaluation — list items go into buffers
 * made at compile time, lower()/upper() into a per-node scratch that only
 * grows (from the expression's arena) while it is too small — and never
 * recurse deeper than the tree the depth-capped parser built. */
#include "policy/expr_int.h"

#include <math.h>
#include <string.h>

struct evalctx {
	expr_load_fn load;
	void *env;
	expr_trace_fn trace;
	void *trace_ctx;
	const char *src;
	struct arena *arena;
};

static void eval(const struct evalctx *c, const struct expr_node *n, struct value *out);

static void set_null(struct value *v)
{
	memset(v, 0, sizeof(*v));
	v->t = VT_NULL;
}

static void set_bool(struct value *v, bool b)
{
	set_null(v);
	v->t = VT_BOOL;
	v->u.b = b;
}

/* A number, or null when it is not finite (overflow, inf - inf). */
static void set_num(struct value *v, double n)
{
	set_null(v);
	if (!isfinite(n))
		return;
	v->t = VT_NUM;
	v->u.n = n;
}

static void set_str(struct value *v, const char *p, size_t len)
{
	set_null(v);
	v->t = VT_STR;
	v->u.s.p = p;
	v->u.s.len = len;
}

/* ---- comparing values --------------------------------------------------- */

static int str_cmp(const struct value *a, const struct value *b)
{
	size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
	int r = n ? memcmp(a->u.s.p, b->u.s.p, n) : 0;
	if (r)
		return r;
	return (a->u.s.len > b->u.s.len) - (a->u.s.len < b->u.s.len);
}

/* Order of two non-null values of one ordered type (number, string, date):
 * strings compare bytewise, as memcmp does. */
static int value_cmp(const struct value *a, const struct value *b)
{
	switch (a->t) {
	case VT_NUM:
		return (a->u.n > b->u.n) - (a->u.n < b->u.n);
	case VT_DATE:
		return (a->u.d > b->u.d) - (a->u.d < b->u.d);
	case VT_STR:
		return str_cmp(a, b);
	default:
		return 0;
	}
}

/* Equality with null equal only to null. Lists are equal item by item;
 * they hold no lists, so this recurses at most once. */
static bool value_eq(const struct value *a, const struct value *b)
{
	if (a->t != b->t)
		return false;
	switch (a->t) {
	case VT_NULL:
		return true;
	case VT_BOOL:
		return a->u.b == b->u.b;
	case VT_LIST:
		if (a->u.l.n != b->u.l.n)
			return false;
		for (size_t i = 0; i < a->u.l.n; i++)
			if (a->u.l.v[i].t == VT_LIST || !value_eq(&a->u.l.v[i], &b->u.l.v[i]))
				return false;
		return true;
	default:
		return value_cmp(a, b) == 0;
	}
}

/* X among LIST's items: 1 found, 0 not there, -1 unknown (not found,
 * but an item is null and could be X). */
static int list_has(const struct value *list, const struct value *x)
{
	bool unknown = false;
	for (size_t i = 0; i < list->u.l.n; i++) {
		if (list->u.l.v[i].t == x->t && value_eq(&list->u.l.v[i], x))
			return 1;
		unknown = unknown || list->u.l.v[i].t == VT_NULL;
	}
	return unknown ? -1 : 0;
}

/* ---- names, lists, logic ----------------------------------------------- */

static void load_name(expr_load_fn load, void *env, const struct expr_node *n,
		      struct value *out)
{
	set_null(out);
	if (n->sym.is_const)
		*out = n->sym.constant;
	else if (load)
		load(env, n->sym.slot, n->sym.arg, out);
	/* a loader that hands back the wrong type gets null, not a crash */
	if (out->t != VT_NULL && out->t != n->type)
		set_null(out);
}

static void eval_name(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	load_name(c->load, c->env, n, out);
}

static void eval_list(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	if (n->is_const) {
		*out = n->lit;
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		eval(c, n->kids[i], &n->items[i]);
	set_null(out);
	out->t = VT_LIST;
	out->u.l.v = n->items;
	out->u.l.n = n->nkids;
}

/* Kleene: DOMINANT (false for &&, true for ||) wins over null, null wins
 * over the other value. Stops at the first dominant operand. */
static void eval_logic(const struct evalctx *c, const struct expr_node *n, bool dominant,
                       struct value *out)
{
	bool saw_null = false;
	for (size_t i = 0; i < n->nkids; i++) {
		struct value v;
		eval(c, n->kids[i], &v);
		if (v.t == VT_NULL) {
			saw_null = true;
		} else if (v.u.b == dominant) {
			set_bool(out, dominant);
			return;
		}
	}
	if (saw_null)
		set_null(out);
	else
		set_bool(out, !dominant);
}

static void eval_not(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	eval(c, n->kids[0], out);
	if (out->t == VT_BOOL)
		out->u.b = !out->u.b;
}

/* ---- arithmetic and comparison ---------------------------------------- */

static void eval_neg(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	eval(c, n->kids[0], out);
	if (out->t == VT_NUM)
		out->u.n = -out->u.n;
}

static double arith(enum expr_tok op, double a, double b, bool *null)
{
	switch (op) {
	case TK_PLUS:
		return a + b;
	case TK_MINUS:
		return a - b;
	case TK_STAR:
		return a * b;
	default:
		if (b == 0)
			*null = true;
		return b == 0 ? 0 : a / b;
	}
}

/* Every operand is evaluated (so a trace shows them all); any null, a
 * division by zero or a non-finite result makes the whole chain null. */
static void eval_arith(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	bool null = false;
	double acc = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		struct value v;
		eval(c, n->kids[i], &v);
		if (v.t != VT_NUM)
			null = true;
		else if (i == 0)
			acc = v.u.n;
		else if (!null)
			acc = arith(n->ops[i], acc, v.u.n, &null);
	}
	if (null)
		set_null(out);
	else
		set_num(out, acc);
}

/* 1 true, 0 false, -1 unknown. A comparison with a null operand is
 * unknown (Kleene: a missing fact decides nothing); == and != reach here
 * with one only against the literal null (eval_cmp), and treat null as a
 * value equal only to itself. */
static int compare(enum expr_tok op, const struct value *l, const struct value *r)
{
	if (op == TK_EQ || op == TK_NE)
		return value_eq(l, r) == (op == TK_EQ);
	if (l->t == VT_NULL || r->t == VT_NULL)
		return -1;
	switch (op) {
	case TK_IN:
		return list_has(r, l);
	case TK_MATCHES:
		return expr_glob(r->u.s.p, r->u.s.len, l->u.s.p, l->u.s.len);
	case TK_LT:
		return value_cmp(l, r) < 0;
	case TK_LE:
		return value_cmp(l, r) <= 0;
	case TK_GT:
		return value_cmp(l, r) > 0;
	default:
		return value_cmp(l, r) >= 0;
	}
}

static void eval_cmp(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	struct value l, r;
	eval(c, n->kids[0], &l);
	eval(c, n->kids[1], &r);
	int v;
	/* == and != with a null operand decide only against the literal null
	 * (x == null tests for absence); otherwise they are unknown too */
	if ((n->op == TK_EQ || n->op == TK_NE) && (l.t == VT_NULL || r.t == VT_NULL) &&
	    n->kids[0]->type != VT_NULL && n->kids[1]->type != VT_NULL)
		v = -1;
	else
		v = compare(n->op, &l, &r);
	if (v < 0)
		set_null(out);
	else
		set_bool(out, v);
}

/* ---- calls ------------------------------------------------------------ */

/* lower/upper (ASCII only; other bytes, e.g. UTF-8, are copied as they
 * are) into the node's scratch, grown only when too small. */
static void eval_case(const struct evalctx *c, const struct expr_node *n, const struct value *s,
                      struct value *out)
{
	struct expr_scratch *sc = n->scratch;
	size_t len = s->u.s.len;
	if (len > sc->cap) {
		size_t cap = sc->cap ? sc->cap : 32;
		while (cap < len)
			cap *= 2;
		sc->buf = arena_alloc(c->arena, cap);
		sc->cap = cap;
	}
	for (size_t i = 0; i < len; i++) {
		char ch = s->u.s.p[i];
		if (n->fn == FN_LOWER && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		else if (n->fn == FN_UPPER && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		sc->buf[i] = ch;
	}
	set_str(out, len ? sc->buf : "", len);
}

static bool has_prefix(const struct value *s, const struct value *x, bool at_end)
{
	size_t n = x->u.s.len;
	if (n > s->u.s.len)
		return false;
	return n == 0 || memcmp(s->u.s.p + (at_end ? s->u.s.len - n : 0), x->u.s.p, n) == 0;
}

static bool has_substring(const struct value *s, const struct value *x)
{
	size_t n = x->u.s.len;
	for (size_t i = 0; i + n <= s->u.s.len; i++)
		if (n == 0 || memcmp(s->u.s.p + i, x->u.s.p, n) == 0)
			return true;
	return false;
}

/* date(s) at run time: a malformed string is null, not an error. */
static void eval_date(const struct value *s, struct value *out)
{
	char buf[11];
	cg_date d;
	set_null(out);
	if (s->u.s.len != 10)
		return;
	memcpy(buf, s->u.s.p, 10);
	buf[10] = '\0';
	if (date_parse(buf, &d) == 0) {
		out->t = VT_DATE;
		out->u.d = d;
	}
}

/* min/max of numbers or dates; null if any argument is null. */
static void eval_minmax(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	bool null = false;
	set_null(out);
	for (size_t i = 0; i < n->nkids; i++) {
		struct value v;
		eval(c, n->kids[i], &v);
		if (v.t == VT_NULL)
			null = true;
		else if (out->t == VT_NULL || (value_cmp(&v, out) < 0) == (n->fn == FN_MIN))
			*out = v;
	}
	if (null)
		set_null(out);
}

/* Functions of two arguments; any null argument gives null. */
static void eval_binary_fn(const struct expr_node *n, const struct value *a, const struct value *b,
                           struct value *out)
{
	if (a->t == VT_NULL || b->t == VT_NULL) {
		set_null(out);
		return;
	}
	switch (n->fn) {
	case FN_STARTS_WITH:
	case FN_ENDS_WITH:
		set_bool(out, has_prefix(a, b, n->fn == FN_ENDS_WITH));
		break;
	case FN_CONTAINS:
		if (a->t != VT_LIST)
			set_bool(out, has_substring(a, b));
		else if (list_has(a, b) < 0)
			set_null(out);
		else
			set_bool(out, list_has(a, b) == 1);
		break;
	default: /* FN_DAYS_BETWEEN */
		set_num(out, (double)b->u.d - (double)a->u.d);
		break;
	}
}

static void eval_call(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	struct value a, b;
	if (n->fn == FN_MIN || n->fn == FN_MAX) {
		eval_minmax(c, n, out);
		return;
	}
	eval(c, n->kids[0], &a);
	if (n->fn == FN_HAS) {
		set_bool(out, a.t != VT_NULL);
		return;
	}
	if (n->nkids == 2) {
		eval(c, n->kids[1], &b);
		eval_binary_fn(n, &a, &b, out);
		return;
	}
	if (a.t == VT_NULL)
		set_null(out);
	else if (n->fn == FN_ABS)
		set_num(out, fabs(a.u.n));
	else if (n->fn == FN_DATE)
		eval_date(&a, out);
	else
		eval_case(c, n, &a, out);
}

/* ---- the walk ------------------------------------------------------------ */

static void eval(const struct evalctx *c, const struct expr_node *n, struct value *out)
{
	switch (n->kind) {
	case EK_LIT:
		*out = n->lit;
		return;
	case EK_LIST:
		eval_list(c, n, out);
		return;
	case EK_NAME:
		eval_name(c, n, out);
		break;
	case EK_OR:
	case EK_AND:
		eval_logic(c, n, n->kind == EK_OR, out);
		break;
	case EK_NOT:
		eval_not(c, n, out);
		break;
	case EK_NEG:
		eval_neg(c, n, out);
		break;
	case EK_ARITH:
		eval_arith(c, n, out);
		break;
	case EK_CMP:
		eval_cmp(c, n, out);
		break;
	case EK_CALL:
		eval_call(c, n, out);
		break;
	}
	if (c->trace)
		c->trace(c->trace_ctx, c->src + n->start, n->end - n->start,
		         n->kind == EK_NAME ? &n->sym : NULL, out);
}

void expr_eval_trace(const struct expr *e, expr_load_fn load, void *env, struct value *out,
                     expr_trace_fn trace, void *trace_ctx)
{
	struct evalctx c = {
	    .load = load,
	    .env = env,
	    .trace = trace,
	    .trace_ctx = trace_ctx,
	    .src = e->src,
	    .arena = e->arena,
	};
	eval(&c, e->root, out);
}

void expr_eval(const struct expr *e, expr_load_fn load, void *env, struct value *out)
{
	if (e->root->kind == EK_NAME) /* a bare name (group_by = "asset.site"): just load it */
		load_name(load, env, e->root, out);
	else
		expr_eval_trace(e, load, env, out, NULL, NULL);
}

/* ---- why a value is null ------------------------------------------------ */

struct blamectx {
	struct evalctx c;
	expr_null_fn fn;
	void *ctx;
};

/* N's value is null: report the operands that made it so. An operand that
 * is not null, or an && / || operand the others outvote, is not a cause;
 * a null item of a list literal is (x in [a, b]). */
static void blame(const struct blamectx *b, const struct expr_node *n)
{
	struct value v;
	switch (n->kind) {
	case EK_LIT:
		if (n->lit.t == VT_NULL)
			b->fn(b->ctx, NULL, 0);
		return;
	case EK_NAME:
		b->fn(b->ctx, b->c.src + n->start, n->end - n->start);
		return;
	case EK_LIST:
		for (size_t i = 0; i < n->nkids; i++) {
			eval(&b->c, n->kids[i], &v);
			if (v.t == VT_NULL)
				blame(b, n->kids[i]);
		}
		return;
	default:
		for (size_t i = 0; i < n->nkids; i++) {
			eval(&b->c, n->kids[i], &v);
			if (v.t == VT_NULL)
				blame(b, n->kids[i]);
			else if (n->kids[i]->kind == EK_LIST && !n->kids[i]->is_const)
				blame(b, n->kids[i]);
		}
		return;
	}
}

void expr_null_sources(const struct expr *e, expr_load_fn load, void *env, expr_null_fn fn, void *ctx)
{
	struct blamectx b = {
	    .c = {.load = load, .env = env, .src = e->src, .arena = e->arena},
	    .fn = fn,
	    .ctx = ctx,
	};
	struct value v;
	eval(&b.c, e->root, &v);
	if (v.t == VT_NULL)
		blame(&b, e->root);
}

/* ---- formatting --------------------------------------------------------- */

const char *vtype_name(enum vtype t)
{
	switch (t) {
	case VT_NULL:
		return "null";
	case VT_BOOL:
		return "bool";
	case VT_NUM:
		return "number";
	case VT_STR:
		return "string";
	case VT_DATE:
		return "date";
	case VT_LIST:
		return "list";
	}
	return "?";
}

static void format_number(double n, struct strbuf *out)
{
	if (n == 0)
		sb_puts(out, "0"); /* also -0 */
	else if (fabs(n) < 1e15 && n == floor(n)) {
		/* what "%.0f" prints, without printf: findings' messages at
		 * fleet scale format many quantities */
		char buf[24];
		size_t k = sizeof(buf);
		unsigned long long u = (unsigned long long)(n < 0 ? -n : n);
		do
			buf[--k] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (n < 0)
			buf[--k] = '-';
		sb_add(out, buf + k, sizeof(buf) - k);
	}
	else
		sb_printf(out, "%.15g", n);
}

/* Appends V to OUT. A list inside a list (which the language never makes)
 * prints as "[...]" so a careless loader cannot make this recurse. */
static void format_value(const struct value *v, struct strbuf *out, bool nested)
{
	char d[11];
	switch (v->t) {
	case VT_NULL:
		sb_puts(out, "null");
		break;
	case VT_BOOL:
		sb_puts(out, v->u.b ? "true" : "false");
		break;
	case VT_NUM:
		format_number(v->u.n, out);
		break;
	case VT_STR:
		sb_add(out, v->u.s.len ? v->u.s.p : "", v->u.s.len);
		break;
	case VT_DATE:
		date_format(v->u.d, d);
		sb_puts(out, d);
		break;
	case VT_LIST:
		sb_putc(out, '[');
		for (size_t i = 0; i < v->u.l.n && !nested; i++) {
			if (i)
				sb_puts(out, ", ");
			format_value(&v->u.l.v[i], out, true);
		}
		sb_puts(out, nested ? "...]" : "]");
		break;
	}
}

void value_format(const struct value *v, struct strbuf *out)
{
	format_value(v, out, false);
}

/* ---- glob ------------------------------------------------------------- */

/* Match C against the class at PAT[*pi] ('[' ... ']'). Returns -1 when the
 * class is not closed (then '[' is an ordinary byte), else 0/1, and moves
 * *pi past the class. "[!...]" and "[^...]" negate; a ']' first is literal;
 * "a-z" is a range. */
static int match_class(const char *pat, size_t plen, size_t *pi, unsigned char c)
{
	size_t i = *pi + 1;
	bool neg = i < plen && (pat[i] == '!' || pat[i] == '^');
	bool hit = false;
	if (neg)
		i++;
	size_t first = i;
	for (; i < plen && (pat[i] != ']' || i == first); i++) {
		unsigned char lo = (unsigned char)pat[i], hi = lo;
		if (i + 2 < plen && pat[i + 1] == '-' && pat[i + 2] != ']') {
			hi = (unsigned char)pat[i + 2];
			i += 2;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	if (i >= plen)
		return -1;
	*pi = i + 1;
	return hit != neg;
}

/* Whether the pattern byte(s) at *pi match C; advances *pi on a match. */
static bool match_one(const char *pat, size_t plen, size_t *pi, unsigned char c)
{
	if (pat[*pi] == '?') {
		(*pi)++;
		return true;
	}
	if (pat[*pi] == '[') {
		size_t i = *pi;
		int r = match_class(pat, plen, &i, c);
		if (r >= 0) {
			if (r)
				*pi = i;
			return r == 1;
		}
	}
	if ((unsigned char)pat[*pi] != c)
		return false;
	(*pi)++;
	return true;
}

/* Iterative, with one backtrack point at the last '*': O(plen * slen) at
 * worst, no recursion, no allocation. */
bool expr_glob(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t p = 0, i = 0, star_p = 0, star_i = 0;
	bool star = false;
	while (i < slen) {
		if (p < plen && pat[p] == '*') {
			star = true;
			star_p = ++p;
			star_i = i;
		} else if (p < plen && match_one(pat, plen, &p, (unsigned char)s[i])) {
			i++;
		} else if (star) {
			p = star_p;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}
