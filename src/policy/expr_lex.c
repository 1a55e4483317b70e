/* expr_lex: turns the source of a policy expression into tokens for
 * expr_parse.c, and holds the error helpers the whole module shares. It
 * decodes string literals into the compile arena and parses numbers
 * strictly (decimal only: no hex, inf or nan). It must never read past
 * the source's length, never allocate outside the arena, and never pass
 * input text as a format string. */
#include "policy/expr_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int expr_errorf(struct expr_error *err, size_t off, const char *fmt, ...)
{
	va_list ap;
	err->offset = off;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

const char *expr_quote(char *out, size_t size, const char *s, size_t n)
{
	return diag_excerpt(out, size, s, n);
}

const char *expr_tok_name(enum expr_tok kind)
{
	static const char *const names[] = {
	    [TK_EOF] = "end of expression",
	    [TK_ERROR] = "error",
	    [TK_NUM] = "number",
	    [TK_STR] = "string",
	    [TK_NAME] = "name",
	    [TK_TRUE] = "true",
	    [TK_FALSE] = "false",
	    [TK_NULL] = "null",
	    [TK_IN] = "in",
	    [TK_MATCHES] = "matches",
	    [TK_AND] = "&&",
	    [TK_OR] = "||",
	    [TK_NOT] = "!",
	    [TK_EQ] = "==",
	    [TK_NE] = "!=",
	    [TK_LT] = "<",
	    [TK_LE] = "<=",
	    [TK_GT] = ">",
	    [TK_GE] = ">=",
	    [TK_PLUS] = "+",
	    [TK_MINUS] = "-",
	    [TK_STAR] = "*",
	    [TK_SLASH] = "/",
	    [TK_LPAREN] = "(",
	    [TK_RPAREN] = ")",
	    [TK_LBRACK] = "[",
	    [TK_RBRACK] = "]",
	    [TK_COMMA] = ",",
	};
	if ((size_t)kind < CG_ARRAY_LEN(names) && names[kind])
		return names[kind];
	return "?";
}

void expr_lex_init(struct expr_lexer *ls, const char *src, size_t len, struct arena *arena,
                   struct expr_error *err)
{
	memset(ls, 0, sizeof(*ls));
	ls->src = src;
	ls->len = len;
	ls->arena = arena;
	ls->err = err;
}

static int peek(const struct expr_lexer *ls, size_t ahead)
{
	size_t i = ls->pos + ahead;
	return i < ls->len ? (unsigned char)ls->src[i] : -1;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static void lex_fail(struct expr_lexer *ls, size_t off, const char *msg, size_t qoff, size_t qlen)
{
	char q[256];
	expr_quote(q, sizeof(q), ls->src + qoff, qlen);
	expr_errorf(ls->err, off, "%s '%s'", msg, q);
	ls->tok.kind = TK_ERROR;
}

/* ---- names ------------------------------------------------------------ */

static bool seg_is(const struct expr_lexer *ls, size_t start, size_t end, const char *word)
{
	size_t n = strlen(word);
	return end - start == n && memcmp(ls->src + start, word, n) == 0;
}

/* Whether segment number SEG of the path starting at START may contain
 * '-': list names (lists.NAME) and inventory attributes (asset.attrs.NAME)
 * come from user data where dashes are common. */
static bool seg_allows_dash(const struct expr_lexer *ls, size_t start, size_t seg,
                            const size_t *ends)
{
	if (seg == 1)
		return seg_is(ls, start, ends[0], "lists");
	if (seg == 2)
		return seg_is(ls, start, ends[0], "asset") &&
		       seg_is(ls, ends[0] + 1, ends[1], "attrs");
	return false;
}

/* identifier := [A-Za-z_] { [A-Za-z0-9_] | '-' [A-Za-z0-9] (see above) } */
static void lex_segment(struct expr_lexer *ls, bool dash)
{
	ls->pos++;
	for (;;) {
		int c = peek(ls, 0);
		if (is_alnum(c) || (dash && c == '-' && is_alnum(peek(ls, 1))))
			ls->pos++;
		else
			break;
	}
}

static const struct {
	const char *word;
	enum expr_tok kind;
} keywords[] = {
    {"true", TK_TRUE}, {"false", TK_FALSE},     {"null", TK_NULL},
    {"in", TK_IN},     {"matches", TK_MATCHES},
};

/* path := identifier { "." identifier } */
static void lex_name(struct expr_lexer *ls)
{
	size_t start = ls->pos, ends[3] = {0, 0, 0}, seg = 0;
	for (;;) {
		lex_segment(ls, seg_allows_dash(ls, start, seg, ends));
		if (seg < CG_ARRAY_LEN(ends))
			ends[seg] = ls->pos;
		if (peek(ls, 0) != '.')
			break;
		if (!is_alpha(peek(ls, 1))) {
			lex_fail(ls, start, "incomplete name", start, ls->pos + 1 - start);
			return;
		}
		ls->pos++;
		seg++;
	}
	ls->tok.kind = TK_NAME;
	ls->tok.len = ls->pos - start;
	for (size_t i = 0; i < CG_ARRAY_LEN(keywords); i++)
		if (seg_is(ls, start, ls->pos, keywords[i].word))
			ls->tok.kind = keywords[i].kind;
}

/* ---- numbers ---------------------------------------------------------- */

static void skip_digits(struct expr_lexer *ls)
{
	while (is_digit(peek(ls, 0)))
		ls->pos++;
}

/* NUMBER := digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ] */
static void lex_number(struct expr_lexer *ls)
{
	size_t start = ls->pos;
	skip_digits(ls);
	if (peek(ls, 0) == '.' && is_digit(peek(ls, 1))) {
		ls->pos++;
		skip_digits(ls);
	}
	int e = peek(ls, 0);
	if (e == 'e' || e == 'E') {
		size_t sign = (peek(ls, 1) == '+' || peek(ls, 1) == '-') ? 1 : 0;
		if (is_digit(peek(ls, 1 + sign))) {
			ls->pos += 1 + sign;
			skip_digits(ls);
		}
	}
	if (is_alnum(peek(ls, 0)) || peek(ls, 0) == '.') {
		while (is_alnum(peek(ls, 0)) || peek(ls, 0) == '.')
			ls->pos++;
		lex_fail(ls, start, "invalid number", start, ls->pos - start);
		return;
	}
	size_t n = ls->pos - start;
	char *copy = arena_strndup(ls->arena, ls->src + start, n);
	char *end;
	double v = strtod(copy, &end);
	if (end != copy + n || !isfinite(v)) {
		lex_fail(ls, start, "number out of range", start, n);
		return;
	}
	ls->tok.kind = TK_NUM;
	ls->tok.num = v;
	ls->tok.len = n;
}

/* ---- strings ---------------------------------------------------------- */

static int unescape(int c)
{
	switch (c) {
	case '\'':
	case '"':
	case '\\':
		return c;
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return -1;
	}
}

/* Find the closing quote; check escapes. Returns its offset or -1. */
static long find_string_end(struct expr_lexer *ls, size_t start)
{
	int q = (unsigned char)ls->src[start];
	for (size_t i = start + 1; i < ls->len; i++) {
		int c = (unsigned char)ls->src[i];
		if (c == q)
			return (long)i;
		if (c != '\\')
			continue;
		if (i + 1 >= ls->len)
			break;
		if (unescape((unsigned char)ls->src[i + 1]) < 0) {
			lex_fail(ls, i, "invalid escape", i, 2);
			return -1;
		}
		i++;
	}
	expr_errorf(ls->err, start, "unterminated string");
	ls->tok.kind = TK_ERROR;
	return -1;
}

/* STRING := "'" { char | escape } "'" | '"' { char | escape } '"'
 * escape := "\'" | "\"" | "\\" | "\n" | "\t" */
static void lex_string(struct expr_lexer *ls)
{
	size_t start = ls->pos;
	long end = find_string_end(ls, start);
	if (end < 0)
		return;
	char *out = arena_alloc(ls->arena, (size_t)end - start);
	size_t n = 0;
	for (size_t i = start + 1; i < (size_t)end; i++) {
		int c = (unsigned char)ls->src[i];
		if (c == '\\')
			c = unescape((unsigned char)ls->src[++i]);
		out[n++] = (char)c;
	}
	out[n] = '\0';
	ls->pos = (size_t)end + 1;
	ls->tok.kind = TK_STR;
	ls->tok.str = out;
	ls->tok.str_len = n;
	ls->tok.len = ls->pos - start;
}

/* ---- operators -------------------------------------------------------- */

/* Two-byte operators first, then one-byte ones. */
static const struct {
	const char *spelling;
	enum expr_tok kind;
} operators[] = {
    {"&&", TK_AND},   {"||", TK_OR},    {"==", TK_EQ},   {"!=", TK_NE},    {"<=", TK_LE},
    {">=", TK_GE},    {"!", TK_NOT},    {"<", TK_LT},    {">", TK_GT},     {"+", TK_PLUS},
    {"-", TK_MINUS},  {"*", TK_STAR},   {"/", TK_SLASH}, {"(", TK_LPAREN}, {")", TK_RPAREN},
    {"[", TK_LBRACK}, {"]", TK_RBRACK}, {",", TK_COMMA},
};

/* Bytes of the UTF-8 sequence led by C, so a message quotes a whole
 * character rather than half of one. */
static size_t char_len(const struct expr_lexer *ls, int c)
{
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return n < ls->len - ls->pos ? n : ls->len - ls->pos;
}

static void lex_operator(struct expr_lexer *ls)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(operators); i++) {
		size_t n = strlen(operators[i].spelling);
		if (ls->len - ls->pos >= n &&
		    memcmp(ls->src + ls->pos, operators[i].spelling, n) == 0) {
			ls->tok.kind = operators[i].kind;
			ls->tok.len = n;
			ls->pos += n;
			return;
		}
	}
	int c = peek(ls, 0);
	const char *hint = c == '&'   ? " (did you mean '&&'?)"
	                   : c == '|' ? " (did you mean '||'?)"
	                   : c == '=' ? " (did you mean '=='?)"
	                              : "";
	char q[64];
	expr_quote(q, sizeof(q), ls->src + ls->pos, char_len(ls, c));
	expr_errorf(ls->err, ls->pos, "unexpected character '%s'%s", q, hint);
	ls->tok.kind = TK_ERROR;
}

void expr_lex_next(struct expr_lexer *ls)
{
	int c;
	while ((c = peek(ls, 0)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		ls->pos++;
	memset(&ls->tok, 0, sizeof(ls->tok));
	ls->tok.off = ls->pos;
	if (c < 0)
		ls->tok.kind = TK_EOF;
	else if (is_alpha(c))
		lex_name(ls);
	else if (is_digit(c))
		lex_number(ls);
	else if (c == '\'' || c == '"')
		lex_string(ls);
	else
		lex_operator(ls);
}
