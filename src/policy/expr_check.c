/* expr_check: the static checker. It resolves every name through the
 * caller's symbol callback, gives every node a type, folds literal dates
 * and constant lists, and preallocates what evaluation will write (list
 * item buffers, lower/upper scratch), so that expr_eval.c never fails and
 * never meets a type it did not expect. It must never hard-code a name:
 * what exists is the resolver's business alone. */
#include "policy/expr_int.h"

#include <stdio.h>
#include <string.h>

struct checker {
	struct arena *arena;
	const char *src;
	const struct expr_symbols *syms;
	struct expr_error *err;
};

static const struct expr_fninfo functions[] = {
    {"has", FN_HAS, 1, 1},
    {"lower", FN_LOWER, 1, 1},
    {"upper", FN_UPPER, 1, 1},
    {"starts_with", FN_STARTS_WITH, 2, 2},
    {"ends_with", FN_ENDS_WITH, 2, 2},
    {"contains", FN_CONTAINS, 2, 2},
    {"date", FN_DATE, 1, 1},
    {"days_between", FN_DAYS_BETWEEN, 2, 2},
    {"min", FN_MIN, 2, -1},
    {"max", FN_MAX, 2, -1},
    {"abs", FN_ABS, 1, 1},
};

const struct expr_fninfo *expr_fn_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(functions); i++)
		if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
			return &functions[i];
	return NULL;
}

static const char *fn_name(enum expr_fn fn)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(functions); i++)
		if (functions[i].fn == fn)
			return functions[i].name;
	return "?";
}

/* "string", or "list of string" for a list type. */
static const char *type_desc(enum vtype t, enum vtype item, char *buf, size_t size)
{
	if (t != VT_LIST || item == VT_NULL)
		return vtype_name(t);
	snprintf(buf, size, "list of %s", vtype_name(item));
	return buf;
}

static int check_node(struct checker *c, struct expr_node *n);

static int check_kids(struct checker *c, struct expr_node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (check_node(c, n->kids[i]) < 0)
			return -1;
	return 0;
}

/* Whether a list whose items have type ITEM can hold a T; the empty list
 * literal (ITEM VT_NULL) can hold either item type. */
static bool item_fits(enum vtype item, enum vtype t)
{
	return item == t || (item == VT_NULL && (t == VT_STR || t == VT_NUM));
}

/* ---- names and lists --------------------------------------------------- */

static int check_name(struct checker *c, struct expr_node *n)
{
	const char *name = c->src + n->start;
	size_t len = n->end - n->start;
	char hint[256] = "";
	if (!c->syms || !c->syms->resolve ||
	    c->syms->resolve(c->syms->ctx, name, len, &n->sym, hint, sizeof(hint)) < 0) {
		char q[128];
		hint[sizeof(hint) - 1] = '\0';
		expr_quote(q, sizeof(q), name, len);
		return expr_errorf(c->err, n->start, "unknown name '%s'%s%s%s", q,
		                   hint[0] ? " (" : "", hint, hint[0] ? ")" : "");
	}
	n->type = n->sym.type;
	n->item_type = n->sym.type == VT_LIST ? n->sym.item_type : VT_NULL;
	return 0;
}

static void fold_list(struct checker *c, struct expr_node *n)
{
	struct value *v = arena_alloc(c->arena, (n->nkids ? n->nkids : 1) * sizeof(*v));
	n->is_const = true;
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->kind != EK_LIT)
			n->is_const = false;
		v[i] = n->kids[i]->lit;
	}
	if (n->is_const) {
		n->lit.t = VT_LIST;
		n->lit.u.l.v = v;
		n->lit.u.l.n = n->nkids;
	} else {
		n->items = v; /* evaluation fills it in place */
	}
}

static int check_list(struct checker *c, struct expr_node *n)
{
	if (check_kids(c, n) < 0)
		return -1;
	n->type = VT_LIST;
	n->item_type = VT_NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct expr_node *k = n->kids[i];
		if (k->type != VT_STR && k->type != VT_NUM)
			return expr_errorf(c->err, k->start,
			                   "list items must be string or number, got %s",
			                   vtype_name(k->type));
		if (i > 0 && k->type != n->item_type)
			return expr_errorf(c->err, k->start, "list items must all be %s, got %s",
			                   vtype_name(n->item_type), vtype_name(k->type));
		n->item_type = k->type;
	}
	fold_list(c, n);
	return 0;
}

/* ---- operators ------------------------------------------------------- */

