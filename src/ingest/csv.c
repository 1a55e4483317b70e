/* The CSV inventory (DESIGN §4): a header row naming the columns in any
 * order, then one asset per row, RFC 4180 quoting (libcsv, strict). Rows
 * are validated like the native reader's assets and handed to a callback
 * as they are read, so a fleet of millions of rows is evaluated without
 * being kept: memory grows with the set of ids (for duplicates), never
 * with the rows. Diagnostics are FILE:LINE:COL with COL the column number
 * and the column named.
 *
 * csv_stream reads, hashes, parses and validates on a worker thread and
 * calls the callback on the caller's thread, in file order, a batch of
 * validated rows at a time: on a two-core machine reading and evaluating
 * overlap. Must never allocate per row (buffers are reused), accept a row
 * the native format would reject, or call the callback from another
 * thread. */
#include "ingest/ingest.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_QUANTITY 1000000000LL
#define MAX_ID_LEN 256
#define READ_CHUNK (1u << 20)
#define BATCH_ROWS 4096
#define BATCH_BYTES (1u << 20)
#define MAX_BATCHES 4
#define NOSTR UINT32_MAX
/* The most columns a header may have: a row is kept as an array of its
 * fields, and a header of a million commas is not an inventory. (A build
 * may raise it to time the header checks on wider files.) */
#ifndef CSV_MAX_COLUMNS
#define CSV_MAX_COLUMNS 4096
#endif
/* A field still in libcsv's buffer past this many bytes is over every
 * limit: its bytes are dropped as they come and only counted (shed). */
#define SHED_AT (64u << 10)

/* The columns with a meaning; any other column is an attribute. The
 * first R_NSTR are kept as strings (struct rowrec.str); the others are
 * parsed into the row as they are read. */
enum role { R_ID, R_MODEL, R_QUANTITY, R_SITE, R_PURPOSE, R_STATUS, R_ORDER, R_DESTINATION,
	    R_OWNER, R_TAGS, R_NSTR, R_ORDERED_ON = R_NSTR, R_WORKLOAD, R_NROLES,
	    R_ATTR = R_NROLES };

static const char *const role_names[R_NROLES] = {
	"id",	 "model",	"quantity", "site", "purpose",	  "status",
	"order", "destination", "owner",    "tags", "ordered_on", "workload"};

/* Grow big block *P of *CAP elements of SZ bytes (USED of them kept) to
 * hold NEED (see big_alloc). */
static void big_grow_n(void **p, size_t *cap, size_t used, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : BIG_PAGE / sz;
	while (ncap < need)
		ncap *= 2;
	*p = big_grow(*p, used * sz, ncap * sz);
	*cap = ncap;
}

/* ---- the set of ids seen ------------------------------------------------
 * While ids arrive in strictly increasing order (exports sorted by id) no
 * id can repeat and no table is needed: they are kept front-coded, each
 * as the length of the prefix it shares with the one before (a byte, at
 * most 255) and the rest, NUL-terminated -- "srv-0000123" after
 * "srv-0000122" takes 3 bytes. The first id out of order expands them,
 * back to back with 32-bit offsets, under an open-addressed table (32-bit
 * hash + entry). Lines are kept as the byte-sized step from the id
 * before, larger steps in a side list: a line is only wanted to name the
 * first definition of a duplicate, and is then found by one pass. A
 * million sorted ids cost about 4 MB, unsorted about 34 MB. */

struct idset {
	size_t n;
	/* sorted: front-coded */
	char *fc;
	size_t fclen, fccap;
	char last[MAX_ID_LEN + 1];
	size_t lastlen;
	/* out of order: expanded, under a table */
	char *buf;
	size_t len, cap;
	uint32_t *off;
	size_t cape;
	struct idslot {
		uint32_t hash;
		uint32_t idx; /* entry + 1; 0 = empty */
	} *tab;
	size_t cap_tab;
	/* lines: steps of less than 255, else 255 and the line in far[] */
	uint8_t *step;
	size_t capstep;
	int *far;
	size_t nfar, capfar;
	int prev_line;
};

static uint32_t id_hash(const char *id, size_t len)
{
	uint64_t h = hash_mem(id, len);
	return (uint32_t)(h ^ (h >> 32));
}

static void tab_put(struct idslot *t, size_t cap, uint32_t h, uint32_t idx)
{
	size_t j = h & (cap - 1);
	while (t[j].idx)
		j = (j + 1) & (cap - 1);
	t[j].hash = h;
	t[j].idx = idx;
}

/* A table for N + 1 entries at most 2/3 full, filled with every entry. */
static void idset_rehash(struct idset *s, size_t need)
{
	size_t cap = 1024;
	while (cap * 2 < need * 3)
		cap *= 2;
	struct idslot *nt = big_alloc(cap * sizeof(*nt)); /* zeroed by mmap */
	for (size_t e = 0; e < s->n; e++) {
		const char *id = s->buf + s->off[e];
		tab_put(nt, cap, id_hash(id, strlen(id)), (uint32_t)(e + 1));
	}
	big_free(s->tab, s->cap_tab * sizeof(*s->tab));
	s->tab = nt;
	s->cap_tab = cap;
}

/* The first id out of order: expand the front-coded ids. Returns -1 when
 * they outgrow 32-bit offsets. */
static int idset_expand(struct idset *s)
{
	char cur[MAX_ID_LEN + 1];
	size_t pos = 0;
	for (size_t e = 0; e < s->n; e++) {
		size_t pre = (unsigned char)s->fc[pos++];
		size_t rest = strlen(s->fc + pos), len = pre + rest;
		memcpy(cur + pre, s->fc + pos, rest + 1);
		pos += rest + 1;
		if (s->len + len + 1 > UINT32_MAX)
			return -1;
		big_grow_n((void **)&s->buf, &s->cap, s->len, s->len + len + 1, 1);
		big_grow_n((void **)&s->off, &s->cape, e, e + 1, sizeof(*s->off));
		memcpy(s->buf + s->len, cur, len + 1);
		s->off[e] = (uint32_t)s->len;
		s->len += len + 1;
	}
	big_free(s->fc, s->fccap);
	s->fc = NULL;
	s->fclen = s->fccap = 0;
	idset_rehash(s, s->n + 1);
	return 0;
}

/* The line entry E was first seen on. */
static int idset_line(const struct idset *s, size_t e)
{
	int line = 0;
	size_t k = 0;
	for (size_t i = 0; i <= e; i++)
		line = s->step[i] < 255 ? line + s->step[i] : s->far[k++];
	return line;
}

/* Add ID (LEN bytes, at most MAX_ID_LEN) first seen on LINE. Returns 0,
 * the line of the earlier definition when the id was seen before, or -1
 * when the ids outgrow 32-bit offsets. */
/* (Inlined in row() as well as in the header's check: a call a row costs
 * the fleet about 1% of its instructions.) */
