/* The CSV inventory (DESIGN §4): a header row naming the columns in any
 * order, then one asset per row, RFC 4180 quoting (libcsv, strict). Rows
 * are validated like the native reader's assets and handed to a callback
 * as they are read, so a fleet of millions of rows is evaluated without
 * being kept: memory grows with the set of ids (for duplicates), never
 * with the rows. Diagnostics are FILE:LINE:COL with COL the column number
 * and the column named. Must never allocate per row (buffers are reused)
 * or accept a row the native format would reject. */
#include "ingest/ingest.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_QUANTITY 1000000000LL
#define MAX_ID_LEN 256
#define READ_CHUNK (1u << 20)

/* The columns with a meaning; any other column is an attribute. */
enum role { R_ID, R_MODEL, R_QUANTITY, R_SITE, R_PURPOSE, R_STATUS, R_ORDER, R_DESTINATION,
	    R_OWNER, R_TAGS, R_NROLES, R_ATTR = R_NROLES };

static const char *const role_names[R_NROLES] = {"id",	    "model", "quantity", "site",
						 "purpose", "status", "order",	  "destination",
						 "owner",   "tags"};

/* ---- the set of ids seen ------------------------------------------------
 * Ids are stored back to back in one buffer; the open-addressed table holds
 * a 32-bit hash and the entry index, so a million ids cost about 38 MB. */

struct idset {
	char *buf;
	size_t len, cap;
	size_t *off; /* entry -> offset in buf */
	int *line;   /* entry -> line it was defined on */
	size_t n, cape;
	struct idslot {
		uint32_t hash;
		uint32_t idx; /* entry + 1; 0 = empty */
	} *tab;
	size_t cap_tab;
};

static void idset_grow(struct idset *s)
{
	size_t ncap = s->cap_tab ? s->cap_tab * 2 : 1024;
	struct idslot *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < s->cap_tab; i++) {
		if (!s->tab[i].idx)
			continue;
		size_t j = s->tab[i].hash & (ncap - 1);
		while (nt[j].idx)
			j = (j + 1) & (ncap - 1);
		nt[j] = s->tab[i];
	}
	free(s->tab);
	s->tab = nt;
	s->cap_tab = ncap;
}

/* Add ID (LEN bytes) first seen on LINE. Returns 0, or the line of the
 * earlier definition when the id was seen before. */
static int idset_add(struct idset *s, const char *id, size_t len, int line)
{
	if ((s->n + 1) * 4 >= s->cap_tab * 3)
		idset_grow(s);
	uint64_t h64 = hash_bytes(id, len);
	uint32_t h = (uint32_t)(h64 ^ (h64 >> 32));
	size_t i = h & (s->cap_tab - 1);
	while (s->tab[i].idx) {
		size_t e = s->tab[i].idx - 1;
		if (s->tab[i].hash == h && strcmp(s->buf + s->off[e], id) == 0)
			return s->line[e];
		i = (i + 1) & (s->cap_tab - 1);
	}
	if (s->n >= UINT32_MAX - 1)
		return 0; /* cannot happen below the input limit */
	XGROW(s->buf, s->cap, s->len + len + 1);
	memcpy(s->buf + s->len, id, len + 1);
	XGROW(s->off, s->cape, s->n + 1);
	size_t cape = s->cape;
	s->line = xrealloc(s->line, cape * sizeof(*s->line));
	s->off[s->n] = s->len;
	s->line[s->n] = line;
	s->len += len + 1;
	s->tab[i].hash = h;
	s->tab[i].idx = (uint32_t)(++s->n);
	return 0;
}

static void idset_release(struct idset *s)
{
	free(s->buf);
	free(s->off);
	free(s->line);
	free(s->tab);
	memset(s, 0, sizeof(*s));
}

/* ---- the reader ---------------------------------------------------------- */

struct csvr {
	struct inventory *inv;
	asset_fn fn;
	void *ctx;
	struct diag *d;
	bool failed;
	bool have_header;
	/* header */
	size_t ncols;
	int *roles;        /* column -> enum role */
	const char **cols; /* column -> name (in inv's arena) */
	int role_col[R_NROLES];
	/* the row being read: field bytes NUL-separated in row */
	struct strbuf row;
	size_t *off;
	int *fline; /* line each field starts on */
	size_t nf, capf;
	int line;     /* line the next field starts on */
	int row_line; /* line the current row started on */
	/* scratch for the asset */
	const char **tags;
	size_t capt;
	struct kv *attrs;
	size_t capa;
	struct idset ids;
	unsigned long long rows;
};

