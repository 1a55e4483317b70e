/* The collectors' common core: the grouping into one asset per (host,
 * site, model) with a quantity and the PCI addresses, UUIDs or other keys
 * kept in attrs, model names from the catalog, identity conflicts (a
 * reported memory size that contradicts the catalog), and the notes and
 * warnings the output's comments carry. Which PCI functions are
 * accelerators is collect_pci.c; the parsers of tool output are the other
 * collect_*.c, the writers collect_write.c. Must never count a device
 * twice (a key seen again for a model on a host is ignored), or print
 * anything. */
#include "collect/collect.h"
#include "collect/collect_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "util/hmap.h"

#define MAX_MEMORY_VALUES 8 /* distinct memory sizes kept per group */
#define MAX_NOTES 1000        /* kinds of devices noted one by one */
#define MAX_WARNINGS 100      /* warnings kept; the rest are counted */

struct collect_group {
	const char *host, *site;
	const char *model;
	const char *name;     /* the tool's own name of the first unit */
	const char *slug;     /* chip id or folded model text, for the asset id */
	const char *key_attr; /* "pci_addresses", "uuids", ... */
	const char *pci_id;
	const char *source;   /* the tools that saw it, space-separated */
	const char *input;    /* the file of its first unit */
	const char *quantity_note;
	const char **keys;
	long long *counts;
	size_t nkeys, capk;
	long long quantity;
	double memory[MAX_MEMORY_VALUES]; /* distinct reported sizes, MiB */
	size_t nmemory;
};

/* ---- a string -> value table (groups by name, keys by group and text) ----- */

/* Strings (copies in the collection's arena), each with a value, under an
 * hmap. A lookup leaves its probe for strtab_insert to use. */
struct strtab {
	struct strtab_entry {
		const char *s;
		size_t len;
		size_t v;
	} *e;
	size_t n, cap;
	struct hmap map;
};

/* The entry of the LEN bytes at S in T, or NULL (then P is where
 * strtab_insert puts it). */
static struct strtab_entry *strtab_lookup(struct strtab *t, const char *s, size_t len,
					  struct hmap_probe *p)
{
	hmap_reserve(&t->map, t->n + 1);
	*p = hmap_probe(&t->map, hash_mem(s, len));
	for (size_t i; (i = hmap_next(&t->map, p)) != HMAP_NONE;)
		if (t->e[i].len == len && memcmp(t->e[i].s, s, len) == 0)
			return &t->e[i];
	return NULL;
}

/* After a lookup of the same text that found nothing: add it with V. */
static void strtab_insert(struct strtab *t, struct arena *ar, const struct hmap_probe *p,
			  const char *s, size_t len, size_t v)
{
	XGROW(t->e, t->cap, t->n + 1);
	t->e[t->n] = (struct strtab_entry){arena_strndup(ar, s, len), len, v};
	hmap_put(&t->map, p, t->n++);
}

static void strtab_release(struct strtab *t)
{
	free(t->e);
	hmap_release(&t->map);
}

/* A unit known only by a link (a Redfish collection's member that was not
 * expanded): added at the end unless a resource read in full had its key. */
struct deferred {
	struct collect_unit u;
	const char *host, *site, *source, *input;
};

struct collect_index {
	struct strtab groups, keys;
	struct strtab seen; /* host, key_attr and key of every unit added */
	struct deferred *deferred;
	size_t ndeferred, capdeferred;
};

static struct collect_index *index_of(struct collect *c)
{
	if (!c->index)
		c->index = xcalloc(1, sizeof(*c->index));
	return c->index;
}

/* ---- lifecycle, inputs and hosts ---------------------------------------------- */

void collect_init(struct collect *c, const struct catalog *cat, const struct collect_opts *o,
		  const char *source, const char *input)
{
	memset(c, 0, sizeof(*c));
	inventory_init_empty(&c->inv, input ? input : "-");
	c->cat = cat;
	c->opts = *o;
	struct arena *ar = &c->inv.arena;
	c->opts.site = o->site ? arena_strdup(ar, o->site) : NULL;
	c->opts.host = o->host ? arena_strdup(ar, o->host) : NULL;
	c->site = c->opts.site;
	if (source)
		collect_input(c, source, input, c->opts.host);
}

