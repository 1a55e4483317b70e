/* The CSV inventory's parser (DESIGN §4): a header row naming the columns
 * in any order, then one asset per row, RFC 4180 quoting (libcsv, strict).
 * Each row is validated like the native reader's assets and appended to
 * the current batch, which r->flush hands on when full; diagnostics are
 * FILE:LINE:COL with COL the column number and the column named.
 *
 * Lines with no quote and no CR take a fast path (split_line, SSE2 where
 * the compiler has it) that reproduces what libcsv does with them; every
 * other line goes through libcsv, which alone decides quoting and its
 * errors. The fast path reads three fields of libcsv's own state --
 * pstate (is it between rows?), entry_pos and entry_buf (the field it is
 * buffering) -- which libcsv 3.0 declares in csv.h but does not document:
 * test_csv.c pins what they hold, so a libcsv that changes them fails a
 * unit test, not a fleet. Must never allocate per row (buffers are
 * reused) or accept a row the native format would reject. */
#include "ingest/csv_int.h"

#include <ctype.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_QUANTITY 1000000000LL
#define BATCH_ROWS 4096
#define BATCH_BYTES (1u << 20)
/* The most columns a header may have: a row is kept as an array of its
 * fields, and a header of a million commas is not an inventory. (A build
 * may raise it to time the header checks on wider files.) */
#ifndef CSV_MAX_COLUMNS
#define CSV_MAX_COLUMNS 4096
#endif
/* A field still in libcsv's buffer past this many bytes is over every
 * limit: its bytes are dropped as they come and only counted (shed). */
#define SHED_AT (64u << 10)

static const char *const role_names[R_NROLES] = {
	"id",	 "model",	"quantity", "site", "purpose",	  "status",
	"order", "destination", "owner",    "tags", "ordered_on", "workload"};

void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->rows);
	free(b->bytes);
	free(b->offs);
	free(b->assets);
	free(b->tagv);
	free(b->attrv);
	free(b);
}


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

/* True when BUF has only ASCII bytes and no NUL (sixteen at a time with
 * SSE2, else eight). */
static bool plain_ascii(const char *buf, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL, lo = 0x0101010101010101ULL;
	uint64_t bad = 0;
	size_t i = 0;
#ifdef __SSE2__
	/* a byte >= 0x80 sets its sign bit; a NUL equals zero */
	__m128i acc = _mm_setzero_si128(), zero = _mm_setzero_si128();
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
		acc = _mm_or_si128(acc, _mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));
	}
	bad = (uint64_t)_mm_movemask_epi8(acc);
#endif
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

/* The index of V (LEN bytes) among E's names, or -1: what purpose_parse
 * and status_parse answer, told by length first. */
static int enum_index(const struct enum_names *e, const char *v, size_t len)
{
	for (int k = 0; k < e->n; k++)
		if (e->len[k] == len && memcmp(e->s[k], v, len) == 0)
			return k;
	return -1;
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
		int p = enum_index(&r->purposes, v, len);
		if (p < 0)
			return enum_error(r, i, v, len);
		w->purpose = (int8_t)p;
		return 0;
	}
	case R_STATUS: {
		int s = enum_index(&r->statuses, v, len);
		if (s < 0)
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
	case R_MODEL: w->model_hash = hash_mem(v, len); break;
	case R_SITE: w->site_hash = hash_mem(v, len); break;
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

void csv_reader_init(struct csvr *r, struct inventory *inv, struct diag *d, struct csv_parser *p)
{
	memset(r, 0, sizeof(*r));
	r->inv = inv;
	r->d = d;
	r->line = 1;
	r->dirty_chunk = -1;
	r->tag_limit = field_limit("tags");
	for (int k = 0; k < PURPOSE_COUNT; k++) {
		r->purposes.s[k] = purpose_name((enum purpose)k);
		r->purposes.len[k] = strlen(r->purposes.s[k]);
	}
	r->purposes.n = PURPOSE_COUNT;
	for (int k = 0; k < STATUS_COUNT; k++) {
		r->statuses.s[k] = status_name((enum status)k);
		r->statuses.len[k] = strlen(r->statuses.s[k]);
	}
	r->statuses.n = STATUS_COUNT;
	/* libcsv's default space test (no callback per byte) trims blanks
	 * around unquoted fields; quote a field to keep them */
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	/* libcsv grows a field 128 bytes at a time: a megabyte-long field
	 * (hostile, or a quote left open) would cost thousands of reallocs */
	csv_set_blk_size(p, 64 * 1024);
	r->between_rows = p->pstate; /* libcsv's ROW_NOT_BEGUN, whatever its value */
}

void csv_reader_release(struct csvr *r, struct csv_parser *p)
{
	csv_free(p);
	free(r->f);
	idset_release(&r->ids);
}

/* The field of the row at [from, to), trimmed; SRC is the line the row
 * was copied from, and is what is read (see split_line). */
static inline __attribute__((always_inline)) void cut_field(struct csvr *r, const char *src,
							    char *row, size_t from, size_t to)
{
	while (from < to && blank(src[from]))
		from++;
	while (to > from && blank(src[to - 1]))
		to--;
	row[to] = '\0';
	push_field(r, from, to - from);
}

/* The fast path: the line [S, END) -- no quote, no CR -- is split here
 * rather than byte by byte in libcsv (the reader thread's largest cost),
 * exactly as libcsv does with these options: fields at the commas, blanks
 * (space, tab) trimmed around each, a blank line no row. The line is
 * copied to the row once and cut in place: each comma, or the first blank
 * before it, becomes the field's NUL. Only called between rows (libcsv's
 * pstate is the one csv_reader_init saw), so libcsv holds no partial
 * field. */
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
int csv_feed(struct csvr *r, struct csv_parser *p, const char *buf, size_t n)
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

int csv_finish(struct csvr *r, struct csv_parser *p)
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