/* The operator a child of N stands beside, for messages. */
static enum expr_tok kid_op(const struct expr_node *n, size_t i)
{
	switch (n->kind) {
	case EK_OR:
		return TK_OR;
	case EK_AND:
		return TK_AND;
	case EK_NOT:
		return TK_NOT;
	case EK_NEG:
		return TK_MINUS;
	default:
		return n->ops[i > 0 ? i : 1];
	}
}

/* Every child of N must have type T; N then has type RESULT. In logic
 * (T bool) the literal null is an operand too: Kleene's unknown, for a
 * fact a pack knows it does not know ("x && null" cannot decide when x
 * holds). */
static int need_kids(struct checker *c, struct expr_node *n, enum vtype t, enum vtype result)
{
	if (check_kids(c, n) < 0)
		return -1;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct expr_node *k = n->kids[i];
		const char *op = expr_tok_name(kid_op(n, i));
		if (k->type == t || (t == VT_BOOL && k->kind == EK_LIT && k->type == VT_NULL))
			continue;
		if (n->nkids == 1)
			return expr_errorf(c->err, k->start,
			                   "operator '%s' needs a %s operand, got %s", op,
			                   vtype_name(t), vtype_name(k->type));
		return expr_errorf(c->err, k->start, "operator '%s' needs %s operands, got %s", op,
		                   vtype_name(t), vtype_name(k->type));
	}
	n->type = result;
	return 0;
}

static int mismatch(struct checker *c, const struct expr_node *n)
{
	const struct expr_node *l = n->kids[0], *r = n->kids[1];
	char a[64], b[64];
	return expr_errorf(c->err, n->op_off,
	                   "operator '%s' needs operands of the same type, got %s and %s",
	                   expr_tok_name(n->op), type_desc(l->type, l->item_type, a, sizeof(a)),
	                   type_desc(r->type, r->item_type, b, sizeof(b)));
}

/* == and != take any two operands of one type, or the literal null. */
static int check_equality(struct checker *c, const struct expr_node *n)
{
	const struct expr_node *l = n->kids[0], *r = n->kids[1];
	if (l->type == VT_NULL || r->type == VT_NULL)
		return 0;
	if (l->type != r->type)
		return mismatch(c, n);
	if (l->type == VT_LIST && l->item_type != r->item_type && l->item_type != VT_NULL &&
	    r->item_type != VT_NULL)
		return mismatch(c, n);
	return 0;
}

static bool is_ordered(enum vtype t)
{
	return t == VT_NUM || t == VT_STR || t == VT_DATE;
}

static int check_order(struct checker *c, const struct expr_node *n)
{
	for (size_t i = 0; i < 2; i++)
		if (!is_ordered(n->kids[i]->type))
			return expr_errorf(
			    c->err, n->kids[i]->start,
			    "operator '%s' needs number, string or date operands, got %s",
			    expr_tok_name(n->op), vtype_name(n->kids[i]->type));
	return n->kids[0]->type == n->kids[1]->type ? 0 : mismatch(c, n);
}

static int check_in(struct checker *c, const struct expr_node *n)
{
	const struct expr_node *l = n->kids[0], *r = n->kids[1];
	if (r->type != VT_LIST)
		return expr_errorf(c->err, r->start,
		                   "operator 'in' needs a list on the right, got %s",
		                   vtype_name(r->type));
	if (item_fits(r->item_type, l->type))
		return 0;
	if (r->item_type == VT_NULL)
		return expr_errorf(c->err, l->start,
		                   "operator 'in' needs a string or number on the left, got %s",
		                   vtype_name(l->type));
	return expr_errorf(c->err, l->start,
	                   "operator 'in' needs a %s on the left for a list of %s, got %s",
	                   vtype_name(r->item_type), vtype_name(r->item_type), vtype_name(l->type));
}

static int check_matches(struct checker *c, const struct expr_node *n)
{
	for (size_t i = 0; i < 2; i++)
		if (n->kids[i]->type != VT_STR)
			return expr_errorf(c->err, n->kids[i]->start,
			                   "operator 'matches' needs string operands, got %s",
			                   vtype_name(n->kids[i]->type));
	return 0;
}

static int check_cmp(struct checker *c, struct expr_node *n)
{
	if (check_kids(c, n) < 0)
		return -1;
	n->type = VT_BOOL;
	switch (n->op) {
	case TK_EQ:
	case TK_NE:
		return check_equality(c, n);
	case TK_IN:
		return check_in(c, n);
	case TK_MATCHES:
		return check_matches(c, n);
	default:
		return check_order(c, n);
	}
}

/* ---- calls ------------------------------------------------------------ */

static int want_arg(struct checker *c, const struct expr_node *n, size_t i, enum vtype t)
{
	const struct expr_node *k = n->kids[i];
	if (k->type == t)
		return 0;
	return expr_errorf(c->err, k->start, "argument %zu of '%s' must be %s, got %s", i + 1,
	                   fn_name(n->fn), vtype_name(t), vtype_name(k->type));
}