static inline __attribute__((always_inline)) int idset_add(struct idset *s, const char *id,
							   size_t len, int line)
{
	if (s->n + 1 >= UINT32_MAX)
		return -1;
	if (!s->tab) {
		/* still sorted? the shared prefix decides it too */
		size_t pre = 0, max = len < s->lastlen ? len : s->lastlen;
		while (pre < max && id[pre] == s->last[pre])
			pre++;
		bool greater = s->n == 0 ||
			       (pre < max ? (unsigned char)id[pre] > (unsigned char)s->last[pre]
					  : len > s->lastlen);
		if (greater) {
			if (pre > 255)
				pre = 255;
			size_t need = s->fclen + len - pre + 2;
			big_grow_n((void **)&s->fc, &s->fccap, s->fclen, need, 1);
			s->fc[s->fclen++] = (char)pre;
			memcpy(s->fc + s->fclen, id + pre, len - pre);
			s->fclen += len - pre;
			s->fc[s->fclen++] = '\0';
			memcpy(s->last, id, len);
			s->lastlen = len;
		} else if (idset_expand(s) != 0) {
			return -1;
		}
	}
	if (s->tab) {
		if ((s->n + 1) * 3 > s->cap_tab * 2)
			idset_rehash(s, s->n + 1);
		uint32_t h = id_hash(id, len);
		size_t j = h & (s->cap_tab - 1);
		for (; s->tab[j].idx; j = (j + 1) & (s->cap_tab - 1)) {
			size_t e = s->tab[j].idx - 1;
			if (s->tab[j].hash == h && strcmp(s->buf + s->off[e], id) == 0)
				return idset_line(s, e);
		}
		if (s->len + len + 1 > UINT32_MAX)
			return -1;
		big_grow_n((void **)&s->buf, &s->cap, s->len, s->len + len + 1, 1);
		big_grow_n((void **)&s->off, &s->cape, s->n, s->n + 1, sizeof(*s->off));
		memcpy(s->buf + s->len, id, len);
		s->buf[s->len + len] = '\0';
		s->off[s->n] = (uint32_t)s->len;
		s->len += len + 1;
		s->tab[j].hash = h;
		s->tab[j].idx = (uint32_t)(s->n + 1);
	}
	big_grow_n((void **)&s->step, &s->capstep, s->n, s->n + 1, 1);
	int d = line - s->prev_line;
	if (d >= 0 && d < 255) {
		s->step[s->n] = (uint8_t)d;
	} else {
		s->step[s->n] = 255;
		XGROW(s->far, s->capfar, s->nfar + 1);
		s->far[s->nfar++] = line;
	}
	s->prev_line = line;
	s->n++;
	return 0;
}

static void idset_release(struct idset *s)
{
	big_free(s->fc, s->fccap);
	big_free(s->buf, s->cap);
	big_free(s->off, s->cape * sizeof(*s->off));
	big_free(s->tab, s->cap_tab * sizeof(*s->tab));
	big_free(s->step, s->capstep);
	free(s->far);
	memset(s, 0, sizeof(*s));
}

/* ---- batches of validated rows ------------------------------------------
 * A row is kept as offsets into its batch's bytes, so a batch can grow and
 * move to another thread; the consumer turns it into a struct asset. */

struct rowrec {
	uint32_t str[R_NSTR]; /* byte offsets of the string fields; NOSTR: absent */
	long long quantity;
	int line;
	cg_date ordered_on; /* with has_ordered_on */
	int8_t purpose, status, workload;
	bool has_ordered_on;
	uint32_t tags, ntags;   /* tag offsets at offs[tags .. tags + ntags) */
	uint32_t attrs, nattrs; /* (column, offset) pairs at offs[attrs ..) */
};

struct batch {
	struct rowrec *rows;
	size_t n, capr;
	char *bytes;
	size_t len, capb;
	uint32_t *offs;
	size_t noffs, capo;
	struct batch *next;
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->rows);
	free(b->bytes);
	free(b->offs);
	free(b);
}

/* ---- the reader ---------------------------------------------------------- */

struct csvr {
	struct inventory *inv;
	struct diag *d;
	bool failed;
	bool have_header;
	/* header */
	size_t ncols;
	int *roles;        /* column -> enum role */
	const char **cols; /* column -> name (in inv's arena) */
	size_t *limit;     /* column -> longest value (field_limit) */
	size_t tag_limit;  /* of one tag (looked up once: a fleet has millions) */
	int role_col[R_NROLES];
	/* the row being read: its fields' bytes, NUL-separated, rowlen of
	 * them, are read in place at the end of the current batch (ROW), so
	 * that a valid row is kept without another copy */
	size_t rowlen;
	struct rfield {
		size_t off, len; /* in the row */
		int line;        /* the line it starts on */
	} *f;
	size_t nf, capf;
	size_t room; /* fields r->f takes before field_room decides again */
	size_t *attr_cols; /* the attribute columns, in order */
	size_t nattr_cols;
	int line;     /* line the next field starts on */
	int row_line; /* line the current row started on */
	size_t shed;    /* bytes of the field in libcsv's buffer dropped (shed_field) */
	int shed_lines; /* newlines among them */
	/* text checks: only rows touching a chunk with non-ASCII or NUL bytes */
	long chunk, dirty_chunk, row_chunk;
	int between_rows; /* libcsv's state between rows (see feed) */
	uint32_t tagoff[64];
	struct idset ids;
	/* where validated rows go */
	struct batch *cur;
	int (*flush)(struct csvr *r); /* hand r->cur over; 0, or -1 to stop */
	void *st;                     /* the flush's state */
};

#define ROW(r) ((r)->cur->bytes + (r)->cur->len)

/* The blanks libcsv trims around unquoted fields (and we around tags). */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *colname(const struct csvr *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : "?";
}

static int fail(struct csvr *r, size_t col, const char *fmt, ...) CG_PRINTF(3, 4);
static int fail(struct csvr *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vset(r->d, r->inv->path, col < r->nf ? r->f[col].line : r->row_line, (int)col + 1, fmt,
		  ap);
	va_end(ap);
	r->failed = true;
	return -1;
}

/* The fields r->f keeps: the header's first CSV_MAX_COLUMNS (row_cb
 * refuses more), a row's as many as the header's and one more (row()
 * refuses it by its count). The rest are counted, not kept, so a line of
 * a million commas costs no memory. */
static size_t fields_kept(const struct csvr *r)
{
	return r->have_header ? r->ncols + 1 : CSV_MAX_COLUMNS;
}

/* Room for one more field in r->f? Sets r->room, so that push_field asks
 * again only at a bound. */
static bool field_room(struct csvr *r)
{
	size_t max = fields_kept(r);
	if (r->nf >= max)
		return false;
	XGROW(r->f, r->capf, r->nf + 1);
	r->room = r->capf < max ? r->capf : max;
	return true;
}

