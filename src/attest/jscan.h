/* jscan: a validating JSON scanner fed its input in pieces, for DSSE
 * envelopes and in-toto Statements too large to hold as a jansson tree
 * (a fleet's signed report is hundreds of megabytes; its tree, several
 * gigabytes). It checks what jansson's json_loadb(JSON_REJECT_DUPLICATES)
 * checks -- the grammar of RFC 8259, UTF-8 in strings, escapes and
 * surrogate pairs, no \u0000, no duplicate key in any object, nothing but
 * whitespace after the value -- and a nesting depth, and tells its caller
 * where the values near the top are (events), delivering the strings it
 * asks for decoded, whole (capture) or in pieces (stream). It never
 * builds a tree and allocates only for keys, captures and its stack.
 *
 * Number ranges are not checked (jansson refuses integers that overflow
 * 64 bits); nothing chipgate signs or reads depends on one. */
#ifndef CHIPGATE_ATTEST_JSCAN_H
#define CHIPGATE_ATTEST_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Deepest nesting accepted (jansson's is 2048; chipgate's documents are
 * six levels deep). */
#define JSCAN_MAX_DEPTH 512

enum jscan_type { JS_OBJECT, JS_ARRAY, JS_STRING, JS_NUMBER, JS_LITERAL };

/* What happens to the string value that comes next (set by the caller
 * in its KEY event, or before feeding for a top-level string). */
enum jscan_mode {
	JS_SKIP,    /* validated only */
	JS_CAPTURE, /* decoded into the END event's str, up to capture_max bytes */
	JS_STREAM,  /* decoded and handed to on_chunk piece by piece */
};

enum jscan_kind {
	JE_KEY,   /* a member's key (str, len: decoded), before its value */
	JE_BEGIN, /* a value starts at off */
	JE_END,   /* a value ends: off is just past its last byte */
};

struct jscan_event {
	enum jscan_kind kind;
	enum jscan_type type; /* BEGIN, END */
	size_t depth;         /* the value's: the top-level value is 0, its members 1 */
	size_t off;
	const char *str; /* KEY; END of a captured string (NUL-terminated) */
	size_t len;
	bool truncated; /* END of a captured string longer than capture_max */
	bool escaped;   /* END of a string: it had an escape sequence */
};

struct jscan_frame;

struct jscan {
	/* set by the caller after jscan_init */
	int (*on_event)(struct jscan *s, const struct jscan_event *e); /* nonzero: stop */
	int (*on_chunk)(struct jscan *s, const char *p, size_t n);     /* JS_STREAM */
	void *ctx;
	size_t event_depth;  /* events only for values at most this deep (default 0) */
	size_t capture_max;  /* default 4096 */
	enum jscan_mode mode; /* for the next string value; reset when a value begins */

	/* the error, once a feed or finish returned -1 */
	const char *err; /* the reason; "" when a callback stopped the scan */
	size_t err_off;
	int err_line, err_col;

	/* private */
	int state, sub;
	size_t off, line, line_start;
	struct jscan_frame *stack;
	size_t depth, cap;
	bool in_key, escaped;
	enum jscan_mode smode;
	size_t vstart;         /* where the current string or number began */
	struct strbuf str;     /* a key or captured string being decoded */
	bool truncated;
	unsigned u, hi;        /* \u digits, and a pending high surrogate */
	size_t nhex;           /* how many \u digits were read */
	unsigned char utf[4];  /* a UTF-8 sequence being checked */
	size_t nutf, needutf;
	const char *lit;       /* the literal being matched */
	char msg[128];         /* err, when it quotes the input */
};

/* Ready S to scan one JSON text. Release with jscan_release. */
void jscan_init(struct jscan *s);
void jscan_release(struct jscan *s);
/* Scan the next N bytes of the text. 0, or -1 with s->err set (a
 * callback's nonzero return also stops it: err is then ""). */
int jscan_feed(struct jscan *s, const char *p, size_t n);
/* The text has ended: a whole value must have been seen. 0 or -1. */
int jscan_finish(struct jscan *s);

/* Validate the JSON text P (N bytes) in one call, with no events: 0, or
 * -1 with s's error fields (S is released either way). */
int jscan_validate(struct jscan *s, const char *p, size_t n);

#endif