static void field_cb(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	if (r->failed)
		return;
	if (r->nf == 0)
		r->row_line = r->line;
	if (r->nf >= r->capf) {
		size_t cap = r->capf;
		XGROW(r->off, cap, r->nf + 1);
		r->fline = xrealloc(r->fline, cap * sizeof(*r->fline));
		r->capf = cap;
	}
	r->off[r->nf] = r->row.len;
	r->fline[r->nf] = r->line;
	r->nf++;
	if (len)
		sb_add(&r->row, s, len);
	sb_putc(&r->row, '\0');
	/* a quoted field may span lines */
	for (const char *p = s, *end = p + len; p && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		r->line++;
}

static const char *field(const struct csvr *r, size_t i, size_t *len)
{
	const char *v = r->row.buf + r->off[i];
	*len = (i + 1 < r->nf ? r->off[i + 1] - 1 : r->row.len - 1) - r->off[i];
	return v;
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
	diag_vset(r->d, r->inv->path, col < r->nf ? r->fline[col] : r->row_line, (int)col + 1, fmt,
		  ap);
	va_end(ap);
	r->failed = true;
	return -1;
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

/* ---- header ---------------------------------------------------------------- */

static int header(struct csvr *r)
{
	r->ncols = r->nf;
	r->roles = arena_alloc(&r->inv->arena, sizeof(int) * (r->nf + 1));
	r->cols = arena_alloc(&r->inv->arena, sizeof(char *) * (r->nf + 1));
	for (int k = 0; k < R_NROLES; k++)
		r->role_col[k] = -1;
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		const char *v = field(r, i, &len);
		if (i == 0 && len >= 3 && memcmp(v, "\xef\xbb\xbf", 3) == 0) {
			v += 3; /* a UTF-8 byte order mark */
			len -= 3;
		}
		char ex[96];
		r->cols[i] = "?";
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
		r->roles[i] = R_ATTR;
		for (int k = 0; k < R_NROLES; k++)
			if (strcasecmp(r->cols[i], role_names[k]) == 0) {
				if (r->role_col[k] >= 0)
					return fail(r, i, "duplicate column '%s' (also column %d)",
						    role_names[k], r->role_col[k] + 1);
				r->roles[i] = k;
				r->role_col[k] = (int)i;
			}
		for (size_t j = 0; j < i && r->roles[i] == R_ATTR; j++)
			if (r->roles[j] == R_ATTR && strcmp(r->cols[j], r->cols[i]) == 0)
				return fail(r, i, "duplicate column '%s' (also column %zu)", r->cols[i],
					    j + 1);
	}
	static const int required[] = {R_ID, R_MODEL, R_QUANTITY};
	for (size_t k = 0; k < CG_ARRAY_LEN(required); k++)
		if (r->role_col[required[k]] < 0) {
			diag_set(r->d, r->inv->path, r->row_line, 0,
				 "missing required column '%s' in the header", role_names[required[k]]);
			r->failed = true;
			return -1;
		}
	size_t nattr = 0;
	for (size_t i = 0; i < r->ncols; i++)
		nattr += r->roles[i] == R_ATTR;
	r->attrs = xcalloc(nattr + 1, sizeof(*r->attrs));
	r->have_header = true;
	return 0;
}

/* ---- rows ---------------------------------------------------------------- */

static int check_id(struct csvr *r, size_t i, const char *v, size_t n)
{
	bool ok = n <= MAX_ID_LEN;
	for (size_t k = 0; ok && k < n; k++)
		if ((unsigned char)v[k] < 0x20 || v[k] == 0x7f)
			ok = false;
	if (!ok || isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1])) {
		char ex[96];
		return fail(r, i,
			    "invalid id '%s' in column '%s' (no control characters, no surrounding "
			    "spaces, at most %d bytes)",
			    diag_excerpt(ex, sizeof(ex), v, n), colname(r, i), MAX_ID_LEN);
	}
	return 0;
}

static int enum_error(struct csvr *r, size_t i, const char *v, size_t len,
		      const char *(*name)(int), int count)
{
	char ex[96], list[160] = "";
	size_t o = 0;
	for (int k = 0; k < count; k++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", k ? ", " : "", name(k));
	return fail(r, i, "invalid %s '%s' in column '%s' (expected one of: %s)", role_names[r->roles[i]],
		    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i), list);
}