/* Record the next field of the row: LEN bytes at offset OFF. */
static inline void push_field(struct csvr *r, size_t off, size_t len)
{
	if (r->nf >= r->room && !field_room(r)) {
		r->nf++;
		return;
	}
	r->f[r->nf++] = (struct rfield){.off = off, .len = len, .line = r->line};
}

static int check_len(struct csvr *r, size_t i, const char *v, size_t len);
static void check_lengths(struct csvr *r);

/* Append a field of the row being read (libcsv's path: quoted fields,
 * lines with a CR, lines a chunk cuts). Its length is checked here, as it
 * arrives, so the row kept in memory is bounded by the limits. */
static void add_field(struct csvr *r, const char *s, size_t len)
{
	if (r->failed)
		return;
	if (r->nf == 0)
		r->row_line = r->line;
	size_t full = len + r->shed;
	r->shed = 0;
	if (r->nf >= (r->have_header ? r->ncols : CSV_MAX_COLUMNS)) {
		push_field(r, r->rowlen, 0); /* past the columns kept: counted only */
		return;
	}
	/* the length first, as the field arrives (split_line checks its
	 * line's before the row too): both paths report the same error */
	if (full > FIELD_LIMIT_ATTR_NAME && check_len(r, r->nf, s, full) != 0)
		return;
	struct batch *b = r->cur;
	XGROW(b->bytes, b->capb, b->len + r->rowlen + len + 1);
	char *row = ROW(r);
	push_field(r, r->rowlen, len);
	if (len)
		memcpy(row + r->rowlen, s, len);
	r->rowlen += len;
	row[r->rowlen++] = '\0';
}

/* libcsv's field callback: a quoted field may span lines. */
static void field_cb(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	add_field(r, s, len);
	for (const char *p = s, *end = p + len; len && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		r->line++;
	r->line += r->shed_lines;
	r->shed_lines = 0;
}

/* A field longer than any limit still in libcsv's buffer (a quote left
 * open, a line of garbage): its bytes are dropped as they come and only
 * counted, so memory stays bounded and its length is still told exactly
 * when it ends. The tail libcsv may yet take back (blanks it trims, a
 * closing quote) is kept. */
static void shed_field(struct csvr *r, struct csv_parser *p)
{
	size_t keep = p->spaces + 1 < p->entry_pos ? p->spaces + 1 : p->entry_pos;
	size_t drop = p->entry_pos - keep;
	for (size_t i = 0; i < drop; i++)
		r->shed_lines += p->entry_buf[i] == '\n';
	memmove(p->entry_buf, p->entry_buf + drop, keep);
	p->entry_pos = keep;
	r->shed += drop;
}

static char *field(const struct csvr *r, size_t i, size_t *len)
{
	*len = r->f[i].len;
	return ROW(r) + r->f[i].off;
}

/* NUL bytes and invalid UTF-8 are refused in every field. */
static int check_text(struct csvr *r, size_t i, const char *v, size_t len)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t k = 0;
	while (k < len && p[k] && p[k] < 0x80)
		k++;
	if (k == len)
		return 0;
	struct diag tmp;
	if (memchr(v, '\0', len))
		return fail(r, i, "NUL byte in column '%s'", colname(r, i));
	if (text_validate(r->inv->path, v, len, &tmp) != 0)
		return fail(r, i, "invalid UTF-8 in column '%s'", colname(r, i));
	return 0;
}

/* True when BUF has only ASCII bytes and no NUL (eight at a time). */
static bool plain_ascii(const char *buf, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL, lo = 0x0101010101010101ULL;
	uint64_t bad = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, buf + i, 8);
		bad |= (w & hi) | ((w - lo) & ~w & hi);
	}
	for (; i < n; i++)
		bad |= (unsigned char)buf[i] >= 0x80 || buf[i] == 0;
	return bad == 0;
}

/* Field I, LEN bytes at V, within its limit: a column name's in the
 * header, the column's (field_limit) in a row. Checked before anything
 * else about its row, on either path (add_field, split_line). A field not
 * kept (past the header's columns) has none. */
static int check_len(struct csvr *r, size_t i, const char *v, size_t len)
{
	size_t max;
	if (!r->have_header) {
		if (i == 0 && len >= 3 && memcmp(v, "\xef\xbb\xbf", 3) == 0)
			len -= 3; /* a UTF-8 byte order mark */
		max = FIELD_LIMIT_ATTR_NAME;
	} else if (i < r->ncols) {
		max = r->limit[i];
	} else {
		return 0;
	}
	if (len <= max)
		return 0;
	int line = i < r->nf ? r->f[i].line : r->line;
	r->failed = true;
	if (!r->have_header)
		return name_too_long(r->d, r->inv->path, line, (int)i + 1, "column", len);
	return field_too_long(r->d, r->inv->path, line, (int)i + 1, colname(r, i), len, max);
}

/* ---- header ---------------------------------------------------------------- */

/* Column I's role and limit: one of role_names (any case), else an
 * attribute. */
static int header_role(struct csvr *r, size_t i)
{
	r->roles[i] = R_ATTR;
	r->limit[i] = field_limit("attrs");
	for (int k = 0; k < R_NROLES; k++)
		if (strcasecmp(r->cols[i], role_names[k]) == 0) {
			if (r->role_col[k] >= 0)
				return fail(r, i, "duplicate column '%s' (also column %d)", role_names[k],
					    r->role_col[k] + 1);
			r->roles[i] = k;
			r->role_col[k] = (int)i;
			/* the tags cell holds several tags, each within field_limit("tags") */
			r->limit[i] = k == R_TAGS ? FIELD_LIMIT_TEXT : field_limit(role_names[k]);
		}
	return 0;
}

/* Column I's name, validated; SEEN holds the attribute columns' names so
 * far (the set of ids, reused: one lookup a column, not a scan). */
static int header_name(struct csvr *r, size_t i, struct idset *seen)
{
	size_t len;
	const char *v = field(r, i, &len);
	r->cols[i] = "?";
	if (i == 0 && len >= 3 && memcmp(v, "\xef\xbb\xbf", 3) == 0) {
		v += 3; /* a UTF-8 byte order mark */
		len -= 3;
	}
	char ex[96];
	if (check_text(r, i, v, len) != 0)
		return -1;
	if (len == 0)
		return fail(r, i, "empty column name in the header");
	bool bad = isspace((unsigned char)v[0]) || isspace((unsigned char)v[len - 1]);
	for (size_t k = 0; k < len && !bad; k++)
		bad = (unsigned char)v[k] < 0x20 || v[k] == 0x7f;
	if (bad)
		return fail(r, i, "invalid column name '%s' (no control characters or surrounding spaces)",
			    diag_excerpt(ex, sizeof(ex), v, len));
	r->cols[i] = arena_strndup(&r->inv->arena, v, len);
	if (header_role(r, i) != 0)
		return -1;
	if (r->roles[i] != R_ATTR)
		return 0;
	int first = idset_add(seen, r->cols[i], len, (int)i + 1);
	if (first > 0)
		return fail(r, i, "duplicate column '%s' (also column %d)", r->cols[i], first);
	return 0;
}

