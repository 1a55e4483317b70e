/* A validating JSON scanner fed in pieces (see jscan.h). One byte-driven
 * state machine with fast paths for the runs that make up most of a large
 * document -- plain string bytes and indentation -- so that a signed
 * fleet report scans at several hundred megabytes a second. It must
 * accept exactly the texts jansson accepts with JSON_REJECT_DUPLICATES
 * (numbers aside: see jscan.h), whatever the chunk boundaries, and never
 * read outside the bytes it is given. */
#include "attest/jscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"

enum state {
	ST_VALUE,     /* a value is expected */
	ST_ARR_FIRST, /* after '[': a value or ']' */
	ST_OBJ_FIRST, /* after '{': a key or '}' */
	ST_KEY,       /* after ',' in an object: a key */
	ST_COLON,     /* after a key */
	ST_AFTER,     /* after a value: ',', a closing bracket, or the end */
	ST_STRING,
	ST_NUMBER,
	ST_LITERAL,
	ST_FAILED,
};

/* sub-states of a string: the escape being read */
enum { ESC_NONE, ESC_START, ESC_HEX, ESC_LOW_BACKSLASH, ESC_LOW_U };
/* sub-states of a number: what was last read */
enum { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };

#define KEYS_LINEAR 32

/* An open object or array, with the keys an object has had. */
struct jscan_frame {
	bool object;
	uint64_t (*keys)[2]; /* two independent hashes of each decoded key */
	size_t nkeys, capkeys;
	struct hmap index; /* past KEYS_LINEAR keys: by the first hash, into KEYS */
};

/* 1 for the bytes a string holds as they are: printable ASCII other than
 * the quote and the backslash. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Nonzero when one of the eight bytes of W is not plain (may also be for
 * a plain byte after one that is not: the byte loop then decides). */
static inline uint64_t special_byte(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
	return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w) | w) & HIGHS;
}