static const char *purpose_at(int k)
{
	return purpose_name((enum purpose)k);
}

static const char *status_at(int k)
{
	return status_name((enum status)k);
}

/* Split "a; b;c" in place into the tag scratch array. */
static void split_tags(struct csvr *r, char *v, struct asset *a)
{
	a->ntags = 0;
	for (char *p = v;;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		char *end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*p) {
			XGROW(r->tags, r->capt, a->ntags + 1);
			r->tags[a->ntags++] = p;
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	a->tags = r->tags;
}

static int set_field(struct csvr *r, size_t i, char *v, size_t len, struct asset *a)
{
	char ex[96];
	switch (r->roles[i]) {
	case R_ID:
		if (check_id(r, i, v, len) != 0)
			return -1;
		a->id = v;
		break;
	case R_MODEL: a->model = v; break;
	case R_QUANTITY:
		if (parse_ll(v, 1, MAX_QUANTITY, &a->quantity) != 0)
			return fail(r, i, "invalid quantity '%s' in column '%s'",
				    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i));
		break;
	case R_SITE: a->site = v; break;
	case R_PURPOSE:
		if (purpose_parse(v, &a->purpose) != 0)
			return enum_error(r, i, v, len, purpose_at, PURPOSE_COUNT);
		break;
	case R_STATUS:
		if (status_parse(v, &a->status) != 0)
			return enum_error(r, i, v, len, status_at, STATUS_COUNT);
		break;
	case R_ORDER: a->order = v; break;
	case R_DESTINATION:
		if (!country_code_valid(v))
			return fail(r, i,
				    "invalid destination '%s' in column '%s' (expected an ISO 3166-1 "
				    "alpha-2 code such as 'CN')",
				    diag_excerpt(ex, sizeof(ex), v, len), colname(r, i));
		a->destination = v;
		break;
	case R_OWNER: a->owner = v; break;
	case R_TAGS: split_tags(r, v, a); break;
	default:
		r->attrs[a->nattrs].name = r->cols[i];
		r->attrs[a->nattrs++].value = v;
	}
	return 0;
}

static int row(struct csvr *r)
{
	if (r->nf != r->ncols) {
		size_t col = r->nf < r->ncols ? r->nf : r->ncols;
		return fail(r, col, "row has %zu field%s, the header has %zu", r->nf,
			    r->nf == 1 ? "" : "s", r->ncols);
	}
	struct asset a = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET, .file = r->inv->path,
			  .line = r->row_line, .attrs = r->attrs};
	for (size_t i = 0; i < r->nf; i++) {
		size_t len;
		char *v = (char *)field(r, i, &len);
		if (check_text(r, i, v, len) != 0)
			return -1;
		if (len == 0) {
			int role = r->roles[i];
			if (role == R_ID || role == R_MODEL || role == R_QUANTITY)
				return fail(r, i, "empty %s in column '%s'", role_names[role],
					    colname(r, i));
			continue; /* an empty cell is an absent value */
		}
		if (set_field(r, i, v, len, &a) != 0)
			return -1;
	}
	size_t idcol = (size_t)r->role_col[R_ID];
	int first = idset_add(&r->ids, a.id, strlen(a.id), a.line);
	if (first) {
		char ex[96];
		return fail(r, idcol, "duplicate asset id '%s' (first defined at line %d)",
			    diag_excerpt(ex, sizeof(ex), a.id, strlen(a.id)), first);
	}
	r->rows++;
	if (r->fn(r->ctx, &a, r->d) != 0) {
		r->failed = true;
		return -1;
	}
	return 0;
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
	sb_reset(&r->row);
	if (c == '\n')
		r->line++;
}

/* ---- driving libcsv ------------------------------------------------------ */

static int no_space(unsigned char c)
{
	(void)c;
	return 0; /* RFC 4180: spaces are part of a field */
}

static void reader_init(struct csvr *r, struct inventory *inv, asset_fn fn, void *ctx,
			struct diag *d, struct csv_parser *p)
{
	memset(r, 0, sizeof(*r));
	r->inv = inv;
	r->fn = fn;
	r->ctx = ctx;
	r->d = d;
	r->line = 1;
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	csv_set_space_func(p, no_space);
}

