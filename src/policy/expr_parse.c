/* expr_parse: the recursive-descent parser of DESIGN §6 and the module's
 * entry point, expr_compile(). It builds a syntax tree in the caller's
 * arena; expr_check.c then resolves names and types it. Chains of the same
 * precedence (a || b || c, 1 + 2 - 3) become one n-ary node, so the tree is
 * only as deep as the nesting of parentheses, '!', '-', calls and lists —
 * which is capped at EXPR_MAX_DEPTH, so hostile input can exhaust neither
 * the parser's stack nor the evaluator's. It must never resolve names or
 * decide types (that is the checker's job) and never read past LEN. */
#include "policy/expr_int.h"

#include <stdio.h>
#include <string.h>

struct parser {
	struct expr_lexer ls;
	struct arena *arena;
	struct expr_error *err;
	int level;       /* current nesting, see enter_level() */
	size_t last_end; /* end offset of the last consumed token */
};

/* ---- helpers ---------------------------------------------------------- */

static const struct expr_token *cur(const struct parser *p)
{
	return &p->ls.tok;
}

/* Consume the current token. False when the next one is a lexical error
 * (the error is already filled). */
static bool advance(struct parser *p)
{
	p->last_end = p->ls.tok.off + p->ls.tok.len;
	expr_lex_next(&p->ls);
	return p->ls.tok.kind != TK_ERROR;
}

/* "near 'tok'" or "at end of expression", for messages. */
static const char *near_tok(const struct parser *p, char *buf, size_t size)
{
	const struct expr_token *t = cur(p);
	if (t->kind == TK_EOF)
		return "at end of expression";
	char q[128];
	expr_quote(q, sizeof(q), p->ls.src + t->off, t->len);
	snprintf(buf, size, "near '%s'", q);
	return buf;
}

static void *fail_expected(struct parser *p, const char *what)
{
	char buf[160];
	if (cur(p)->kind != TK_ERROR)
		expr_errorf(p->err, cur(p)->off, "expected %s %s", what,
		            near_tok(p, buf, sizeof(buf)));
	return NULL;
}

static bool expect(struct parser *p, enum expr_tok kind, const char *what)
{
	if (cur(p)->kind == kind)
		return advance(p);
	fail_expected(p, what);
	return false;
}

/* Every nested construct passes through here; the cap keeps the parser's
 * recursion, and the tree's depth, bounded whatever the input. */
