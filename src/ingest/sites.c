/* Sites: the places an inventory's assets are (`sites` in the native
 * format, or a CSV file given with --sites for a CSV fleet), with the
 * facts the 2026 rules read as site.* -- country, province, who funds the
 * site, how complete it is, its owner's headquarters, whether it is a
 * public computing hub, the programme it belongs to. This file holds the
 * CSV reader of sites and the index by id; the native reader validates
 * `sites` in inventory.c with the same rules.
 *
 * Must never accept a value the native reader would reject, guess a
 * missing fact (an absent cell is absent, not a default), or keep two
 * sites of one id. */
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest.h"

/* ---- the index -------------------------------------------------------------- */

int inventory_index_sites(struct inventory *inv, struct diag *d)
{
	struct hmap ix = HMAP_INIT;
	hmap_reserve(&ix, inv->nsites);
	for (size_t i = 0; i < inv->nsites; i++) {
		const struct site *s = &inv->sites[i];
		struct hmap_probe p = hmap_probe(&ix, hash_mem(s->id, strlen(s->id)));
		for (size_t k; (k = hmap_next(&ix, &p)) != HMAP_NONE;) {
			const struct site *o = &inv->sites[k];
			if (strcmp(o->id, s->id) == 0) {
				char ex[96];
				diag_set(d, s->file, s->line, 0,
				         "duplicate site id '%s' (first defined at %s:%d)",
				         diag_excerpt(ex, sizeof(ex), s->id, strlen(s->id)),
				         o->file, o->line);
				hmap_release(&ix);
				return -1;
			}
		}
		hmap_put(&ix, &p, i);
	}
	hmap_release(&inv->site_index);
	inv->site_index = ix;
	return 0;
}

const struct site *inventory_site(const struct inventory *inv, const char *id)
{
	if (!id || !inv->site_index.cap)
		return NULL;
	struct hmap_probe p = hmap_probe(&inv->site_index, hash_mem(id, strlen(id)));
	for (size_t k; (k = hmap_next(&inv->site_index, &p)) != HMAP_NONE;)
		if (strcmp(inv->sites[k].id, id) == 0)
			return &inv->sites[k];
	return NULL;
}

/* ---- the CSV reader ------------------------------------------------------------ */

enum scol {
	SC_ID,
	SC_COUNTRY,
	SC_PROVINCE,
	SC_FUNDING,
	SC_COMPLETION,
	SC_OWNER_HQ,
	SC_PUBLIC_HUB,
	SC_PROGRAMME,
	SC_COUNT
};
static const char *const scol_names[SC_COUNT] = {
    "id", "country", "province", "funding", "completion", "owner_hq", "public_hub", "programme"};

struct sreader {
	struct inventory *inv;
	const char *name;
	struct diag *d;
	bool failed, have_header;
	int line;     /* the line being fed */
	int row_line; /* the line the current row's first field ended on */
	char **f;     /* fields of the current row (malloc'd) */
	size_t nf, capf;
	int col[SC_COUNT]; /* column of each field, -1 absent */
	size_t ncols;
	struct site *v;
	size_t n, cap;
};

static void field_cb(void *s, size_t len, void *data)
{
	struct sreader *r = data;
	if (r->failed)
		return;
	if (r->nf == 0)
		r->row_line = r->line;
	XGROW(r->f, r->capf, r->nf + 1);
	char *v = xmalloc(len + 1);
	if (len)
		memcpy(v, s, len);
	v[len] = '\0';
	r->f[r->nf++] = v;
}

static int fail(struct sreader *r, size_t col, const char *fmt, ...) CG_PRINTF(3, 4);
static int fail(struct sreader *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vset(r->d, r->name, r->row_line, (int)col + 1, fmt, ap);
	va_end(ap);
	r->failed = true;
	return -1;
}

static int header(struct sreader *r)
{
	for (int k = 0; k < SC_COUNT; k++)
		r->col[k] = -1;
	for (size_t i = 0; i < r->nf; i++) {
		const char *name = r->f[i];
		int k = 0;
		while (k < SC_COUNT && strcasecmp(name, scol_names[k]) != 0)
			k++;
		char ex[96];
		diag_excerpt(ex, sizeof(ex), name, strlen(name));
		if (k == SC_COUNT) {
			struct suggest s;
			suggest_init(&s, name);
			for (int j = 0; j < SC_COUNT; j++)
				suggest_offer(&s, scol_names[j]);
			if (s.best)
				return fail(r, i, "unknown column '%s' (did you mean '%s'?)", ex,
				            s.best);
			return fail(
			    r, i,
			    "unknown column '%s' (a sites file has id, country, province, funding, "
			    "completion, owner_hq, public_hub, programme)",
			    ex);
		}
		if (r->col[k] >= 0)
			return fail(r, i, "duplicate column '%s' (also column %d)", scol_names[k],
			            r->col[k] + 1);
		r->col[k] = (int)i;
	}
	if (r->col[SC_ID] < 0)
		return fail(r, 0, "missing required column 'id' in the header");
	r->ncols = r->nf;
	r->have_header = true;
	return 0;
}

/* Field K of the row, or NULL when its column is absent or the cell empty. */
static const char *cell(const struct sreader *r, int k)
{
	int c = r->col[k];
	return c >= 0 && r->f[c][0] ? r->f[c] : NULL;
}

static int check_limit(struct sreader *r, int k, const char *v)
{
	size_t len = strlen(v), max = field_limit(scol_names[k]);
	if (len <= max)
		return 0;
	r->failed = true;
	return field_too_long(r->d, r->name, r->row_line, r->col[k] + 1, scol_names[k], len, max);
}