static const unsigned char plain[256] = {
    ['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f, '"' = 0x22 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,             /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,             /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,             /* 0x50, '\\' = 0x5c */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,             /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,             /* 0x70 */
};

void jscan_init(struct jscan *s)
{
	memset(s, 0, sizeof(*s));
	s->capture_max = 4096;
	s->line = 1;
	s->state = ST_VALUE;
	s->err = NULL;
}

void jscan_release(struct jscan *s)
{
	for (size_t i = 0; i < s->cap; i++) {
		free(s->stack[i].keys);
		hmap_release(&s->stack[i].index);
	}
	free(s->stack);
	sb_release(&s->str);
	s->stack = NULL;
	s->cap = s->depth = 0;
}

static int fail(struct jscan *s, size_t off, const char *why)
{
	s->state = ST_FAILED;
	s->err = why;
	s->err_off = off;
	s->err_line = (int)(s->line < (size_t)2147483647 ? s->line : 2147483647);
	size_t col = off >= s->line_start ? off - s->line_start + 1 : 1;
	s->err_col = (int)(col < (size_t)2147483647 ? col : 2147483647);
	return -1;
}

/* A callback asked to stop. */
static int stopped(struct jscan *s, size_t off)
{
	fail(s, off, "");
	return -1;
}

static int event(struct jscan *s, enum jscan_kind kind, enum jscan_type type, size_t depth,
                 size_t off)
{
	if (!s->on_event || depth > s->event_depth)
		return 0;
	struct jscan_event e = {kind, type, depth, off, NULL, 0, false, false};
	if (kind == JE_KEY || (kind == JE_END && type == JS_STRING && s->smode == JS_CAPTURE)) {
		e.str = sb_str(&s->str);
		e.len = s->str.len;
		e.truncated = s->truncated;
	}
	if (kind == JE_END && type == JS_STRING)
		e.escaped = s->escaped;
	return s->on_event(s, &e) ? stopped(s, off) : 0;
}

/* ---- duplicate keys -------------------------------------------------------- */

/* Record the key just decoded in the innermost object: -1 when it has
 * had that key already. Keys are compared by a 64-bit hash of their
 * decoded bytes and by their length, first and last bytes: a collision
 * of all these would refuse a document, never accept one with a
 * duplicate. */
static int key_add(struct jscan *s)
{
	struct jscan_frame *f = &s->stack[s->depth - 1];
	const char *k = s->str.buf ? s->str.buf : "";
	size_t n = s->str.len;
	uint64_t head = 0, tail = 0;
	memcpy(&head, k, n < 8 ? n : 8);
	if (n > 8)
		memcpy(&tail, k + n - (n < 16 ? n - 8 : 8), n < 16 ? n - 8 : 8);
	uint64_t h[2] = {hash_mem(k, n), (head * 0x9e3779b97f4a7c15ull) ^ tail ^ ((uint64_t)n << 56)};
	if (f->nkeys < KEYS_LINEAR) {
		for (size_t i = 0; i < f->nkeys; i++)
			if (f->keys[i][0] == h[0] && f->keys[i][1] == h[1])
				return -1;
	} else {
		if (f->nkeys == KEYS_LINEAR) /* a large object: index the keys so far */
			for (size_t i = 0; i < f->nkeys; i++)
				hmap_add(&f->index, f->keys[i][0], i);
		hmap_reserve(&f->index, f->nkeys + 1);
		struct hmap_probe p = hmap_probe(&f->index, h[0]);
		for (size_t i; (i = hmap_next(&f->index, &p)) != HMAP_NONE;)
			if (f->keys[i][0] == h[0] && f->keys[i][1] == h[1])
				return -1;
		hmap_put(&f->index, &p, f->nkeys);
	}
	XGROW(f->keys, f->capkeys, f->nkeys + 1);
	f->keys[f->nkeys][0] = h[0];
	f->keys[f->nkeys][1] = h[1];
	f->nkeys++;
	return 0;
}

/* ---- values ------------------------------------------------------------------ */

static int push(struct jscan *s, bool object, size_t off)
{
	if (s->depth >= JSCAN_MAX_DEPTH)
		return fail(s, off, "maximum nesting depth exceeded");
	if (s->depth == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		s->stack = xrealloc(s->stack, cap * sizeof(*s->stack));
		memset(s->stack + s->cap, 0, (cap - s->cap) * sizeof(*s->stack));
		s->cap = cap;
	}
	struct jscan_frame *f = &s->stack[s->depth++];
	f->object = object;
	f->nkeys = 0;
	if (f->index.n) /* a reused frame: keep the slots, forget the keys */
		hmap_clear(&f->index);
	return 0;
}

/* A value of TYPE starts at OFF. */
static int begin(struct jscan *s, enum jscan_type type, size_t off)
{
	s->vstart = off;
	if (type == JS_STRING) {
		s->smode = s->mode;
		s->in_key = false;
		s->escaped = s->truncated = false;
		sb_reset(&s->str);
		s->sub = ESC_NONE;
		s->nutf = 0;
	}
	s->mode = JS_SKIP;
	return event(s, JE_BEGIN, type, s->depth, off);
}

/* A value of TYPE ended just before OFF. */
static int end(struct jscan *s, enum jscan_type type, size_t off)
{
	s->state = ST_AFTER;
	return event(s, JE_END, type, s->depth, off);
}

/* Start the value whose first byte C is at OFF. */
static int value_start(struct jscan *s, unsigned char c, size_t off)
{
	switch (c) {
	case '{':
		if (begin(s, JS_OBJECT, off) != 0 || push(s, true, off) != 0)
			return -1;
		s->state = ST_OBJ_FIRST;
		return 0;
	case '[':
		if (begin(s, JS_ARRAY, off) != 0 || push(s, false, off) != 0)
			return -1;
		s->state = ST_ARR_FIRST;
		return 0;
	case '"':
		s->state = ST_STRING;
		return begin(s, JS_STRING, off);
	case 't':
	case 'f':
	case 'n':
		s->lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
		s->sub = 1;
		s->state = ST_LITERAL;
		return begin(s, JS_LITERAL, off);
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			s->sub = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
			s->state = ST_NUMBER;
			return begin(s, JS_NUMBER, off);
		}
		return fail(s, off, "'[', '{', a string, a number, true, false or null expected");
	}
}