static int want_args(struct checker *c, const struct expr_node *n, enum vtype t)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (want_arg(c, n, i, t) < 0)
			return -1;
	return 0;
}

/* has(path): the argument must be a name, not any expression. */
static int check_has(struct checker *c, struct expr_node *n)
{
	if (n->kids[0]->kind != EK_NAME)
		return expr_errorf(c->err, n->kids[0]->start, "argument of 'has' must be a name");
	n->type = VT_BOOL;
	return check_node(c, n->kids[0]);
}

/* date('YYYY-MM-DD'): a literal argument is checked and folded now. */
static int check_date(struct checker *c, struct expr_node *n)
{
	const struct expr_node *k = n->kids[0];
	n->type = VT_DATE;
	if (want_arg(c, n, 0, VT_STR) < 0)
		return -1;
	if (k->kind != EK_LIT)
		return 0;
	cg_date d;
	if (k->lit.u.s.len != 10 || date_parse(k->lit.u.s.p, &d) < 0) {
		char q[128];
		expr_quote(q, sizeof(q), k->lit.u.s.p, k->lit.u.s.len);
		return expr_errorf(c->err, k->start, "invalid date '%s'", q);
	}
	n->kind = EK_LIT;
	n->lit.t = VT_DATE;
	n->lit.u.d = d;
	return 0;
}

static int check_contains(struct checker *c, struct expr_node *n)
{
	const struct expr_node *hay = n->kids[0], *x = n->kids[1];
	n->type = VT_BOOL;
	if (hay->type == VT_STR)
		return want_arg(c, n, 1, VT_STR);
	if (hay->type != VT_LIST)
		return expr_errorf(c->err, hay->start,
		                   "argument 1 of 'contains' must be string or list, got %s",
		                   vtype_name(hay->type));
	if (item_fits(hay->item_type, x->type))
		return 0;
	return want_arg(c, n, 1, hay->item_type == VT_NULL ? VT_STR : hay->item_type);
}

/* min/max: all numbers or all dates, the first argument decides. */
static int check_minmax(struct checker *c, struct expr_node *n)
{
	enum vtype t = n->kids[0]->type;
	if (t != VT_NUM && t != VT_DATE)
		return expr_errorf(c->err, n->kids[0]->start,
		                   "argument 1 of '%s' must be number or date, got %s",
		                   fn_name(n->fn), vtype_name(t));
	n->type = t;
	return want_args(c, n, t);
}

static int check_call(struct checker *c, struct expr_node *n)
{
	if (n->fn == FN_HAS)
		return check_has(c, n);
	if (check_kids(c, n) < 0)
		return -1;
	switch (n->fn) {
	case FN_LOWER:
	case FN_UPPER:
		n->type = VT_STR;
		n->scratch = arena_alloc(c->arena, sizeof(*n->scratch));
		return want_args(c, n, VT_STR);
	case FN_STARTS_WITH:
	case FN_ENDS_WITH:
		n->type = VT_BOOL;
		return want_args(c, n, VT_STR);
	case FN_CONTAINS:
		return check_contains(c, n);
	case FN_DATE:
		return check_date(c, n);
	case FN_DAYS_BETWEEN:
		n->type = VT_NUM;
		return want_args(c, n, VT_DATE);
	case FN_MIN:
	case FN_MAX:
		return check_minmax(c, n);
	default: /* FN_ABS */
		n->type = VT_NUM;
		return want_args(c, n, VT_NUM);
	}
}

static int check_node(struct checker *c, struct expr_node *n)
{
	switch (n->kind) {
	case EK_LIT:
		n->type = n->lit.t;
		return 0;
	case EK_NAME:
		return check_name(c, n);
	case EK_LIST:
		return check_list(c, n);
	case EK_OR:
	case EK_AND:
	case EK_NOT:
		return need_kids(c, n, VT_BOOL, VT_BOOL);
	case EK_NEG:
	case EK_ARITH:
		return need_kids(c, n, VT_NUM, VT_NUM);
	case EK_CMP:
		return check_cmp(c, n);
	case EK_CALL:
		return check_call(c, n);
	}
	return expr_errorf(c->err, n->start, "internal error: bad node");
}

int expr_check(struct arena *arena, const char *src, struct expr_node *root,
               const struct expr_symbols *syms, struct expr_error *err)
{
	struct checker c = {.arena = arena, .src = src, .syms = syms, .err = err};
	err->msg[0] = '\0';
	return check_node(&c, root);
}
