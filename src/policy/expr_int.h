/* expr_int: the pieces of the expression module that its own files share
 * — tokens, the lexer state, the syntax tree and the function table. Only
 * src/policy/expr_*.c and the module's unit test include this; the engine
 * uses expr.h alone. Nothing declared here may allocate outside the
 * caller's arena, and no node is ever freed on its own. */
#ifndef CHIPGATE_POLICY_EXPR_INT_H
#define CHIPGATE_POLICY_EXPR_INT_H

#include "policy/expr.h"

/* ---- tokens and the lexer (expr_lex.c) -------------------------------- */

enum expr_tok {
	TK_EOF,
	TK_ERROR, /* the lexer has filled the error; stop */
	TK_NUM,
	TK_STR,
	TK_NAME, /* a dotted path or a function name */
	TK_TRUE,
	TK_FALSE,
	TK_NULL,
	TK_IN,
	TK_MATCHES,
	TK_AND,
	TK_OR,
	TK_NOT,
	TK_EQ,
	TK_NE,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_LPAREN,
	TK_RPAREN,
	TK_LBRACK,
	TK_RBRACK,
	TK_COMMA,
};

struct expr_token {
	enum expr_tok kind;
	size_t off, len; /* the token's bytes in the source */
	double num;      /* TK_NUM */
	const char *str; /* TK_STR: decoded text in the arena, NUL-terminated */
	size_t str_len;  /* TK_STR: decoded length (may contain NUL bytes) */
};

struct expr_lexer {
	const char *src; /* the expression's own copy, NUL-terminated */
	size_t len, pos;
	struct arena *arena;
	struct expr_error *err;
	struct expr_token tok; /* the current token */
};

void expr_lex_init(struct expr_lexer *ls, const char *src, size_t len, struct arena *arena,
                   struct expr_error *err);
/* Advance to the next token; on a lexical error tok.kind is TK_ERROR and
 * *err is filled. */
void expr_lex_next(struct expr_lexer *ls);
/* The spelling of a token kind, for messages ("&&", "end of expression"). */
const char *expr_tok_name(enum expr_tok kind);

/* Fill ERR (offset OFF) with a formatted message. Values from the input
 * must go through "%s" with expr_quote(), never into FMT. Returns -1 so a
 * caller can `return expr_errorf(...)`. */
int expr_errorf(struct expr_error *err, size_t off, const char *fmt, ...) CG_PRINTF(3, 4);
/* Quote S (N bytes) for a message: escapes, cut to ~60 characters. */
const char *expr_quote(char *out, size_t size, const char *s, size_t n);

/* ---- the syntax tree (expr_parse.c builds, expr_check.c types) --------- */

enum expr_kind {
	EK_LIT,   /* constant value in lit (also folded date() and -NUMBER) */
	EK_NAME,  /* a resolved path: sym */
	EK_LIST,  /* list literal: kids are the items */
	EK_OR,    /* kids[0] || kids[1] || ... */
	EK_AND,   /* kids[0] && kids[1] && ... */
	EK_NOT,   /* !kids[0] */
	EK_CMP,   /* kids[0] op kids[1]; op is TK_EQ..TK_GE, TK_IN, TK_MATCHES */
	EK_ARITH, /* kids[0] ops[1] kids[1] ops[2] ...; ops are TK_PLUS..TK_SLASH */
	EK_NEG,   /* -kids[0] */
	EK_CALL,  /* fn(kids...) */
};

enum expr_fn {
	FN_HAS,
	FN_LOWER,
	FN_UPPER,
	FN_STARTS_WITH,
	FN_ENDS_WITH,
	FN_CONTAINS,
	FN_DATE,
	FN_DAYS_BETWEEN,
	FN_MIN,
	FN_MAX,
	FN_ABS,
};

struct expr_fninfo {
	const char *name;
	enum expr_fn fn;
	int min_args, max_args; /* max_args -1: no upper bound */
};

/* The function named NAME (len bytes), or NULL. */
const struct expr_fninfo *expr_fn_lookup(const char *name, size_t len);

/* A growable buffer for one node's string result (lower/upper). It sits
 * behind a pointer so that a const node can still write it. Grown from the
 * expression's arena, doubling, so it stops growing after warm-up and is
 * freed with everything else. */
struct expr_scratch {
	char *buf;
	size_t cap;
};

struct expr_node {
	enum expr_kind kind;
	enum vtype type;      /* static type (set by the checker) */
	enum vtype item_type; /* VT_LIST: VT_STR or VT_NUM; VT_NULL for [] */
	size_t start, end;    /* source slice of the whole sub-expression */
	size_t op_off;        /* offset of the operator or function name */
	enum expr_tok op;     /* EK_CMP operator */
	enum expr_fn fn;      /* EK_CALL */
	struct expr_node **kids;
	size_t nkids;
	enum expr_tok *ops;           /* EK_ARITH: ops[i] joins kids[i-1] and kids[i] */
	size_t *op_offs;              /* EK_ARITH: offset of ops[i] */
	struct value lit;             /* EK_LIT; EK_LIST when all items are constant */
	bool is_const;                /* EK_LIST: lit holds the whole list */
	struct expr_sym sym;          /* EK_NAME */
	struct value *items;          /* EK_LIST, non-constant: eval writes items here */
	struct expr_scratch *scratch; /* EK_CALL lower/upper */
};

struct expr {
	struct expr_node *root;
	enum vtype type;
	const char *src; /* arena copy, for trace slices */
	size_t len;
	struct arena *arena; /* grows scratch buffers */
};

/* Parse SRC into a tree (no names resolved, no types). */
struct expr_node *expr_parse(struct arena *arena, const char *src, size_t len,
                             struct expr_error *err);
/* Resolve names, fold literal dates and type every node. 0 or -1. */
int expr_check(struct arena *arena, const char *src, struct expr_node *root,
               const struct expr_symbols *syms, struct expr_error *err);

#endif