/* CLOSE ('}' or ']') at OFF ends the innermost container. */
static int close_container(struct jscan *s, unsigned char close, size_t off)
{
	bool object = close == '}';
	if (s->depth == 0 || s->stack[s->depth - 1].object != object)
		return fail(s, off, object ? "unexpected '}'" : "unexpected ']'");
	s->depth--;
	return end(s, object ? JS_OBJECT : JS_ARRAY, off + 1);
}

/* ---- strings ------------------------------------------------------------------ */

/* Decoded string bytes, to wherever the current string goes. */
static int out(struct jscan *s, const char *p, size_t n, size_t off)
{
	if (s->in_key) {
		sb_add(&s->str, p, n);
		return 0;
	}
	switch (s->smode) {
	case JS_CAPTURE: {
		size_t room = s->capture_max > s->str.len ? s->capture_max - s->str.len : 0;
		if (n > room)
			s->truncated = true;
		if (room)
			sb_add(&s->str, p, n < room ? n : room);
		return 0;
	}
	case JS_STREAM:
		return s->on_chunk && s->on_chunk(s, p, n) != 0 ? stopped(s, off) : 0;
	default: return 0;
	}
}

/* Code point CP as UTF-8, out. */
static int out_cp(struct jscan *s, unsigned cp, size_t off)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return out(s, b, n, off);
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The closing quote at OFF. */
static int string_end(struct jscan *s, size_t off)
{
	if (!s->in_key)
		return end(s, JS_STRING, off + 1);
	if (key_add(s) != 0) {
		char q[80];
		snprintf(s->msg, sizeof(s->msg), "duplicate object key '%s'",
		         diag_excerpt(q, sizeof(q), sb_str(&s->str), s->str.len));
		return fail(s, s->vstart, s->msg);
	}
	s->state = ST_COLON;
	return event(s, JE_KEY, JS_STRING, s->depth, s->vstart);
}

/* One byte of an escape sequence (sub-state not ESC_NONE). */
static int escape_byte(struct jscan *s, unsigned char c, size_t off)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	switch (s->sub) {
	case ESC_START: {
		if (c == 'u') {
			s->sub = ESC_HEX;
			s->u = 0;
			s->nhex = 0;
			return 0;
		}
		const char *e = c ? strchr(from, c) : NULL;
		if (!e)
			return fail(s, off, "invalid escape");
		s->sub = ESC_NONE;
		return out(s, &to[e - from], 1, off);
	}
	case ESC_LOW_BACKSLASH:
		if (c != '\\')
			return fail(s, off, "invalid Unicode: a high surrogate without its low half");
		s->sub = ESC_LOW_U;
		return 0;
	case ESC_LOW_U:
		if (c != 'u')
			return fail(s, off, "invalid Unicode: a high surrogate without its low half");
		s->sub = ESC_HEX;
		s->u = 0;
		s->nhex = 0;
		return 0;
	default: break; /* ESC_HEX */
	}
	int v = hex_digit(c);
	if (v < 0)
		return fail(s, off, "invalid escape");
	s->u = s->u * 16 + (unsigned)v;
	if (++s->nhex < 4)
		return 0;
	unsigned u = s->u;
	if (s->hi) {
		if (u < 0xdc00 || u > 0xdfff)
			return fail(s, off, "invalid Unicode: a high surrogate without its low half");
		u = 0x10000 + ((s->hi - 0xd800) << 10) + (u - 0xdc00);
		s->hi = 0;
	} else if (u >= 0xd800 && u <= 0xdbff) {
		s->hi = u;
		s->sub = ESC_LOW_BACKSLASH;
		return 0;
	} else if (u >= 0xdc00 && u <= 0xdfff) {
		return fail(s, off, "invalid Unicode: a lone low surrogate");
	} else if (u == 0) {
		return fail(s, off, "\\u0000 is not allowed");
	}
	s->sub = ESC_NONE;
	return out_cp(s, u, off);
}