static int country(struct sreader *r, int k, const char **out)
{
	const char *v = cell(r, k);
	*out = NULL;
	if (!v)
		return 0;
	if (!country_code_valid(v)) {
		char ex[96];
		return fail(
		    r, (size_t)r->col[k],
		    "invalid %s '%s' in column '%s' (expected an ISO 3166-1 alpha-2 code such as "
		    "'CN')",
		    scol_names[k], diag_excerpt(ex, sizeof(ex), v, strlen(v)), scol_names[k]);
	}
	*out = arena_strdup(&r->inv->arena, v);
	return 0;
}

static int row(struct sreader *r)
{
	if (r->nf != r->ncols)
		return fail(r, r->nf < r->ncols ? r->nf : r->ncols,
		            "row has %zu field%s, the header has %zu", r->nf, r->nf == 1 ? "" : "s",
		            r->ncols);
	for (int k = 0; k < SC_COUNT; k++) {
		const char *v = cell(r, k);
		if (v && check_limit(r, k, v) != 0)
			return -1;
	}
	struct site st = {
	    .completion = NAN, .public_hub = -1, .file = r->name, .line = r->row_line};
	char ex[96];
	const char *id = cell(r, SC_ID);
	if (!id)
		return fail(r, (size_t)r->col[SC_ID], "empty id in column 'id'");
	st.id = arena_strdup(&r->inv->arena, id);
	if (country(r, SC_COUNTRY, &st.country) != 0 || country(r, SC_OWNER_HQ, &st.owner_hq) != 0)
		return -1;
	const char *v;
	if ((v = cell(r, SC_PROVINCE)))
		st.province = arena_strdup(&r->inv->arena, v);
	if ((v = cell(r, SC_PROGRAMME)))
		st.programme = arena_strdup(&r->inv->arena, v);
	if ((v = cell(r, SC_FUNDING)) && funding_parse(v, &st.funding) != 0)
		return fail(r, (size_t)r->col[SC_FUNDING],
		            "invalid funding '%s' in column 'funding' (expected one of: %s)",
		            diag_excerpt(ex, sizeof(ex), v, strlen(v)), enum_values("funding"));
	if ((v = cell(r, SC_COMPLETION)) &&
	    (parse_double(v, &st.completion) != 0 || st.completion < 0 || st.completion > 1))
		return fail(r, (size_t)r->col[SC_COMPLETION],
		            "invalid completion '%s' in column 'completion' (a number from 0 to 1)",
		            diag_excerpt(ex, sizeof(ex), v, strlen(v)));
	if ((v = cell(r, SC_PUBLIC_HUB))) {
		if (strcmp(v, "true") == 0)
			st.public_hub = 1;
		else if (strcmp(v, "false") == 0)
			st.public_hub = 0;
		else
			return fail(
			    r, (size_t)r->col[SC_PUBLIC_HUB],
			    "invalid public_hub '%s' in column 'public_hub' (true or false)",
			    diag_excerpt(ex, sizeof(ex), v, strlen(v)));
	}
	XGROW(r->v, r->cap, r->n + 1);
	r->v[r->n++] = st;
	return 0;
}

static void clear_row(struct sreader *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
}

static void row_cb(int c, void *data)
{
	(void)c;
	struct sreader *r = data;
	if (!r->failed && r->nf > 0) {
		if (!r->have_header)
			header(r);
		else
			row(r);
	}
	clear_row(r);
}

int inventory_load_sites_csv_text(struct inventory *inv, const char *name, const char *text,
                                  size_t len, struct diag *d)
{
	struct sreader r = {.inv = inv, .name = arena_strdup(&inv->arena, name), .d = d, .line = 1};
	struct csv_parser p;
	if (text_validate(name, text, len, d) != 0)
		return -1;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	const char *s = text, *end = text + len;
	while (s < end && !r.failed) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (csv_parse(&p, s, n, field_cb, row_cb, &r) != n && !r.failed) {
			r.row_line = r.line;
			fail(&r, r.nf, "malformed quoting (%s)", csv_strerror(csv_error(&p)));
		}
		s += n;
		r.line++;
	}
	if (!r.failed && csv_fini(&p, field_cb, row_cb, &r) != 0 && !r.failed) {
		r.row_line = r.line - 1;
		fail(&r, r.nf, "unterminated quoted field at the end of the file");
	}
	if (!r.failed && !r.have_header) {
		diag_set(d, name, 1, 0, "empty sites file (a header row is required)");
		r.failed = true;
	}
	csv_free(&p);
	clear_row(&r);
	free(r.f);
	if (r.failed) {
		free(r.v);
		return -1;
	}
	struct site *v = arena_alloc(&inv->arena, sizeof(*v) * (inv->nsites + r.n + 1));
	if (inv->nsites)
		memcpy(v, inv->sites, sizeof(*v) * inv->nsites);
	if (r.n)
		memcpy(v + inv->nsites, r.v, sizeof(*v) * r.n);
	free(r.v);
	inv->sites = v;
	inv->nsites += r.n;
	inv->has_sites = true;
	return inventory_index_sites(inv, d);
}

int inventory_load_sites_csv(struct inventory *inv, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = inventory_load_sites_csv_text(inv, path, buf, len, d);
	if (rc == 0) {
		inv->sites_path = arena_strdup(&inv->arena, path);
		sha256_hex(buf, len, inv->sites_sha256);
	}
	free(buf);
	return rc;
}
