/* expr: the policy expression language of DESIGN §6 — lexer (expr_lex.c),
 * parser (expr_parse.c), checker (expr_check.c) and evaluator
 * (expr_eval.c). Internal to src/policy; the engine (policy.c) is its only
 * user. The language knows nothing about assets or chips: names are
 * resolved through a symbol callback at compile time and loaded through a
 * load callback at evaluation time, so this module is testable alone.
 *
 * Must never: allocate per evaluation (after the first few evaluations have
 * grown the scratch buffer), recurse deeper than EXPR_MAX_DEPTH, or report
 * an error at evaluation time — every name, function, arity and type error
 * is found by expr_compile(). */
#ifndef CHIPGATE_POLICY_EXPR_H
#define CHIPGATE_POLICY_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

#define EXPR_MAX_DEPTH 64  /* nesting of parentheses, operators, calls */
#define EXPR_MAX_LEN 4096  /* bytes of source */

/* Static and dynamic types. A value of any static type may be null at run
 * time (a missing fact); VT_NULL as a static type is the literal `null`. */
enum vtype { VT_NULL, VT_BOOL, VT_NUM, VT_STR, VT_DATE, VT_LIST };

/* A value. Strings are (pointer, length), not necessarily NUL-terminated,
 * and borrowed: from the expression, the symbol constants, the loaded
 * asset, or the program's scratch buffer (valid until the next eval). A
 * list's items are borrowed the same way. */
struct value {
	enum vtype t;
	union {
		bool b;
		double n;
		struct {
			const char *p;
			size_t len;
		} s;
		cg_date d;
		struct {
			const struct value *v;
			size_t n;
		} l;
	} u;
};

/* What a dotted name resolves to. */
struct expr_sym {
	enum vtype type;       /* static type; for VT_LIST the items' type in item_type */
	enum vtype item_type;  /* for lists: VT_STR or VT_NUM */
	bool is_const;         /* true: `constant` is the value, no load at run time */
	struct value constant; /* borrowed; must outlive the compiled expression */
	int slot;              /* for loads: passed back to expr_env.load */
	int arg;               /* for loads: e.g. an index of an attrs name */
};

/* Resolve NAME (a dotted path such as "asset.site" or "lists.gov", len
 * bytes, not NUL-terminated). Return 0 and fill *out, or -1 if unknown;
 * on -1 the resolver may write a hint ("did you mean 'asset.site'?") into
 * hint (hint_size bytes), or leave it empty. */
typedef int (*expr_resolve_fn)(void *ctx, const char *name, size_t len, struct expr_sym *out,
			       char *hint, size_t hint_size);

/* Load the run-time value of a (slot, arg) symbol into *out. Must not fail:
 * a missing value is VT_NULL. */
typedef void (*expr_load_fn)(void *env, int slot, int arg, struct value *out);

struct expr_symbols {
	expr_resolve_fn resolve;
	void *ctx;
};

/* A compile error: BYTE offset into the source (0-based) and a message in
 * DESIGN's style (lowercase, offending token in single quotes, e.g.
 * "unknown name 'asset.sit' (did you mean 'asset.site'?)"). */
struct expr_error {
	size_t offset;
	char msg[512];
};

struct expr; /* a compiled expression, allocated in the caller's arena */

/* Compile SRC (len bytes) into an expression allocated in ARENA (the arena
 * owns everything; there is no expr_free). WANT is the required result type
 * (VT_BOOL for `when`/`scope`, VT_NUM for `weight`, VT_STR for `group_by`),
 * or VT_NULL for "any". Returns NULL and fills *err on the first error.
 * Lint wants all errors of a file: it compiles every expression, so one
 * error per expression is enough. */
struct expr *expr_compile(struct arena *arena, const char *src, size_t len, enum vtype want,
			  const struct expr_symbols *syms, struct expr_error *err);

/* Static result type of a compiled expression. */
enum vtype expr_type(const struct expr *e);

/* Evaluate E against ENV (passed to load). The result may borrow from the
 * expression's scratch buffer until the next evaluation of E.
 * Logic is three-valued (Kleene): null && false = false, null && true =
 * null, null || true = true, !null = null. Every comparison (==, !=, <,
 * <=, >, >=, in, matches) with a null operand is null, except == and !=
 * against the literal null, which test for absence (x == null is true or
 * false, never null); `x in list`
 * is null when x is not found but an item is null; arithmetic with null
 * is null; division by zero is null. */
void expr_eval(const struct expr *e, expr_load_fn load, void *env, struct value *out);

/* Evaluate as expr_eval does, and call TRACE once for every operand node
 * (names, calls, operators — not literals), innermost first, with the
 * source text of that sub-expression and its value. For `explain`. */
typedef void (*expr_trace_fn)(void *ctx, const char *src, size_t len, const struct expr_sym *sym,
			      const struct value *v);
void expr_eval_trace(const struct expr *e, expr_load_fn load, void *env, struct value *out,
		     expr_trace_fn trace, void *trace_ctx);

/* When E evaluates to null, call FN once for each operand that made it
 * so, left to right: a name (SRC, LEN: its text) whose value is null, or
 * the literal null (SRC NULL). A null operand that does not decide the
 * result (false && x, true || x) is not reported; a name may be reported
 * more than once. Nothing is reported when E is not null, or when it is
 * null without a null operand (a division by zero). */
typedef void (*expr_null_fn)(void *ctx, const char *src, size_t len);
void expr_null_sources(const struct expr *e, expr_load_fn load, void *env, expr_null_fn fn, void *ctx);

/* Render V for messages and templates: strings raw, numbers with %.15g
 * (integers without a decimal point), dates YYYY-MM-DD, lists as
 * [a, b], null as "null", bools true/false. */
void value_format(const struct value *v, struct strbuf *out);
const char *vtype_name(enum vtype t);

/* Glob match of DESIGN's `matches`: '*' any run, '?' one byte, '[...]'
 * classes; case-sensitive; no allocation. */
bool expr_glob(const char *pat, size_t plen, const char *s, size_t slen);

#endif