/* One byte of a multi-byte UTF-8 sequence (the lead byte included). */
static int utf8_byte(struct jscan *s, unsigned char c, size_t off)
{
	if (s->nutf == 0) {
		s->needutf = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
		           : c >= 0xf0 && c <= 0xf4                              ? 4
		                                                                 : 0;
		if (!s->needutf)
			return fail(s, off, "invalid UTF-8 in a string");
	} else if ((c & 0xc0) != 0x80) {
		return fail(s, off, "invalid UTF-8 in a string");
	}
	s->utf[s->nutf++] = c;
	if (s->nutf < s->needutf)
		return 0;
	unsigned cp = s->utf[0] & (s->needutf == 2 ? 0x1f : s->needutf == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < s->needutf; i++)
		cp = (cp << 6) | (s->utf[i] & 0x3f);
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[s->needutf] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(s, off, "invalid UTF-8 in a string");
	size_t n = s->nutf;
	s->nutf = 0;
	return out(s, (const char *)s->utf, n, off);
}

/* Scan string bytes from P (BASE is the offset of P[0]); returns how many
 * were taken, or -1. Stops after the closing quote. */
static ssize_t string_bytes(struct jscan *s, const unsigned char *p, size_t n, size_t base)
{
	size_t i = 0;
	while (i < n) {
		if (s->sub != ESC_NONE) {
			if (escape_byte(s, p[i], base + i) != 0)
				return -1;
			i++;
			continue;
		}
		if (s->nutf) {
			if (utf8_byte(s, p[i], base + i) != 0)
				return -1;
			i++;
			continue;
		}
		size_t j = i;
		/* eight bytes at a time while none is a quote, a backslash, a
		 * control character or past ASCII */
		for (uint64_t w; j + 8 <= n; j += 8) {
			memcpy(&w, p + j, 8);
			if (special_byte(w))
				break;
		}
		while (j < n && plain[p[j]])
			j++;
		if (j > i) {
			if (s->in_key || s->smode != JS_SKIP)
				if (out(s, (const char *)p + i, j - i, base + i) != 0)
					return -1;
			i = j;
			continue;
		}
		unsigned char c = p[i];
		if (c == '"') {
			if (s->hi)
				return fail(s, base + i, "invalid Unicode: a high surrogate without its low half");
			if (string_end(s, base + i) != 0)
				return -1;
			return (ssize_t)(i + 1);
		}
		if (c == '\\') {
			s->sub = ESC_START;
			s->escaped = true;
		} else if (c < 0x20) {
			return fail(s, base + i, "control character in a string");
		} else if (utf8_byte(s, c, base + i) != 0) {
			return -1;
		}
		i++;
	}
	return (ssize_t)n;
}

/* ---- numbers and literals ------------------------------------------------------- */

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* One byte of a number: 1 when C ends it (C is not part of it), 0 when
 * taken, -1 on an error. */
static int number_byte(struct jscan *s, unsigned char c, size_t off)
{
	switch (s->sub) {
	case N_MINUS:
		if (!is_digit(c))
			return fail(s, off, "invalid number");
		s->sub = c == '0' ? N_ZERO : N_INT;
		return 0;
	case N_ZERO:
	case N_INT:
	case N_FRAC:
		if (is_digit(c) && s->sub != N_ZERO)
			return 0;
		if (c == '.' && s->sub != N_FRAC) {
			s->sub = N_DOT;
			return 0;
		}
		if (c == 'e' || c == 'E') {
			s->sub = N_E;
			return 0;
		}
		return 1;
	case N_DOT:
		if (!is_digit(c))
			return fail(s, off, "invalid number");
		s->sub = N_FRAC;
		return 0;
	case N_E:
		if (c == '+' || c == '-') {
			s->sub = N_ESIGN;
			return 0;
		}
		/* fall through */
	case N_ESIGN:
		if (!is_digit(c))
			return fail(s, off, "invalid number");
		s->sub = N_EXP;
		return 0;
	default: /* N_EXP */
		return is_digit(c) ? 0 : 1;
	}
}