static int header(struct csvr *r)
{
	if (r->nf > CSV_MAX_COLUMNS) { /* the fields past it were counted, not kept */
		diag_set(r->d, r->inv->path, r->row_line, CSV_MAX_COLUMNS + 1,
			 "the header has more than %d columns", CSV_MAX_COLUMNS);
		r->failed = true;
		return -1;
	}
	r->ncols = r->nf;
	r->roles = arena_alloc(&r->inv->arena, sizeof(int) * (r->nf + 1));
	r->cols = arena_alloc(&r->inv->arena, sizeof(char *) * (r->nf + 1));
	r->limit = arena_alloc(&r->inv->arena, sizeof(size_t) * (r->nf + 1));
	for (int k = 0; k < R_NROLES; k++)
		r->role_col[k] = -1;
	struct idset seen = {0};
	int rc = 0;
	for (size_t i = 0; i < r->nf && rc == 0; i++)
		rc = header_name(r, i, &seen);
	idset_release(&seen);
	if (rc != 0)
		return -1;
	r->attr_cols = arena_alloc(&r->inv->arena, sizeof(size_t) * (r->nf + 1));
	for (size_t i = 0; i < r->nf; i++)
		if (r->roles[i] == R_ATTR)
			r->attr_cols[r->nattr_cols++] = i;
	static const int required[] = {R_ID, R_MODEL, R_QUANTITY};
	for (size_t k = 0; k < CG_ARRAY_LEN(required); k++)
		if (r->role_col[required[k]] < 0) {
			diag_set(r->d, r->inv->path, r->row_line, 0,
				 "missing required column '%s' in the header", role_names[required[k]]);
			r->failed = true;
			return -1;
		}
	r->have_header = true;
	r->room = 0; /* rows: room for the header's columns and one more */
	return 0;
}

/* ---- rows ---------------------------------------------------------------- */

/* True when BUF has a byte below 0x20 or 0x7f (eight at a time). */
static bool has_control(const char *buf, size_t n)
{
	const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint64_t w;
		memcpy(&w, buf + k, 8);
		/* a byte < 0x20 (high bit clear), or one equal to 0x7f */
		uint64_t x7f = w ^ (0x7f * lo);
		if (((w - 0x20 * lo) & ~w & hi) | ((x7f - lo) & ~x7f & hi))
			return true;
	}
	for (; k < n; k++)
		if ((unsigned char)buf[k] < 0x20 || buf[k] == 0x7f)
			return true;
	return false;
}

static int check_id(struct csvr *r, size_t i, const char *v, size_t n)
{
	bool ok = n <= MAX_ID_LEN && !has_control(v, n);
	if (!ok || isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1])) {
		char ex[96];
		return fail(r, i,
			    "invalid id '%s' in column '%s' (no control characters, no surrounding "
			    "spaces, at most %d bytes)",
			    diag_excerpt(ex, sizeof(ex), v, n), colname(r, i), MAX_ID_LEN);
	}
	return 0;
}

static int enum_error(struct csvr *r, size_t i, const char *v, size_t len)
{
	char ex[96];
	const char *field = role_names[r->roles[i]];
	return fail(r, i, "invalid %s '%s' in column '%s' (expected one of: %s)", field,
		    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i), enum_values(field));
}

/* Split "a; b;c" (column I) in place; the tags' offsets in the row go to
 * r->tagoff, their number to *N. Each tag has the limit of one tag. */
static int split_tags(struct csvr *r, size_t i, char *v, uint32_t *n)
{
	*n = 0;
	for (char *p = v;;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (blank(*p))
			p++;
		char *end = p + strlen(p);
		while (end > p && blank(end[-1]))
			*--end = '\0';
		size_t len = (size_t)(end - p);
		if (len > r->tag_limit)
			return fail(r, i, "a tag in column '%s' is %zu bytes; the limit is %zu",
				    colname(r, i), len, r->tag_limit);
		if (*p && *n < CG_ARRAY_LEN(r->tagoff))
			r->tagoff[(*n)++] = (uint32_t)(p - ROW(r));
		if (!semi)
			break;
		p = semi + 1;
	}
	return 0;
}

static int set_field(struct csvr *r, size_t i, char *v, size_t len, struct rowrec *w)
{
	char ex[96];
	int role = r->roles[i];
	switch (role) {
	case R_ID:
		if (check_id(r, i, v, len) != 0)
			return -1;
		break;
	case R_QUANTITY:
		if (parse_ll(v, 1, MAX_QUANTITY, &w->quantity) != 0)
			return fail(r, i, "invalid quantity '%s' in column '%s'",
				    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i));
		return 0;
	case R_PURPOSE: {
		enum purpose p;
		if (purpose_parse(v, &p) != 0)
			return enum_error(r, i, v, len);
		w->purpose = (int8_t)p;
		return 0;
	}
	case R_STATUS: {
		enum status s;
		if (status_parse(v, &s) != 0)
			return enum_error(r, i, v, len);
		w->status = (int8_t)s;
		return 0;
	}
	case R_DESTINATION:
		if (!country_code_valid(v))
			return fail(r, i,
				    "invalid destination '%s' in column '%s' (expected an ISO 3166-1 "
				    "alpha-2 code such as 'CN')",
				    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i));
		break;
	case R_TAGS: return split_tags(r, i, v, &w->ntags);
	case R_ORDERED_ON:
		if (date_parse(v, &w->ordered_on) != 0)
			return fail(r, i, "invalid ordered_on '%s' in column '%s' (expected a date, YYYY-MM-DD)",
				    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i));
		w->has_ordered_on = true;
		return 0;
	case R_WORKLOAD: {
		enum workload wl;
		if (workload_parse(v, &wl) != 0)
			return enum_error(r, i, v, len);
		w->workload = (int8_t)wl;
		return 0;
	}
	case R_ATTR: return 0;
	}
	w->str[role] = (uint32_t)(v - ROW(r));
	return 0;
}

/* Append the validated row (W, offsets relative to the row) to the batch. */
static int emit(struct csvr *r, struct rowrec *w)
{
	struct batch *b = r->cur;
	if (r->rowlen > UINT32_MAX - b->len) {
		diag_set(r->d, r->inv->path, r->row_line, 0, "row too large");
		r->failed = true;
		return -1;
	}
	uint32_t base = (uint32_t)b->len;
	b->len += r->rowlen; /* the row was read in place (ROW) */
	for (int k = 0; k < R_NSTR; k++)
		if (w->str[k] != NOSTR)
			w->str[k] += base;
	XGROW(b->offs, b->capo, b->noffs + w->ntags + 2 * r->ncols);
	w->tags = (uint32_t)b->noffs;
	for (uint32_t k = 0; k < w->ntags; k++)
		b->offs[b->noffs++] = r->tagoff[k] + base;
	w->attrs = (uint32_t)b->noffs;
	for (size_t k = 0; k < r->nattr_cols; k++) {
		size_t i = r->attr_cols[k];
		if (b->bytes[base + r->f[i].off] != '\0') {
			b->offs[b->noffs++] = (uint32_t)i;
			b->offs[b->noffs++] = (uint32_t)r->f[i].off + base;
			w->nattrs++;
		}
	}
	XGROW(b->rows, b->capr, b->n + 1);
	b->rows[b->n++] = *w;
	if (b->n >= BATCH_ROWS || b->len >= BATCH_BYTES)
		return r->flush(r);
	return 0;
}