static bool enter_level(struct parser *p, size_t off)
{
	if (++p->level > EXPR_MAX_DEPTH) {
		expr_errorf(p->err, off, "expression nested too deeply (limit %d)", EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr_node *new_node(struct parser *p, enum expr_kind kind, size_t start)
{
	struct expr_node *n = arena_alloc(p->arena, sizeof(*n));
	n->kind = kind;
	n->start = start;
	n->end = start;
	return n;
}

/* A growing list of child nodes (and, for arithmetic, operators). Old
 * arrays are left in the arena; doubling bounds the waste. */
struct kids {
	struct expr_node **v;
	enum expr_tok *ops;
	size_t *offs;
	size_t n, cap;
};

static void kids_push(struct parser *p, struct kids *k, struct expr_node *n, enum expr_tok op,
                      size_t off)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 4;
		struct expr_node **v = arena_alloc(p->arena, cap * sizeof(*v));
		enum expr_tok *ops = arena_alloc(p->arena, cap * sizeof(*ops));
		size_t *offs = arena_alloc(p->arena, cap * sizeof(*offs));
		if (k->n) {
			memcpy(v, k->v, k->n * sizeof(*v));
			memcpy(ops, k->ops, k->n * sizeof(*ops));
			memcpy(offs, k->offs, k->n * sizeof(*offs));
		}
		k->v = v;
		k->ops = ops;
		k->offs = offs;
		k->cap = cap;
	}
	k->v[k->n] = n;
	k->ops[k->n] = op;
	k->offs[k->n] = off;
	k->n++;
}

/* Wrap KIDS into a node of KIND, or return the single child as it is.
 * START is the offset of the chain's first token, not its first kid's
 * start: a parenthesised kid's slice is what is inside its brackets, so
 * `(a || b) && c` would otherwise begin at `a` and end after `c`. */
static struct expr_node *chain_node(struct parser *p, enum expr_kind kind, struct kids *k,
                                    size_t start)
{
	if (k->n == 1)
		return k->v[0];
	struct expr_node *n = new_node(p, kind, start);
	n->kids = k->v;
	n->nkids = k->n;
	n->ops = k->ops;
	n->op_offs = k->offs;
	n->end = p->last_end;
	return n;
}

static struct expr_node *parse_or(struct parser *p);

/* ---- primary ---------------------------------------------------------- */

/* args := [ expr { "," expr } ] CLOSE
 * (shared by calls and list literals; the opening token is consumed) */
static bool parse_items(struct parser *p, struct kids *k, enum expr_tok close, const char *what)
{
	if (cur(p)->kind == close)
		return advance(p);
	for (;;) {
		struct expr_node *item = parse_or(p);
		if (!item)
			return false;
		kids_push(p, k, item, TK_COMMA, item->start);
		if (cur(p)->kind == close)
			return advance(p);
		if (cur(p)->kind != TK_COMMA) {
			fail_expected(p, what);
			return false;
		}
		if (!advance(p))
			return false;
	}
}

/* list := "[" [ expr { "," expr } ] "]" */
static struct expr_node *parse_list(struct parser *p)
{
	struct expr_node *n = new_node(p, EK_LIST, cur(p)->off);
	struct kids k = {0};
	if (!enter_level(p, cur(p)->off) || !advance(p) ||
	    !parse_items(p, &k, TK_RBRACK, "',' or ']'"))
		return NULL;
	p->level--;
	n->kids = k.v;
	n->nkids = k.n;
	n->end = p->last_end;
	return n;
}

static const char *arg_word(int n)
{
	return n == 1 ? "argument" : "arguments";
}

static bool check_arity(struct parser *p, const struct expr_fninfo *fi, size_t nargs, size_t off)
{
	if ((int)nargs >= fi->min_args && (fi->max_args < 0 || (int)nargs <= fi->max_args))
		return true;
	if (fi->max_args < 0)
		expr_errorf(p->err, off, "'%s' takes at least %d %s", fi->name, fi->min_args,
		            arg_word(fi->min_args));
	else if (fi->min_args == fi->max_args)
		expr_errorf(p->err, off, "'%s' takes %d %s", fi->name, fi->min_args,
		            arg_word(fi->min_args));
	else
		expr_errorf(p->err, off, "'%s' takes %d to %d arguments", fi->name, fi->min_args,
		            fi->max_args);
	return false;
}

/* call := NAME "(" [ expr { "," expr } ] ")"
 * (NAME is consumed; the current token is "(") */
static struct expr_node *parse_call(struct parser *p, size_t name_off, size_t name_len)
{
	const struct expr_fninfo *fi = expr_fn_lookup(p->ls.src + name_off, name_len);
	if (!fi) {
		char q[128];
		expr_quote(q, sizeof(q), p->ls.src + name_off, name_len);
		expr_errorf(p->err, name_off, "unknown function '%s'", q);
		return NULL;
	}
	struct expr_node *n = new_node(p, EK_CALL, name_off);
	struct kids k = {0};
	n->fn = fi->fn;
	n->op_off = name_off;
	if (!enter_level(p, name_off) || !advance(p) ||
	    !parse_items(p, &k, TK_RPAREN, "',' or ')'"))
		return NULL;
	p->level--;
	n->kids = k.v;
	n->nkids = k.n;
	n->end = p->last_end;
	return check_arity(p, fi, k.n, name_off) ? n : NULL;
}

/* path := identifier { "." identifier }   (one NAME token)
 * call := NAME "(" ... ")" */
static struct expr_node *parse_name(struct parser *p)
{
	size_t off = cur(p)->off, len = cur(p)->len;
	if (!advance(p))
		return NULL;
	if (cur(p)->kind == TK_LPAREN)
		return parse_call(p, off, len);
	struct expr_node *n = new_node(p, EK_NAME, off);
	n->end = off + len;
	return n;
}

static struct expr_node *literal(struct parser *p, struct value v)
{
	struct expr_node *n = new_node(p, EK_LIT, cur(p)->off);
	n->lit = v;
	n->type = v.t;
	n->end = cur(p)->off + cur(p)->len;
	return advance(p) ? n : NULL;
}

/* "(" expr ")" */
static struct expr_node *parse_paren(struct parser *p)
{
	if (!enter_level(p, cur(p)->off) || !advance(p))
		return NULL;
	struct expr_node *n = parse_or(p);
	if (!n || !expect(p, TK_RPAREN, "')'"))
		return NULL;
	p->level--;
	return n;
}

/* primary := NUMBER | STRING | "true" | "false" | "null" | list | path | call
 *          | "(" expr ")" */
static struct expr_node *parse_primary(struct parser *p)
{
	const struct expr_token *t = cur(p);
	struct value v = {.t = VT_NULL};
	switch (t->kind) {
	case TK_NUM:
		v.t = VT_NUM;
		v.u.n = t->num;
		return literal(p, v);
	case TK_STR:
		v.t = VT_STR;
		v.u.s.p = t->str;
		v.u.s.len = t->str_len;
		return literal(p, v);
	case TK_TRUE:
	case TK_FALSE:
		v.t = VT_BOOL;
		v.u.b = t->kind == TK_TRUE;
		return literal(p, v);
	case TK_NULL:
		return literal(p, v);
	case TK_LBRACK:
		return parse_list(p);
	case TK_NAME:
		return parse_name(p);
	case TK_LPAREN:
		return parse_paren(p);
	case TK_EOF:
		expr_errorf(p->err, t->off, "unexpected end of expression");
		return NULL;
	case TK_ERROR:
		return NULL;
	default: {
		char q[128];
		expr_quote(q, sizeof(q), p->ls.src + t->off, t->len);
		expr_errorf(p->err, t->off, "unexpected '%s'", q);
		return NULL;
	}
	}
}

/* ---- operators -------------------------------------------------------- */

/* neg := "-" neg | primary */
static struct expr_node *parse_neg(struct parser *p)
{
	if (cur(p)->kind != TK_MINUS)
		return parse_primary(p);
	size_t off = cur(p)->off;
	if (!enter_level(p, cur(p)->off) || !advance(p))
		return NULL;
	struct expr_node *kid = parse_neg(p);
	if (!kid)
		return NULL;
	p->level--;
	if (kid->kind == EK_LIT && kid->lit.t == VT_NUM) {
		/* fold -NUMBER so literals stay literals (and untraced) */
		kid->lit.u.n = -kid->lit.u.n;
		kid->start = off;
		kid->end = p->last_end; /* -(3): past the bracket too */
		return kid;
	}
	struct expr_node *n = new_node(p, EK_NEG, off);
	n->op_off = off;
	n->kids = arena_alloc(p->arena, sizeof(*n->kids));
	n->kids[0] = kid;
	n->nkids = 1;
	n->end = p->last_end;
	return n;
}

/* A left-associative chain: item { op item } with ops between LO and HI. */
static struct expr_node *parse_chain(struct parser *p, enum expr_kind kind, enum expr_tok lo,
                                     enum expr_tok hi, struct expr_node *(*item)(struct parser *))
{
	struct kids k = {0};
	size_t start = cur(p)->off;
	struct expr_node *n = item(p);
	if (!n)
		return NULL;
	kids_push(p, &k, n, TK_EOF, n->start);
	while (cur(p)->kind >= lo && cur(p)->kind <= hi) {
		enum expr_tok op = cur(p)->kind;
		size_t off = cur(p)->off;
		if (!advance(p) || !(n = item(p)))
			return NULL;
		kids_push(p, &k, n, op, off);
	}
	return chain_node(p, kind, &k, start);
}

/* prod := neg { ("*" | "/") neg } */
static struct expr_node *parse_prod(struct parser *p)
{
	return parse_chain(p, EK_ARITH, TK_STAR, TK_SLASH, parse_neg);
}

/* sum := prod { ("+" | "-") prod } */
static struct expr_node *parse_sum(struct parser *p)
{
	return parse_chain(p, EK_ARITH, TK_PLUS, TK_MINUS, parse_prod);
}

static bool is_cmp_op(enum expr_tok k)
{
	return (k >= TK_EQ && k <= TK_GE) || k == TK_IN || k == TK_MATCHES;
}

/* cmp := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "matches") sum ] */
static struct expr_node *parse_cmp(struct parser *p)
{
	size_t start = cur(p)->off; /* of a bracket around LEFT too (see chain_node) */
	struct expr_node *left = parse_sum(p);
	if (!left || !is_cmp_op(cur(p)->kind))
		return left;
	struct expr_node *n = new_node(p, EK_CMP, start);
	n->op = cur(p)->kind;
	n->op_off = cur(p)->off;
	if (!advance(p))
		return NULL;
	struct expr_node *right = parse_sum(p);
	if (!right)
		return NULL;
	if (is_cmp_op(cur(p)->kind)) {
		char buf[160];
		expr_errorf(p->err, cur(p)->off, "comparisons cannot be chained %s",
		            near_tok(p, buf, sizeof(buf)));
		return NULL;
	}
	n->kids = arena_alloc(p->arena, 2 * sizeof(*n->kids));
	n->kids[0] = left;
	n->kids[1] = right;
	n->nkids = 2;
	n->end = p->last_end;
	return n;
}

/* unary := "!" unary | cmp */
static struct expr_node *parse_unary(struct parser *p)
{
	if (cur(p)->kind != TK_NOT)
		return parse_cmp(p);
	struct expr_node *n = new_node(p, EK_NOT, cur(p)->off);
	n->op_off = n->start;
	if (!enter_level(p, cur(p)->off) || !advance(p))
		return NULL;
	struct expr_node *kid = parse_unary(p);
	if (!kid)
		return NULL;
	p->level--;
	n->kids = arena_alloc(p->arena, sizeof(*n->kids));
	n->kids[0] = kid;
	n->nkids = 1;
	n->end = p->last_end;
	return n;
}

/* and := unary { "&&" unary } */
static struct expr_node *parse_and(struct parser *p)
{
	return parse_chain(p, EK_AND, TK_AND, TK_AND, parse_unary);
}

/* expr := or
 * or   := and { "||" and } */
static struct expr_node *parse_or(struct parser *p)
{
	return parse_chain(p, EK_OR, TK_OR, TK_OR, parse_and);
}

struct expr_node *expr_parse(struct arena *arena, const char *src, size_t len,
                             struct expr_error *err)
{
	struct parser p = {.arena = arena, .err = err};
	expr_lex_init(&p.ls, src, len, arena, err);
	expr_lex_next(&p.ls);
	if (cur(&p)->kind == TK_ERROR)
		return NULL;
	if (cur(&p)->kind == TK_EOF) {
		expr_errorf(err, cur(&p)->off, "empty expression");
		return NULL;
	}
	struct expr_node *root = parse_or(&p);
	if (root && cur(&p)->kind != TK_EOF)
		return fail_expected(&p, "end of expression");
	return root;
}

/* ---- the entry point -------------------------------------------------- */

struct expr *expr_compile(struct arena *arena, const char *src, size_t len, enum vtype want,
                          const struct expr_symbols *syms, struct expr_error *err)
{
	err->offset = 0;
	err->msg[0] = '\0';
	if (len > EXPR_MAX_LEN) {
		expr_errorf(err, EXPR_MAX_LEN, "expression too long (limit %d bytes)",
		            EXPR_MAX_LEN);
		return NULL;
	}
	const char *copy = arena_strndup(arena, len ? src : "", len);
	struct expr_node *root = expr_parse(arena, copy, len, err);
	if (!root || expr_check(arena, copy, root, syms, err) < 0)
		return NULL;
	if (want != VT_NULL && root->type != want) {
		expr_errorf(err, root->start, "expression must be %s, got %s", vtype_name(want),
		            vtype_name(root->type));
		return NULL;
	}
	struct expr *e = arena_alloc(arena, sizeof(*e));
	e->root = root;
	e->type = root->type;
	e->src = copy;
	e->len = len;
	e->arena = arena;
	return e;
}

enum vtype expr_type(const struct expr *e)
{
	return e->type;
}