static bool number_complete(const struct jscan *s)
{
	return s->sub == N_ZERO || s->sub == N_INT || s->sub == N_FRAC || s->sub == N_EXP;
}

/* ---- the machine ----------------------------------------------------------------- */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

int jscan_feed(struct jscan *s, const char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t base = s->off, i = 0;
	if (s->state == ST_FAILED)
		return -1;
	while (i < n) {
		unsigned char c = p[i];
		size_t off = base + i;
		switch (s->state) {
		case ST_STRING: {
			ssize_t k = string_bytes(s, p + i, n - i, off);
			if (k < 0)
				return -1;
			i += (size_t)k;
			continue;
		}
		case ST_NUMBER: {
			int r = number_byte(s, c, off);
			if (r < 0)
				return -1;
			if (r == 0) {
				i++;
				continue;
			}
			if (end(s, JS_NUMBER, off) != 0)
				return -1;
			continue; /* C is looked at again, after the number */
		}
		case ST_LITERAL:
			if (c != (unsigned char)s->lit[s->sub])
				return fail(s, off, "invalid token (true, false or null expected)");
			i++;
			if (s->lit[++s->sub] == '\0' && end(s, JS_LITERAL, off + 1) != 0)
				return -1;
			continue;
		default: break;
		}
		if (is_space(c)) {
			/* indentation: eight spaces at a time */
			for (uint64_t w; i + 8 <= n; i += 8) {
				memcpy(&w, p + i, 8);
				if (w != ONES * ' ')
					break;
			}
			for (; i < n && is_space(p[i]); i++)
				if (p[i] == '\n') {
					s->line++;
					s->line_start = base + i + 1;
				}
			continue;
		}
		int rc = 0;
		switch (s->state) {
		case ST_ARR_FIRST:
			rc = c == ']' ? close_container(s, c, off) : value_start(s, c, off);
			break;
		case ST_VALUE: rc = value_start(s, c, off); break;
		case ST_OBJ_FIRST:
			if (c == '}') {
				rc = close_container(s, c, off);
				break;
			}
			/* fall through */
		case ST_KEY:
			if (c != '"') {
				rc = fail(s, off, "string or '}' expected");
				break;
			}
			s->state = ST_STRING;
			s->in_key = true;
			s->escaped = s->truncated = false;
			s->sub = ESC_NONE;
			s->nutf = 0;
			s->vstart = off;
			sb_reset(&s->str);
			break;
		case ST_COLON:
			if (c != ':')
				rc = fail(s, off, "':' expected");
			else
				s->state = ST_VALUE;
			break;
		case ST_AFTER:
			if (s->depth == 0)
				rc = fail(s, off, "end of file expected");
			else if (c == ',')
				s->state = s->stack[s->depth - 1].object ? ST_KEY : ST_VALUE;
			else if (c == '}' || c == ']')
				rc = close_container(s, c, off);
			else
				rc = fail(s, off, s->stack[s->depth - 1].object ? "',' or '}' expected"
				                                                : "',' or ']' expected");
			break;
		default: rc = -1; break;
		}
		if (rc != 0)
			return -1;
		i++;
	}
	s->off = base + n;
	return 0;
}

int jscan_finish(struct jscan *s)
{
	if (s->state == ST_FAILED)
		return -1;
	if (s->state == ST_NUMBER && s->depth == 0 && number_complete(s) &&
	    end(s, JS_NUMBER, s->off) != 0)
		return -1;
	if (s->state != ST_AFTER || s->depth != 0) /* at the last byte, as jansson says */
		return fail(s, s->off ? s->off - 1 : 0, "premature end of input");
	return 0;
}

int jscan_validate(struct jscan *s, const char *p, size_t n)
{
	jscan_init(s);
	int rc = jscan_feed(s, p, n) == 0 && jscan_finish(s) == 0 ? 0 : -1;
	jscan_release(s);
	return rc;
}