static int row(struct csvr *r)
{
	if (r->nf != r->ncols) {
		size_t col = r->nf < r->ncols ? r->nf : r->ncols;
		return fail(r, col, "row has %zu field%s, the header has %zu", r->nf,
			    r->nf == 1 ? "" : "s", r->ncols);
	}
	struct rowrec w = {.line = r->row_line, .purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	for (int k = 0; k < R_NSTR; k++)
		w.str[k] = NOSTR;
	bool check = r->dirty_chunk >= r->row_chunk;
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		char *v = field(r, i, &len);
		if (check && check_text(r, i, v, len) != 0)
			return -1;
		if (len == 0) {
			int role = r->roles[i];
			if (role == R_ID || role == R_MODEL || role == R_QUANTITY)
				return fail(r, i, "empty %s in column '%s'", role_names[role],
					    colname(r, i));
			continue; /* an empty cell is an absent value */
		}
		if (set_field(r, i, v, len, &w) != 0)
			return -1;
	}
	size_t idcol = (size_t)r->role_col[R_ID];
	const char *id = ROW(r) + w.str[R_ID];
	size_t idlen;
	field(r, idcol, &idlen);
	int first = idset_add(&r->ids, id, idlen, w.line);
	if (first) {
		char ex[96];
		if (first < 0)
			return fail(r, idcol, "too many asset ids (more than 4 GiB of them)");
		return fail(r, idcol, "duplicate asset id '%s' (first defined at line %d)",
			    diag_excerpt(ex, sizeof(ex), id, idlen), first);
	}
	return emit(r, &w);
}

static void row_cb(int c, void *data)
{
	struct csvr *r = data;
	if (r->failed)
		return;
	if (r->nf > 0) {
		if (!r->have_header)
			header(r);
		else
			row(r);
	}
	r->nf = 0;
	r->rowlen = 0;
	r->row_chunk = r->chunk;
	if (c == '\n')
		r->line++;
}

/* ---- driving libcsv ------------------------------------------------------ */

static void reader_init(struct csvr *r, struct inventory *inv, struct diag *d,
			struct csv_parser *p)
{
	memset(r, 0, sizeof(*r));
	r->inv = inv;
	r->d = d;
	r->line = 1;
	r->dirty_chunk = -1;
	r->tag_limit = field_limit("tags");
	/* libcsv's default space test (no callback per byte) trims blanks
	 * around unquoted fields; quote a field to keep them */
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	/* libcsv grows a field 128 bytes at a time: a megabyte-long field
	 * (hostile, or a quote left open) would cost thousands of reallocs */
	csv_set_blk_size(p, 64 * 1024);
	r->between_rows = p->pstate; /* libcsv's ROW_NOT_BEGUN, whatever its value */
}

static void reader_release(struct csvr *r, struct csv_parser *p)
{
	csv_free(p);
	free(r->f);
	idset_release(&r->ids);
}

/* The common line -- no quote, no CR -- is split here rather than byte by
 * byte in libcsv (the reader thread's largest cost), exactly as libcsv does
 * with these options: fields at the commas, blanks (space, tab) trimmed
 * around each, a blank line no row. The line is copied to the row once and
 * cut in place: each comma, or the first blank before it, becomes the
 * field's NUL. Only called between rows, so libcsv holds no partial
 * field. */
/* The field of the row at [from, to), trimmed; SRC is the line the row
 * was copied from, and is what is read (see split_line). */
static void cut_field(struct csvr *r, const char *src, char *row, size_t from, size_t to)
{
	while (from < to && blank(src[from]))
		from++;
	while (to > from && blank(src[to - 1]))
		to--;
	row[to] = '\0';
	push_field(r, from, to - from);
}

static void split_line(struct csvr *r, const char *s, const char *end)
{
	size_t n = (size_t)(end - s), k = 0;
	while (k < n && blank(s[k]))
		k++;
	if (k == n || r->failed) { /* a blank line: no row */
		row_cb('\n', r);
		return;
	}
	struct batch *b = r->cur;
	XGROW(b->bytes, b->capb, b->len + n + 1);
	char *row = ROW(r);
	memcpy(row, s, n);
	row[n] = '\0';
	r->row_line = r->line;
	size_t from = 0, i = 0;
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(',');
	for (; i + 16 <= n; i += 16) {
		/* the source, not the copy just stored: loads from a wide store
		 * still in flight stall (store forwarding fails) */
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
		for (; m; m &= m - 1) {
			size_t c = i + (size_t)__builtin_ctz(m);
			cut_field(r, s, row, from, c);
			from = c + 1;
		}
	}
#endif
	for (const char *c; i < n && (c = memchr(s + i, ',', n - i)); i = from) {
		cut_field(r, s, row, from, (size_t)(c - s));
		from = (size_t)(c - s) + 1;
	}
	cut_field(r, s, row, from, n);
	r->rowlen = n + 1;
	/* a line of at most FIELD_LIMIT_ATTR_NAME bytes -- a fleet's, nearly
	 * always -- has no field over any limit */
	if (n > FIELD_LIMIT_ATTR_NAME)
		check_lengths(r);
	row_cb('\n', r);
}

/* The kept fields of the row just cut, each within its limit, in order. */
static void check_lengths(struct csvr *r)
{
	size_t n = r->nf < fields_kept(r) ? r->nf : fields_kept(r);
	for (size_t i = 0; i < n && !r->failed; i++)
		if (r->f[i].len > FIELD_LIMIT_ATTR_NAME)
			check_len(r, i, ROW(r) + r->f[i].off, r->f[i].len);
}

/* Next position of C in BUF[from, n), or n. */
static size_t next_of(const char *buf, size_t from, size_t n, int c)
{
	const char *q = from < n ? memchr(buf + from, c, n - from) : NULL;
	return q ? (size_t)(q - buf) : n;
}

/* The line libcsv is on: the field it is reading began on r->line, and
 * may hold newlines (quoted), some of them shed. */
static int parser_line(const struct csvr *r, const struct csv_parser *p)
{
	int line = r->line + r->shed_lines;
	for (size_t i = 0; i < p->entry_pos; i++)
		line += p->entry_buf[i] == '\n';
	return line;
}