static void reader_release(struct csvr *r, struct csv_parser *p)
{
	csv_free(p);
	sb_release(&r->row);
	free(r->off);
	free(r->fline);
	free(r->tags);
	free(r->attrs);
	idset_release(&r->ids);
}

/* Where the byte at OFF of BUF is, given the position of BUF's start. */
static void locate(const char *buf, size_t off, int line0, int col0, int *line, int *col)
{
	int l = line0, c = col0;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Feed one chunk; tracks the position of the chunk's end for errors. */
static int feed(struct csvr *r, struct csv_parser *p, const char *buf, size_t n, int *line0,
		int *col0)
{
	size_t done = csv_parse(p, buf, n, field_cb, row_cb, r);
	if (r->failed)
		return -1;
	if (done < n) {
		int line, col;
		locate(buf, done, *line0, *col0, &line, &col);
		diag_set(r->d, r->inv->path, line, (int)r->nf + 1,
			 "malformed quoting in column '%s' (a quote inside an unquoted field, or text "
			 "after a closing quote)",
			 r->have_header ? colname(r, r->nf) : "header");
		r->failed = true;
		return -1;
	}
	locate(buf, n, *line0, *col0, line0, col0);
	return 0;
}

static int finish(struct csvr *r, struct csv_parser *p, int line)
{
	if (csv_fini(p, field_cb, row_cb, r) != 0 && !r->failed) {
		diag_set(r->d, r->inv->path, line, (int)r->nf + 1,
			 "unterminated quoted field in column '%s' at the end of the file",
			 r->have_header ? colname(r, r->nf) : "header");
		return -1;
	}
	if (r->failed)
		return -1;
	if (!r->have_header) {
		diag_set(r->d, r->inv->path, 1, 0, "empty CSV file (a header row is required)");
		return -1;
	}
	return 0;
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

int csv_stream_text(struct inventory *inv, const char *text, size_t len, asset_fn fn, void *ctx,
		    struct diag *d)
{
	struct csvr r;
	struct csv_parser p;
	reader_init(&r, inv, fn, ctx, d, &p);
	sha256_hex(text, len, inv->sha256);
	int line = 1, col = 1;
	int rc = feed(&r, &p, text, len, &line, &col);
	if (rc == 0)
		rc = finish(&r, &p, line);
	reader_release(&r, &p);
	return rc;
}

int csv_stream(struct inventory *inv, const char *path, asset_fn fn, void *ctx, struct diag *d)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct csvr r;
	struct csv_parser p;
	reader_init(&r, inv, fn, ctx, d, &p);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		diag_set(d, path, 0, 0, "cannot start SHA-256");
		EVP_MD_CTX_free(md);
		reader_release(&r, &p);
		if (fd != 0)
			close(fd);
		return -1;
	}
	char *buf = xmalloc(READ_CHUNK);
	size_t total = 0, limit = input_size_limit();
	int line = 1, col = 1, rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_set(d, path, 0, 0, "read error: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total > limit) {
			diag_set(d, path, 0, 0, "file is larger than the input limit of %zu bytes", limit);
			rc = -1;
			break;
		}
		EVP_DigestUpdate(md, buf, (size_t)n);
		if ((rc = feed(&r, &p, buf, (size_t)n, &line, &col)) != 0)
			break;
	}
	if (rc == 0)
		rc = finish(&r, &p, line);
	if (rc == 0)
		hex_digest(md, inv->sha256);
	free(buf);
	EVP_MD_CTX_free(md);
	reader_release(&r, &p);
	if (fd != 0)
		close(fd);
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

struct keep {
	struct inventory *inv;
	const char *only_id;
};

static int keep_asset(void *ctx, const struct asset *a, struct diag *d)
{
	(void)d;
	struct keep *k = ctx;
	if (!k->only_id || strcmp(k->only_id, a->id) == 0)
		inventory_add_asset(k->inv, a);
	return 0;
}

int inventory_load_csv(struct inventory *inv, const char *path, const char *only_id, struct diag *d)
{
	inventory_init_empty(inv, path);
	struct keep k = {inv, only_id};
	if (csv_stream(inv, inv->path, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}

int inventory_load_csv_text(struct inventory *inv, const char *name, const char *text, size_t len,
			    struct diag *d)
{
	inventory_init_empty(inv, name);
	struct keep k = {inv, NULL};
	if (csv_stream_text(inv, text, len, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}