#define HOST_MAX 128 /* with a slug of at most 73 bytes, ids stay under 256 */

static void cut_utf8(char *s, size_t max);
static void repair_utf8(char *s, size_t len);

/* HOST as asset ids take it: valid UTF-8, at most HOST_MAX bytes (a longer
 * name is cut, with a hash of the whole appended, so that two long names
 * stay two hosts). In C's arena; NULL stays NULL. */
static const char *host_fit(struct collect *c, const char *host)
{
	if (!host)
		return NULL;
	char *s = arena_strdup(&c->inv.arena, host);
	repair_utf8(s, strlen(s));
	/* ids take no control characters and no surrounding blanks: a host a
	 * tool's output names may have them */
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	if (!n)
		return NULL;
	if (n <= HOST_MAX)
		return s;
	unsigned long long h = hash_bytes(host, strlen(host)) & 0xffffffffULL;
	cut_utf8(s, HOST_MAX - 9);
	return arena_printf(&c->inv.arena, "%s-%08llx", s, h);
}

void collect_input(struct collect *c, const char *source, const char *input, const char *host)
{
	struct arena *ar = &c->inv.arena;
	c->source = arena_strdup(ar, source);
	c->input = input ? arena_strdup(ar, input) : NULL;
	c->input_host = host_fit(c, host);
	c->host = c->input_host;
	c->site = c->opts.site;
	XGROW(c->inputs, c->capi, c->ninputs + 1);
	c->inputs[c->ninputs++] = (struct collect_input){c->source, c->input, c->input_host};
}

void collect_set_host(struct collect *c, const char *host, const char *site)
{
	char *s = site ? arena_strdup(&c->inv.arena, site) : NULL;
	if (s) {
		repair_utf8(s, strlen(s));
		if (strlen(s) > field_limit("site"))
			cut_utf8(s, field_limit("site"));
	}
	c->host = host ? host_fit(c, host) : c->input_host;
	c->site = s ? s : c->opts.site;
}

void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->ngroups; i++) {
		free(c->groups[i].keys);
		free(c->groups[i].counts);
	}
	if (c->index) {
		strtab_release(&c->index->groups);
		strtab_release(&c->index->keys);
		strtab_release(&c->index->seen);
		free(c->index->deferred);
		free(c->index);
	}
	free(c->groups);
	free(c->notes);
	free(c->warnings);
	free(c->inputs);
	inventory_free(&c->inv);
	memset(c, 0, sizeof(*c));
}

/* A name cut at a byte count upstream (a tool's fixed-width column, our own
 * buffers) may end inside a character, and tool output may hold bytes that
 * are not UTF-8 at all: the inventory reader refuses both, so every such
 * byte of S (LEN bytes) becomes '?'. */
static void repair_utf8(char *s, size_t len)
{
	struct diag bad;
	while (len && text_validate("", s, len, &bad) != 0) {
		size_t off = 0;
		int line = 1;
		for (; off < len && line < bad.line; off++)
			line += s[off] == '\n';
		off += (size_t)(bad.col - 1);
		if (off >= len || s[off] == '\0')
			break;
		s[off] = '?';
	}
}