/* Feed N bytes, a line at a time: lines with a quote or a CR, and any
 * line libcsv is in the middle of (a quoted field spanning lines, the
 * chunk's unfinished tail), go through libcsv, so it alone decides quoting
 * and its errors. On a quoting error the line is that of the field being
 * read plus the newlines libcsv has buffered of it so far. */
static int feed_lines(struct csvr *r, struct csv_parser *p, const char *buf, size_t n)
{
	size_t pos = 0, quote = next_of(buf, 0, n, '"'), cr = next_of(buf, 0, n, '\r');
	while (pos < n && !r->failed) {
		size_t nl = next_of(buf, pos, n, '\n');
		size_t end = nl < n ? nl + 1 : n;
		if (quote < pos)
			quote = next_of(buf, pos, n, '"');
		if (cr < pos)
			cr = next_of(buf, pos, n, '\r');
		if (nl < n && quote > nl && cr > nl && p->pstate == r->between_rows) {
			split_line(r, buf + pos, buf + nl);
			pos = end;
			continue;
		}
		size_t done = csv_parse(p, buf + pos, end - pos, field_cb, row_cb, r);
		if (r->failed)
			break;
		if (done < end - pos) {
			diag_set(r->d, r->inv->path, parser_line(r, p), (int)r->nf + 1,
				 "malformed quoting in column '%s' (a quote inside an unquoted field, or "
				 "text after a closing quote)",
				 r->have_header ? colname(r, r->nf) : "header");
			r->failed = true;
			return -1;
		}
		if (p->entry_pos > SHED_AT)
			shed_field(r, p);
		pos = end;
	}
	return r->failed ? -1 : 0;
}

/* Feed one chunk. A NUL byte is never valid in a CSV inventory: the
 * chunk is fed up to it and refused there, so binary garbage (a device,
 * a wrong file) stops at its first chunk, not at the size limit. */
static int feed(struct csvr *r, struct csv_parser *p, const char *buf, size_t n)
{
	size_t nul = n;
	r->chunk++;
	if (!plain_ascii(buf, n)) {
		r->dirty_chunk = r->chunk;
		nul = next_of(buf, 0, n, '\0');
	}
	if (feed_lines(r, p, buf, nul) != 0)
		return -1;
	if (nul == n)
		return 0;
	if (r->have_header)
		diag_set(r->d, r->inv->path, parser_line(r, p), (int)r->nf + 1,
			 "NUL byte in column '%s'", colname(r, r->nf));
	else
		diag_set(r->d, r->inv->path, parser_line(r, p), (int)r->nf + 1,
			 "NUL byte in the header");
	r->failed = true;
	return -1;
}

static int finish(struct csvr *r, struct csv_parser *p)
{
	if (csv_fini(p, field_cb, row_cb, r) != 0 && !r->failed) {
		diag_set(r->d, r->inv->path, r->line, (int)r->nf + 1,
			 "unterminated quoted field in column '%s' at the end of the file",
			 r->have_header ? colname(r, r->nf) : "header");
		r->failed = true;
		return -1;
	}
	if (r->failed)
		return -1;
	if (!r->have_header) {
		diag_set(r->d, r->inv->path, 1, 0, "empty CSV file (a header row is required)");
		r->failed = true;
		return -1;
	}
	return r->cur->n ? r->flush(r) : 0;
}

/* ---- handing rows to the caller ---------------------------------------------- */

struct consumer {
	struct inventory *inv;
	asset_fn fn;
	void *ctx;
	struct diag *d;
	const char **tags;
	size_t capt;
	struct kv *attrs;
	size_t capa;
};

/* Call the callback for every row of B, then empty B. */
static int consume(struct consumer *c, const char *const *cols, struct batch *b)
{
	for (size_t k = 0; k < b->n; k++) {
		const struct rowrec *w = &b->rows[k];
#define STR(x) (w->str[x] == NOSTR ? NULL : b->bytes + w->str[x])
		struct asset a = {.id = STR(R_ID), .model = STR(R_MODEL), .quantity = w->quantity,
				  .site = STR(R_SITE), .purpose = (enum purpose)w->purpose,
				  .status = (enum status)w->status, .order = STR(R_ORDER),
				  .destination = STR(R_DESTINATION), .owner = STR(R_OWNER),
				  .ntags = w->ntags, .nattrs = w->nattrs, .file = c->inv->path,
				  .line = w->line, .has_ordered_on = w->has_ordered_on,
				  .ordered_on = w->ordered_on, .workload = (enum workload)w->workload};
#undef STR
		XGROW(c->tags, c->capt, w->ntags + 1);
		for (uint32_t j = 0; j < w->ntags; j++)
			c->tags[j] = b->bytes + b->offs[w->tags + j];
		XGROW(c->attrs, c->capa, w->nattrs + 1);
		for (uint32_t j = 0; j < w->nattrs; j++) {
			c->attrs[j].name = cols[b->offs[w->attrs + 2 * j]];
			c->attrs[j].value = b->bytes + b->offs[w->attrs + 2 * j + 1];
		}
		a.tags = c->tags;
		a.attrs = c->attrs;
		if (c->fn(c->ctx, &a, c->d) != 0)
			return -1;
	}
	b->n = b->len = b->noffs = 0;
	return 0;
}

static void consumer_release(struct consumer *c)
{
	free(c->tags);
	free(c->attrs);
}

/* ---- hashing the input on whichever thread has time ----------------------
 * The file's SHA-256 goes in the report. With a reader thread, a chunk
 * read is queued for hashing, and hashed -- in order, one at a time -- by
 * whichever thread would otherwise wait: the caller when no batch is ready,
 * the reader when the caller has all the batches it may hold, or when all
 * RAW_SLOTS buffers wait for hashing. So the hashing moves to whichever
 * thread has time, which changes with the machine's load. Without a
 * reader thread (MU NULL) each chunk is hashed as it is read. */

#define RAW_SLOTS 4

struct digest {
	EVP_MD_CTX *md;
	pthread_mutex_t *mu; /* the stream's; NULL: one thread */
	pthread_cond_t *cv;
	char *buf[RAW_SLOTS];
	size_t n[RAW_SLOTS];
	size_t head, tail; /* chunks [head, tail) are read and not yet hashed */
	bool busy;         /* a thread is hashing chunk head */
};

/* With g->mu held: hash the oldest waiting chunk, unless there is none or
 * another thread is at it. Returns whether it did. */
static bool hash_one(struct digest *g)
{
	if (g->busy || g->head == g->tail)
		return false;
	g->busy = true;
	size_t i = g->head % RAW_SLOTS;
	pthread_mutex_unlock(g->mu);
	EVP_DigestUpdate(g->md, g->buf[i], g->n[i]);
	pthread_mutex_lock(g->mu);
	g->head++;
	g->busy = false;
	pthread_cond_broadcast(g->cv);
	return true;
}

/* Reader: a buffer for the next chunk (hashing the oldest when all are
 * waiting). */
static char *digest_slot(struct digest *g)
{
	if (!g->mu) {
		if (!g->buf[0])
			g->buf[0] = xmalloc(READ_CHUNK);
		return g->buf[0];
	}
	pthread_mutex_lock(g->mu);
	while (g->tail - g->head >= RAW_SLOTS)
		if (!hash_one(g))
			pthread_cond_wait(g->cv, g->mu);
	size_t i = g->tail % RAW_SLOTS;
	pthread_mutex_unlock(g->mu);
	if (!g->buf[i])
		g->buf[i] = xmalloc(READ_CHUNK);
	return g->buf[i];
}

/* Reader: the chunk of N bytes just read into the slot is to be hashed. */
static void digest_push(struct digest *g, size_t n)
{
	if (!g->mu) {
		EVP_DigestUpdate(g->md, g->buf[0], n);
		return;
	}
	pthread_mutex_lock(g->mu);
	g->n[g->tail % RAW_SLOTS] = n;
	g->tail++;
	pthread_cond_broadcast(g->cv);
	pthread_mutex_unlock(g->mu);
}

/* Reader, at the end: every chunk hashed. */
static void digest_drain(struct digest *g)
{
	if (!g->mu)
		return;
	pthread_mutex_lock(g->mu);
	while (g->head != g->tail)
		if (!hash_one(g))
			pthread_cond_wait(g->cv, g->mu);
	pthread_mutex_unlock(g->mu);
}

static void digest_release(struct digest *g)
{
	for (size_t i = 0; i < RAW_SLOTS; i++)
		free(g->buf[i]);
}

/* Has the caller asked the reader thread to stop? (CANCEL is NULL on one
 * thread.) Acquire pairs with give_back's release, though a stale false
 * only costs one more chunk: the flag is a hint, the lock orders the rest. */
static bool cancelled(atomic_bool *cancel)
{
	return cancel && atomic_load_explicit(cancel, memory_order_acquire);
}

/* Read IN to the end through the parser, a chunk at a time, hashing it
 * (the bytes read ahead to tell the format come first: each byte is read
 * once). The size limit is IN's, counted as read. */
static int read_input(struct csvr *r, struct csv_parser *p, struct input *in, struct digest *g,
		      atomic_bool *cancel)
{
	int rc = 0;
	while (rc == 0 && !cancelled(cancel)) {
		char *buf = digest_slot(g);
		ssize_t n = input_read(in, buf, READ_CHUNK, r->d);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		digest_push(g, (size_t)n);
		rc = feed(r, p, buf, (size_t)n);
	}
	if (rc == 0 && !cancelled(cancel))
		digest_drain(g);
	if (rc != 0)
		r->failed = true;
	return rc == 0 && !cancelled(cancel) ? finish(r, p) : -1;
}

static void hex_digest(EVP_MD_CTX *md, char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];
	unsigned int n = 32;
	if (EVP_DigestFinal_ex(md, raw, &n) != 1)
		memset(raw, 0, sizeof(raw));
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[64] = '\0';
}

/* ---- on the caller's thread ---------------------------------------------------- */

struct sync_stream {
	struct consumer cons;
	struct csvr *r;
};

static int flush_sync(struct csvr *r)
{
	struct sync_stream *s = r->st;
	if (consume(&s->cons, r->cols, r->cur) != 0) {
		r->failed = true;
		return -1;
	}
	return 0;
}

/* Stream on this thread: TEXT when given, else IN (opened by the caller). */
static int stream_here(struct inventory *inv, const char *text, size_t len, struct input *in,
		       asset_fn fn, void *ctx, struct diag *d)
{
	struct csvr r;
	struct csv_parser p;
	struct sync_stream s = {.cons = {.inv = inv, .fn = fn, .ctx = ctx, .d = d}, .r = &r};
	reader_init(&r, inv, d, &p);
	r.cur = xcalloc(1, sizeof(*r.cur));
	r.flush = flush_sync;
	r.st = &s;
	int rc;
	if (text) {
		sha256_hex(text, len, inv->sha256);
		rc = feed(&r, &p, text, len);
		if (rc == 0)
			rc = finish(&r, &p);
	} else {
		struct digest g = {.md = EVP_MD_CTX_new()};
		rc = !g.md || EVP_DigestInit_ex(g.md, EVP_sha256(), NULL) != 1 ? -1 : 0;
		if (rc == 0 && (rc = read_input(&r, &p, in, &g, NULL)) == 0)
			hex_digest(g.md, inv->sha256);
		EVP_MD_CTX_free(g.md);
		digest_release(&g);
	}
	batch_free(r.cur);
	consumer_release(&s.cons);
	reader_release(&r, &p);
	return rc;
}

int csv_stream_text(struct inventory *inv, const char *text, size_t len, asset_fn fn, void *ctx,
		    struct diag *d)
{
	return stream_here(inv, text, len, NULL, fn, ctx, d);
}

/* ---- on a reader thread ----------------------------------------------------------- */

struct stream {
	struct csvr r;
	struct csv_parser p;
	struct input *in;
	struct digest g; /* its lock and condition are mu and cv */
	struct diag wd;  /* the reader's diagnostic */
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *full, **tail; /* validated, in file order */
	struct batch *spare;        /* handed back by the caller */
	int nbatches;
	bool done;
	/* set by the caller (under mu) when its callback failed; read by the
	 * reader between chunks without the lock, hence atomic. Every other
	 * field shared by the two threads is read and written under mu. */
	atomic_bool cancel;
};

/* Reader side: queue the current batch, take an empty one (waiting while
 * MAX_BATCHES are in flight, so memory stays bounded). */