/* One line of comment text from FMT: control characters become blanks. */
static void comment_text(struct strbuf *sb, const char *fmt, va_list ap) CG_PRINTF(2, 0);
static void comment_text(struct strbuf *sb, const char *fmt, va_list ap)
{
	sb_vprintf(sb, fmt, ap);
	for (char *p = sb->buf; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' '; /* notes become comments: one line each */
	if (sb->buf)
		repair_utf8(sb->buf, sb->len); /* the reader validates comments too */
}

static void add_note(struct collect *c, bool folded, unsigned n, const char *fmt, va_list ap)
	CG_PRINTF(4, 0);
static void add_note(struct collect *c, bool folded, unsigned n, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	comment_text(&sb, fmt, ap);
	if (c->nnotes >= MAX_NOTES) { /* hostile input: many kinds, one line for the rest */
		sb_reset(&sb);
		sb_printf(&sb, "other devices, of more than %d kinds", MAX_NOTES);
	}
	for (size_t i = 0; i < c->nnotes; i++)
		if (c->notes[i].folded == folded && strcmp(c->notes[i].text, sb_str(&sb)) == 0) {
			c->notes[i].count = c->notes[i].count > UINT32_MAX - n ? UINT32_MAX
										: c->notes[i].count + n;
			sb_release(&sb);
			return;
		}
	XGROW(c->notes, c->capn, c->nnotes + 1);
	c->notes[c->nnotes++] =
		(struct collect_note){arena_strdup(&c->inv.arena, sb_str(&sb)), n, folded};
	sb_release(&sb);
}

void collect_note(struct collect *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_note(c, false, 1, fmt, ap);
	va_end(ap);
}

void collect_note_n(struct collect *c, unsigned n, const char *fmt, ...)
{
	if (!n)
		return;
	va_list ap;
	va_start(ap, fmt);
	add_note(c, false, n, fmt, ap);
	va_end(ap);
}

void collect_fold(struct collect *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_note(c, true, 1, fmt, ap);
	va_end(ap);
}

void collect_fold_n(struct collect *c, unsigned n, const char *fmt, ...)
{
	if (!n)
		return;
	va_list ap;
	va_start(ap, fmt);
	add_note(c, true, n, fmt, ap);
	va_end(ap);
}

void collect_warn(struct collect *c, int line, const char *fmt, ...)
{
	if (c->nwarnings >= MAX_WARNINGS) {
		c->warnings_left_out++;
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	comment_text(&sb, fmt, ap);
	va_end(ap);
	XGROW(c->warnings, c->capw, c->nwarnings + 1);
	c->warnings[c->nwarnings++] =
		(struct collect_warning){c->input, line, arena_strdup(&c->inv.arena, sb_str(&sb))};
	sb_release(&sb);
}

/* ---- models ---------------------------------------------------------------- */

const char *collect_chip_name(struct collect *c, const struct chip *chip)
{
	struct strbuf sb = STRBUF_INIT;
	chip_display_name(chip, &sb);
	const char *s = arena_strdup(&c->inv.arena, sb_str(&sb));
	sb_release(&sb);
	return s;
}

/* Did M match by the chip's own model name (not an alias, not a prefix)? */
static bool by_model_name(const struct catalog_match *m)
{
	if (m->kind != MATCH_EXACT || !m->via)
		return false;
	struct strbuf full = STRBUF_INIT;
	chip_display_name(m->chip, &full);
	bool r = str_eq_nocase(m->via, m->chip->model) || str_eq_nocase(m->via, sb_str(&full)) ||
		 str_eq_nocase(m->via, m->chip->id);
	sb_release(&full);
	return r;
}

const char *collect_model_name(struct collect *c, const char *text)
{
	struct catalog_match m;
	catalog_match(c->cat, text, &m);
	if (m.chip && by_model_name(&m))
		return collect_chip_name(c, m.chip);
	/* an alias or a prefix ("NVIDIA A10G", "A100-SXM4-40GB"): the tool's
	 * words say more than the catalog's entry, and resolve the same */
	return arena_strdup(&c->inv.arena, text);
}

const char *collect_model_name_of(struct collect *c, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!texts[i] || !*texts[i])
			continue;
		struct catalog_match m;
		catalog_match(c->cat, texts[i], &m);
		if (!m.chip || m.kind == MATCH_AMBIGUOUS)
			continue;
		/* the fullest text, when it resolves, else the catalog's name */
		if (by_model_name(&m) || i > 0)
			return collect_chip_name(c, m.chip);
		return arena_strdup(&c->inv.arena, texts[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (texts[i] && *texts[i])
			return arena_strdup(&c->inv.arena, texts[i]);
	return "unknown device";
}

const char *collect_pci_model(struct collect *c, uint16_t vendor, uint16_t device)
{
	const struct chip *chip = catalog_match_pci(c->cat, vendor, device);
	return chip ? collect_chip_name(c, chip) : NULL;
}

#define SLUG_MAX 64 /* with a host of at most 128 bytes, ids stay under 256 */

/* A slug for ids: the chip's id when the catalog knows the model, else the
 * model folded to [a-z0-9-], cut to SLUG_MAX bytes with a hash of the
 * whole name appended, so long names of distinct devices stay distinct and
 * the ids stay within what the inventory reader accepts. */
static const char *model_slug(struct collect *c, const char *model)
{
	struct catalog_match m;
	catalog_match(c->cat, model, &m);
	if (m.chip && (m.kind == MATCH_EXACT || m.kind == MATCH_PCI))
		return m.chip->id;
	char *s = arena_strdup(&c->inv.arena, model), *o = s;
	bool dash = false;
	for (const char *p = model; *p; p++) {
		if (isalnum((unsigned char)*p)) {
			if (dash && o > s)
				*o++ = '-';
			*o++ = (char)tolower((unsigned char)*p);
			dash = false;
		} else {
			dash = true;
		}
	}
	*o = '\0';
	if ((size_t)(o - s) > SLUG_MAX) {
		s[SLUG_MAX] = '\0';
		return arena_printf(&c->inv.arena, "%s-%08llx", s,
				    (unsigned long long)(hash_bytes(model, strlen(model)) & 0xffffffffULL));
	}
	return *s ? s : "unknown";
}

/* Cut S (longer than MAX bytes) at a character boundary to at most MAX. */
static void cut_utf8(char *s, size_t max)
{
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--; /* not inside a character */
	s[max] = '\0';
}

/* TEXT made fit for a field of LIMIT bytes: valid UTF-8, cut when longer
 * (with a note naming WHAT). In C's arena. */
static const char *fit(struct collect *c, const char *text, size_t limit, const char *what)
{
	char *s = arena_strdup(&c->inv.arena, text);
	repair_utf8(s, strlen(s)); /* what is written must read back */
	if (strlen(s) > limit) {
		cut_utf8(s, limit);
		collect_note(c, "the end of a %s over %zu bytes", what, limit);
	}
	return s;
}

/* ---- adding units ------------------------------------------------------------ */

static struct collect_group *group_for(struct collect *c, const char *model, const char *whole,
				       const struct collect_unit *u)
{
	struct collect_index *t = index_of(c);
	struct strbuf k = STRBUF_INIT;
	sb_printf(&k, "%s%c%s%c%s", c->host ? c->host : "", 0x1f, c->site ? c->site : "", 0x1f,
		  model);
	struct hmap_probe p;
	const struct strtab_entry *e = strtab_lookup(&t->groups, k.buf, k.len, &p);
	if (e) {
		sb_release(&k);
		return &c->groups[e->v];
	}
	strtab_insert(&t->groups, &c->inv.arena, &p, k.buf, k.len, c->ngroups);
	sb_release(&k);
	XGROW(c->groups, c->capg, c->ngroups + 1);
	struct collect_group *g = &c->groups[c->ngroups++];
	memset(g, 0, sizeof(*g));
	g->host = c->host;
	g->site = c->site;
	g->model = model;
	g->name = u->name ? fit(c, u->name, field_limit("attrs"), "device name") : NULL;
	g->slug = model_slug(c, whole);
	g->key_attr = u->key_attr;
	g->pci_id = u->pci_id ? arena_strdup(&c->inv.arena, u->pci_id) : NULL;
	g->source = c->source;
	g->input = c->input;
	return g;
}

static void add_memory(struct collect_group *g, double mib)
{
	if (!(mib > 0) || !isfinite(mib))
		return;
	mib = floor(mib + 0.5);
	for (size_t i = 0; i < g->nmemory; i++)
		if (g->memory[i] == mib)
			return;
	if (g->nmemory < MAX_MEMORY_VALUES)
		g->memory[g->nmemory++] = mib;
}

void collect_add_unit(struct collect *c, const struct collect_unit *u)
{
	const char *model = u->model;
	/* a device printed without a name: name it by its PCI id, which the
	 * catalog can match, rather than write a model the reader refuses */
	if (!model || !*model)
		model = u->pci_id ? arena_printf(&c->inv.arena, "pci:%s", u->pci_id) : "unknown device";
	/* within the model's limit: a tool's name of a device is not hundreds
	 * of bytes long, the text around it was taken for it. The asset id
	 * comes from the whole name, so it does not depend on where the
	 * limit cuts. */
	char *whole = arena_strdup(&c->inv.arena, model);
	repair_utf8(whole, strlen(whole));
	const char *fitted = fit(c, whole, field_limit("model"), "model name");
	struct collect_group *g = group_for(c, fitted, whole, u);
	if (!strstr(g->source, c->source)) /* seen by another tool too */
		g->source = arena_printf(&c->inv.arena, "%s %s", g->source, c->source);
	if (u->pci_id && !g->pci_id) /* another form of the tool's output said it */
		g->pci_id = arena_strdup(&c->inv.arena, u->pci_id);
	if (u->quantity_note && !g->quantity_note)
		g->quantity_note = fit(c, u->quantity_note, field_limit("attrs"), "note");
	add_memory(g, u->memory_mib);
	const char *key = u->key ? u->key : "";
	struct collect_index *t = index_of(c);
	struct strbuf k = STRBUF_INIT;
	sb_printf(&k, "%s%c%s%c%s", c->host ? c->host : "", 0x1f, u->key_attr ? u->key_attr : "",
		  0x1f, key);
	struct hmap_probe p;
	if (!strtab_lookup(&t->seen, k.buf, k.len, &p))
		strtab_insert(&t->seen, &c->inv.arena, &p, k.buf, k.len, 0);
	sb_reset(&k);
	sb_printf(&k, "%zu%c%s", (size_t)(g - c->groups), 0x1f, key);
	if (strtab_lookup(&t->keys, k.buf, k.len, &p)) { /* counted already */
		sb_release(&k);
		return;
	}
	strtab_insert(&t->keys, &c->inv.arena, &p, k.buf, k.len, 0);
	sb_release(&k);
	long long n = u->count > 0 ? u->count : 1;
	if (g->quantity > 1000000000LL - n) { /* the inventory's largest quantity */
		collect_note(c, "units of one model on one host past 1000000000");
		return;
	}
	if (g->nkeys + 1 > g->capk) {
		size_t ncap = g->capk ? g->capk * 2 : 8;
		g->keys = xrealloc(g->keys, ncap * sizeof(*g->keys));
		g->counts = xrealloc(g->counts, ncap * sizeof(*g->counts));
		g->capk = ncap;
	}
	g->keys[g->nkeys] = fit(c, key, field_limit("attrs"), "key");
	g->counts[g->nkeys++] = n;
	g->quantity += n;
}

void collect_add_link(struct collect *c, const struct collect_unit *u)
{
	struct collect_index *t = index_of(c);
	struct arena *ar = &c->inv.arena;
	XGROW(t->deferred, t->capdeferred, t->ndeferred + 1);
	struct deferred *d = &t->deferred[t->ndeferred++];
	d->u = *u;
	d->u.model = u->model ? arena_strdup(ar, u->model) : NULL;
	d->u.name = u->name ? arena_strdup(ar, u->name) : NULL;
	d->u.key = u->key ? arena_strdup(ar, u->key) : NULL;
	d->u.pci_id = u->pci_id ? arena_strdup(ar, u->pci_id) : NULL;
	d->u.quantity_note = u->quantity_note ? arena_strdup(ar, u->quantity_note) : NULL;
	d->host = c->host;
	d->site = c->site;
	d->source = c->source;
	d->input = c->input;
}

/* The links whose keys no unit read in full had. */
static void add_links(struct collect *c)
{
	struct collect_index *t = c->index;
	for (size_t i = 0; t && i < t->ndeferred; i++) {
		struct deferred *d = &t->deferred[i];
		struct strbuf k = STRBUF_INIT;
		sb_printf(&k, "%s%c%s%c%s", d->host ? d->host : "", 0x1f,
			  d->u.key_attr ? d->u.key_attr : "", 0x1f, d->u.key ? d->u.key : "");
		struct hmap_probe p;
		bool known = strtab_lookup(&t->seen, k.buf, k.len, &p) != NULL;
		sb_release(&k);
		if (known)
			continue;
		c->host = d->host;
		c->site = d->site;
		c->source = d->source;
		c->input = d->input;
		collect_add_unit(c, &d->u);
	}
}

void collect_add(struct collect *c, const char *model, const char *key_attr, const char *key,
		 const char *pci_id)
{
	struct collect_unit u = {.model = model, .key_attr = key_attr, .key = key, .pci_id = pci_id};
	collect_add_unit(c, &u);
}

/* ---- the result ---------------------------------------------------------------- */

static int strcmp_null(const char *a, const char *b)
{
	return !a || !b ? (a ? 1 : 0) - (b ? 1 : 0) : strcmp(a, b);
}

static int group_cmp(const void *pa, const void *pb)
{
	const struct collect_group *a = pa, *b = pb;
	int r = strcmp_null(a->host, b->host);
	if (!r)
		r = strcmp(a->model, b->model);
	return r ? r : strcmp_null(a->site, b->site);
}

static int key_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* G's keys, sorted, in one attribute value within its limit: past it,
 * how many more (the quantity counts them all). */
static void join_keys(struct collect *c, struct collect_group *g, struct strbuf *out)
{
	size_t max = field_limit("attrs"), k = 0;
	if (g->nkeys)
		qsort(g->keys, g->nkeys, sizeof(*g->keys), key_cmp);
	for (; k < g->nkeys; k++) {
		/* room for this key and, unless it is the last, " (+N more)" */
		size_t need = out->len + 1 + strlen(g->keys[k]) + (k + 1 < g->nkeys ? 32 : 0);
		if (need > max)
			break;
		sb_printf(out, "%s%s", k ? " " : "", g->keys[k]);
	}
	if (k < g->nkeys) {
		sb_printf(out, "%s(+%zu more)", k ? " " : "", g->nkeys - k);
		collect_note(c, "%s of a model past %zu bytes (counted in its quantity)",
			     g->key_attr, max);
	}
}

/* The memory size a device name states ("A100-SXM4-40GB", "H100 80GB
 * HBM3"): the first "<N>GB" or "<N> GB" not followed by a letter or "/s";
 * NAN when it states none. */
static double name_memory_gb(const char *name)
{
	for (const char *p = name; p && *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > name && isalnum((unsigned char)p[-1])))
			continue;
		char *end;
		double v = strtod(p, &end);
		const char *u = end;
		if (*u == ' ')
			u++;
		if (end > p && (u[0] == 'G' || u[0] == 'g') && (u[1] == 'B' || u[1] == 'b') &&
		    !isalpha((unsigned char)u[2]) && u[2] != '/' && v > 0 && v < 100000)
			return v;
		p = end - 1;
	}
	return NAN;
}

/* The catalog chip of G: by its model text, else by its PCI id. */
static const struct chip *group_chip(const struct collect *c, const struct collect_group *g)
{
	struct catalog_match m;
	catalog_match(c->cat, g->model, &m);
	if (m.chip && m.kind != MATCH_AMBIGUOUS)
		return m.chip;
	unsigned v, dv;
	if (g->pci_id && sscanf(g->pci_id, "%4x:%4x", &v, &dv) == 2)
		return catalog_match_pci(c->cat, (uint16_t)v, (uint16_t)dv);
	return NULL;
}

/* Reported memory against the figure for the model (the one its own name
 * states, else the catalog's): more than 10% apart is a conflict, said in
 * OUT (empty when none, or when no figure is known to compare with). */
static void identity_conflict(struct collect *c, const struct collect_group *g, struct strbuf *out)
{
	const struct chip *chip = group_chip(c, g);
	/* the name the tool printed against the chip its PCI id is */
	struct catalog_match nm;
	if (g->name && g->pci_id && chip) {
		catalog_match(c->cat, g->name, &nm);
		if (nm.chip && nm.kind == MATCH_EXACT && nm.chip != chip) {
			sb_printf(out, "the name '%s' is the catalog's %s, the PCI id %s is %s", g->name,
				  nm.chip->id, g->pci_id, chip->id);
			c->input = g->input;
			collect_warn(c, 0, "%s%s%lld x %s: %s: the part may be relabelled or misreported",
				     g->host ? g->host : "", g->host ? ": " : "", g->quantity, g->model,
				     sb_str(out));
			return;
		}
	}
	double stated = name_memory_gb(g->name ? g->name : g->model), want = stated;
	if (isnan(want) && chip)
		want = chip->memory_gb;
	if (isnan(want) || !(want > 0))
		return;
	for (size_t i = 0; i < g->nmemory; i++) {
		double gib = g->memory[i] / 1024.0;
		if (fabs(gib - want) / want <= 0.10)
			continue;
		struct strbuf cat = STRBUF_INIT;
		if (!isnan(stated))
			sb_printf(&cat, "the %g GB its name '%s' states", stated, g->name ? g->name : g->model);
		else
			sb_printf(&cat, "the catalog's %g GB for %s %s (%s)", want, chip->vendor->name,
				  chip->model, chip->id);
		sb_printf(out, "%.0f MiB of memory reported per unit, against %s", g->memory[i],
			  sb_str(&cat));
		c->input = g->input;
		collect_warn(c, 0, "%s%s%lld x %s: %s: the part may be relabelled or misreported",
			     g->host ? g->host : "", g->host ? ": " : "", g->quantity, g->model,
			     sb_str(out));
		sb_release(&cat);
		return;
	}
}

void collect_finish(struct collect *c)
{
	const char *input = c->input;
	add_links(c);
	if (c->ngroups) /* qsort must not get NULL, even with 0 elements */
		qsort(c->groups, c->ngroups, sizeof(*c->groups), group_cmp);
	struct arena *ar = &c->inv.arena;
	for (size_t i = 0; i < c->ngroups; i++) {
		struct collect_group *g = &c->groups[i];
		if (g->host && (i == 0 || strcmp_null(g->host, c->groups[i - 1].host) != 0))
			c->nhosts++; /* sorted by host */
		struct strbuf keys = STRBUF_INIT, conflict = STRBUF_INIT, mem = STRBUF_INIT;
		join_keys(c, g, &keys);
		identity_conflict(c, g, &conflict);
		for (size_t k = 0; k < g->nmemory; k++)
			sb_printf(&mem, "%s%.0f", k ? " " : "", g->memory[k]);
		struct kv attrs[10];
		struct asset a = {.model = g->model, .quantity = g->quantity, .site = g->site,
				  .purpose = c->opts.purpose, .status = c->opts.status, .attrs = attrs};
		const char *base = g->host ? arena_printf(ar, "%s:%s", g->host, g->slug) : g->slug;
		a.id = base;
		for (int k = 2; inventory_find(&c->inv, a.id); k++)
			a.id = arena_printf(ar, "%s-%d", base, k);
		attrs[a.nattrs++] = (struct kv){"source", g->source};
		if (g->host)
			attrs[a.nattrs++] = (struct kv){"host", g->host};
		if (g->pci_id)
			attrs[a.nattrs++] = (struct kv){"pci_id", g->pci_id};
		attrs[a.nattrs++] = (struct kv){g->key_attr, sb_str(&keys)};
		if (mem.len)
			attrs[a.nattrs++] = (struct kv){"memory_mib", sb_str(&mem)};
		if (conflict.len)
			attrs[a.nattrs++] = (struct kv){"identity_conflict", sb_str(&conflict)};
		if (g->quantity_note)
			attrs[a.nattrs++] = (struct kv){"quantity_note", g->quantity_note};
		inventory_add_asset(&c->inv, &a);
		sb_release(&keys);
		sb_release(&conflict);
		sb_release(&mem);
	}
	c->input = input;
}