static int flush_thread(struct csvr *r)
{
	struct stream *s = r->st;
	pthread_mutex_lock(&s->mu);
	r->cur->next = NULL;
	*s->tail = r->cur;
	s->tail = &r->cur->next;
	r->cur = NULL;
	pthread_cond_broadcast(&s->cv);
	bool stop = false;
	while (!s->spare && s->nbatches >= MAX_BATCHES &&
	       !(stop = atomic_load_explicit(&s->cancel, memory_order_relaxed)))
		if (!hash_one(&s->g)) /* rather than wait */
			pthread_cond_wait(&s->cv, &s->mu);
	if (s->spare) {
		r->cur = s->spare;
		s->spare = r->cur->next;
	} else if (!stop && !atomic_load_explicit(&s->cancel, memory_order_relaxed)) {
		r->cur = xcalloc(1, sizeof(*r->cur));
		s->nbatches++;
	}
	pthread_mutex_unlock(&s->mu);
	if (!r->cur) {
		r->failed = true;
		return -1;
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct stream *s = arg;
	int rc = read_input(&s->r, &s->p, s->in, &s->g, &s->cancel);
	if (rc == 0)
		hex_digest(s->g.md, s->r.inv->sha256);
	pthread_mutex_lock(&s->mu);
	s->rc = rc;
	s->done = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Caller side: the next validated batch, or NULL at the end. */
static struct batch *next_batch(struct stream *s)
{
	pthread_mutex_lock(&s->mu);
	while (!s->full && !s->done)
		if (!hash_one(&s->g)) /* rather than wait */
			pthread_cond_wait(&s->cv, &s->mu);
	struct batch *b = s->full;
	if (b) {
		s->full = b->next;
		if (!s->full)
			s->tail = &s->full;
	}
	pthread_mutex_unlock(&s->mu);
	return b;
}

static void give_back(struct stream *s, struct batch *b, bool cancel)
{
	pthread_mutex_lock(&s->mu);
	b->next = s->spare;
	s->spare = b;
	if (cancel)
		atomic_store_explicit(&s->cancel, true, memory_order_release);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* The two threads' shared state for streaming IN into INV. */
static struct stream *stream_new(struct inventory *inv, struct input *in)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	s->in = in;
	reader_init(&s->r, inv, &s->wd, &s->p);
	s->r.cur = xcalloc(1, sizeof(*s->r.cur));
	s->nbatches = 1;
	s->r.flush = flush_thread;
	s->r.st = s;
	s->tail = &s->full;
	s->g.md = EVP_MD_CTX_new();
	s->g.mu = &s->mu;
	s->g.cv = &s->cv;
	atomic_init(&s->cancel, false);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	return s;
}

static void stream_free(struct stream *s)
{
	batch_free(s->r.cur);
	for (struct batch *b = s->spare, *next; b; b = next) {
		next = b->next;
		batch_free(b);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	EVP_MD_CTX_free(s->g.md);
	digest_release(&s->g);
	reader_release(&s->r, &s->p);
	free(s);
}

/* Read IN on a reader thread and hand its rows to FN on this one. */
static int stream_threaded(struct inventory *inv, struct input *in, asset_fn fn, void *ctx,
			   struct diag *d)
{
	struct stream *s = stream_new(inv, in);
	struct consumer cons = {.inv = inv, .fn = fn, .ctx = ctx, .d = d};
	pthread_t th;
	int rc = -1;
	if (!s->g.md || EVP_DigestInit_ex(s->g.md, EVP_sha256(), NULL) != 1) {
		diag_set(d, inv->path, 0, 0, "cannot start SHA-256");
	} else if (pthread_create(&th, NULL, reader_main, s) != 0) {
		diag_set(d, inv->path, 0, 0, "cannot start a reader thread");
	} else {
		bool failed = false;
		struct batch *b;
		while ((b = next_batch(s))) {
			if (!failed && consume(&cons, s->r.cols, b) != 0)
				failed = true;
			give_back(s, b, failed);
		}
		pthread_join(th, NULL);
		rc = failed ? -1 : s->rc;
		if (!failed && s->rc != 0)
			*d = s->wd;
	}
	consumer_release(&cons);
	stream_free(s);
	return rc;
}

int csv_stream(struct inventory *inv, const char *path, asset_fn fn, void *ctx, struct diag *d)
{
	(void)path; /* inv->path names the file; PATH is kept for callers' clarity */
	/* the input inventory_open_any left open, its first bytes read ahead;
	 * taken, so that it is read once */
	struct input *in = inv->src;
	inv->src = NULL;
	if (!in) {
		in = xmalloc(sizeof(*in));
		if (input_open(in, inv->path, d) != 0) {
			free(in);
			return -1;
		}
	}
	int rc = stream_threaded(inv, in, fn, ctx, d);
	input_close(in);
	free(in);
	return rc;
}

/* ---- whole loads ------------------------------------------------------------ */

void inventory_init_empty(struct inventory *inv, const char *path)
{
	memset(inv, 0, sizeof(*inv));
	arena_init(&inv->arena);
	inv->path = arena_strdup(&inv->arena, path);
	inv->as_of = CG_DATE_NONE;
}

static const char *adup(struct arena *ar, const char *s)
{
	return s ? arena_strdup(ar, s) : NULL;
}

struct asset *inventory_add_asset(struct inventory *inv, const struct asset *a)
{
	struct arena *ar = &inv->arena;
	XGROW(inv->assets, inv->cap_assets, inv->nassets + 2);
	struct asset *n = &inv->assets[inv->nassets++];
	memset(n + 1, 0, sizeof(*n)); /* the native reader keeps a zeroed sentinel */
	*n = *a;
	n->id = adup(ar, a->id);
	n->model = adup(ar, a->model);
	n->site = adup(ar, a->site);
	n->order = adup(ar, a->order);
	n->destination = adup(ar, a->destination);
	n->owner = adup(ar, a->owner);
	n->file = inv->path;
	n->tags = arena_alloc(ar, sizeof(char *) * (a->ntags + 1));
	for (size_t i = 0; i < a->ntags; i++)
		n->tags[i] = arena_strdup(ar, a->tags[i]);
	n->attrs = arena_alloc(ar, sizeof(struct kv) * (a->nattrs + 1));
	for (size_t i = 0; i < a->nattrs; i++) {
		n->attrs[i].name = arena_strdup(ar, a->attrs[i].name);
		n->attrs[i].value = arena_strdup(ar, a->attrs[i].value);
	}
	return n;
}

/* With ONLY_ID, the rows of other ids are not kept, but the closest of
 * their ids is (a copy: a row's strings die with the callback), for a
 * "did you mean" when ONLY_ID is not there. */
struct keep {
	struct inventory *inv;
	const char *only_id;
	struct suggest near;
};

static int keep_asset(void *ctx, const struct asset *a, struct diag *d)
{
	(void)d;
	struct keep *k = ctx;
	if (!k->only_id || strcmp(k->only_id, a->id) == 0) {
		inventory_add_asset(k->inv, a);
		return 0;
	}
	suggest_offer(&k->near, a->id);
	if (k->near.best == a->id)
		k->near.best = k->inv->near_id = arena_strdup(&k->inv->arena, a->id);
	return 0;
}

int inventory_load_csv_input(struct inventory *inv, struct input *in, const char *only_id,
			     struct diag *d)
{
	struct keep k = {.inv = inv, .only_id = only_id};
	if (only_id)
		suggest_init(&k.near, only_id);
	if (stream_here(inv, NULL, 0, in, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}

int inventory_load_csv(struct inventory *inv, const char *path, const char *only_id, struct diag *d)
{
	struct input in;
	inventory_init_empty(inv, path);
	if (input_open(&in, inv->path, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	int rc = inventory_load_csv_input(inv, &in, only_id, d);
	input_close(&in);
	return rc;
}

int inventory_load_csv_text(struct inventory *inv, const char *name, const char *text, size_t len,
			    struct diag *d)
{
	inventory_init_empty(inv, name);
	struct keep k = {.inv = inv};
	if (stream_here(inv, text, len, NULL, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}
