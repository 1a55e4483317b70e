/* Loading the catalog (embedded, then user overlays) and matching names
 * and PCI ids to chips. Only id, vendor and model are required for an
 * accelerator, name and country for a vendor: every other figure is
 * optional and stays unknown (NAN) when absent. */
#include "catalog/catalog.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/cfg.h"

struct catalog_key {
	char *folded;          /* lowercase letters and digits only */
	char *tokens;          /* lowercase tokens separated by one space */
	const struct chip *chip;
	const char *via;
};

/* ---- text folding ---------------------------------------------------- */

static char *fold(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *o = arena_alloc(a, n + 1), *p = o;
	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			*p++ = (char)tolower((unsigned char)*s);
	*p = '\0';
	return o;
}

static char *tokenize(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *o = arena_alloc(a, n + 2), *p = o;
	bool gap = false;
	for (; *s; s++) {
		if (isalnum((unsigned char)*s)) {
			if (gap && p > o)
				*p++ = ' ';
			gap = false;
			*p++ = (char)tolower((unsigned char)*s);
		} else {
			gap = true;
		}
	}
	*p = '\0';
	return o;
}

/* ---- loading ---------------------------------------------------------- */

static int parse_hex16(const char *s, size_t n, uint16_t *out)
{
	if (n != 4)
		return -1;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		int c = tolower((unsigned char)s[i]);
		if (!isxdigit(c))
			return -1;
		v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	*out = (uint16_t)v;
	return 0;
}

/* "10de:2329" → 0x10de2329 */
static int parse_pci_pair(const char *s, uint32_t *out)
{
	uint16_t v, d;
	const char *colon = strchr(s, ':');
	if (!colon || parse_hex16(s, (size_t)(colon - s), &v) != 0 ||
	    parse_hex16(colon + 1, strlen(colon + 1), &d) != 0)
		return -1;
	*out = (uint32_t)v << 16 | d;
	return 0;
}

static const char *const vendor_keys[] = {"name",	 "country", "aliases", "pci",
					  "not_accelerators", "entity_list", "sources", NULL};

static int load_vendor(struct catalog *cat, struct cfgdoc *doc, config_setting_t *s,
		       struct vendor *v, struct diag *d)
{
	struct arena *a = &cat->arena;
	const char *name = NULL, *country = NULL, **pci;
	size_t npci;
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		cfg_error(doc, s, d, "a vendor must be a group { ... }");
		return -1;
	}
	if (cfg_check_members(doc, s, vendor_keys, d) != 0 ||
	    cfg_string(doc, s, "name", true, &name, d) != 0 ||
	    cfg_string(doc, s, "country", true, &country, d) != 0 ||
	    cfg_strings(doc, s, "aliases", false, a, &v->aliases, &v->naliases, d) != 0 ||
	    cfg_strings(doc, s, "pci", false, a, &pci, &npci, d) != 0 ||
	    cfg_strings(doc, s, "sources", false, a, &v->sources, &v->nsources, d) != 0)
		return -1;
	if (strlen(country) != 2 || !isupper((unsigned char)country[0]) ||
	    !isupper((unsigned char)country[1])) {
		cfg_error(doc, config_setting_get_member(s, "country"), d,
			  "'country' must be an ISO 3166-1 alpha-2 code such as 'US'");
		return -1;
	}
	v->name = arena_strdup(a, name);
	v->country = arena_strdup(a, country);
	v->pci = arena_alloc(a, sizeof(uint16_t) * (npci + 1));
	for (size_t i = 0; i < npci; i++)
		if (parse_hex16(pci[i], strlen(pci[i]), &v->pci[v->npci++]) != 0) {
			cfg_error(doc, config_setting_get_member(s, "pci"), d,
				  "vendor PCI id must be 4 hex digits, not '%s'", pci[i]);
			return -1;
		}
	const char **na;
	size_t nna;
	if (cfg_strings(doc, s, "not_accelerators", false, a, &na, &nna, d) != 0)
		return -1;
	v->non_accel = arena_alloc(a, sizeof(uint32_t) * (nna + 1));
	for (size_t i = 0; i < nna; i++)
		if (parse_pci_pair(na[i], &v->non_accel[v->nnon_accel++]) != 0) {
			cfg_error(doc, config_setting_get_member(s, "not_accelerators"), d,
				  "PCI id must be VVVV:DDDD, not '%s'", na[i]);
			return -1;
		}
	config_setting_t *el;
	if (cfg_aggregate(doc, s, "entity_list", CONFIG_TYPE_LIST, false, &el, d) != 0)
		return -1;
	int n = el ? config_setting_length(el) : 0;
	v->listings = arena_alloc(a, sizeof(*v->listings) * (size_t)(n + 1));
	static const char *const ekeys[] = {"date", "note", NULL};
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(el, (unsigned)i);
		const char *note = NULL;
		struct entity_listing *l = &v->listings[v->nlistings++];
		if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
			cfg_error(doc, e, d, "an entity_list entry must be a group { date = ...; }");
			return -1;
		}
		if (cfg_check_members(doc, e, ekeys, d) != 0 ||
		    cfg_date(doc, e, "date", true, &l->date, d) != 0 ||
		    cfg_string(doc, e, "note", false, &note, d) != 0)
			return -1;
		l->note = note ? arena_strdup(a, note) : NULL;
	}
	v->file = doc->path;
	v->line = cfg_line(s);
	return 0;
}

static const char *const chip_keys[] = {
	"id",	      "vendor",	   "model",    "aliases",	"pci",	   "datacenter", "dies",
	"die_area_mm2", "memory_gb", "memory_bw_gbs", "dense", "fab_country", "reported", "note",
	"sources",      NULL};

#define NOTE_MAX 2048 /* a note is a few sentences, shown whole by catalog show */

/* The optional note: why a figure is missing or a class rests on an
 * estimate. Present means said: an empty or blank note is an error, as is
 * one longer than NOTE_MAX bytes. */
static int load_note(struct catalog *cat, struct cfgdoc *doc, config_setting_t *s, struct chip *c,
		     struct diag *d)
{
	const char *note = NULL;
	if (cfg_string(doc, s, "note", false, &note, d) != 0)
		return -1;
	if (!note)
		return 0;
	const char *p = note;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (!*p) {
		cfg_error(doc, config_setting_get_member(s, "note"), d, "'note' must not be empty");
		return -1;
	}
	if (strlen(note) > NOTE_MAX) {
		cfg_error(doc, config_setting_get_member(s, "note"), d,
			  "'note' is longer than %d bytes", NOTE_MAX);
		return -1;
	}
	c->note = arena_strdup(&cat->arena, note);
	return 0;
}

static int load_dense(struct cfgdoc *doc, config_setting_t *s, struct chip *c, struct diag *d)
{
	config_setting_t *g;
	if (cfg_aggregate(doc, s, "dense", CONFIG_TYPE_GROUP, false, &g, d) != 0)
		return -1;
	if (!g)
		return 0;
	const char *names[PREC_COUNT + 1];
	for (int p = 0; p < PREC_COUNT; p++)
		names[p] = prec_name((enum prec)p);
	names[PREC_COUNT] = NULL;
	if (cfg_check_members(doc, g, names, d) != 0)
		return -1;
	for (int p = 0; p < PREC_COUNT; p++)
		if (cfg_number(doc, g, names[p], false, 0.000001, 1e9, &c->dense[p], d) != 0)
			return -1;
	return 0;
}

/* One entry of the `accelerators` list into C; *VENDOR_NAME is the
 * vendor it names, resolved once every vendor is loaded. */
static int load_accelerator(struct catalog *cat, struct cfgdoc *doc, config_setting_t *s,
			    struct chip *c, const char **vendor_name, struct diag *d)
{
	struct arena *a = &cat->arena;
	const char *id = NULL, *model = NULL, *fab = NULL, **pci;
	size_t npci;
	int dc = -1;
	long long dies = 1;
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		cfg_error(doc, s, d, "an accelerator must be a group { ... }");
		return -1;
	}
	c->die_area_mm2 = c->memory_gb = c->memory_bw_gbs = NAN;
	c->tpp_reported = c->pd_reported = NAN;
	for (int p = 0; p < PREC_COUNT; p++)
		c->dense[p] = NAN;
	if (cfg_check_members(doc, s, chip_keys, d) != 0 ||
	    cfg_string(doc, s, "id", true, &id, d) != 0 ||
	    cfg_string(doc, s, "vendor", true, vendor_name, d) != 0 ||
	    cfg_string(doc, s, "model", true, &model, d) != 0 ||
	    cfg_strings(doc, s, "aliases", false, a, &c->aliases, &c->naliases, d) != 0 ||
	    cfg_strings(doc, s, "pci", false, a, &pci, &npci, d) != 0 ||
	    cfg_bool(doc, s, "datacenter", false, &dc, d) != 0 ||
	    cfg_int(doc, s, "dies", false, 1, 64, &dies, d) != 0 ||
	    cfg_number(doc, s, "die_area_mm2", false, 1, 100000, &c->die_area_mm2, d) != 0 ||
	    cfg_number(doc, s, "memory_gb", false, 0.001, 1e6, &c->memory_gb, d) != 0 ||
	    cfg_number(doc, s, "memory_bw_gbs", false, 0.001, 1e8, &c->memory_bw_gbs, d) != 0 ||
	    cfg_string(doc, s, "fab_country", false, &fab, d) != 0 ||
	    cfg_strings(doc, s, "sources", false, a, &c->sources, &c->nsources, d) != 0 ||
	    load_dense(doc, s, c, d) != 0 || load_note(cat, doc, s, c, d) != 0)
		return -1;
	config_setting_t *rep;
	static const char *const rkeys[] = {"tpp", "pd", NULL};
	if (cfg_aggregate(doc, s, "reported", CONFIG_TYPE_GROUP, false, &rep, d) != 0)
		return -1;
	if (rep && (cfg_check_members(doc, rep, rkeys, d) != 0 ||
		    cfg_number(doc, rep, "tpp", false, 0, 1e12, &c->tpp_reported, d) != 0 ||
		    cfg_number(doc, rep, "pd", false, 0, 1e9, &c->pd_reported, d) != 0))
		return -1;
	c->id = arena_strdup(a, id);
	c->model = arena_strdup(a, model);
	c->fab_country = fab ? arena_strdup(a, fab) : NULL;
	c->datacenter = dc < 0 ? TRI_UNKNOWN : dc ? TRI_TRUE : TRI_FALSE;
	c->dies = (int)dies;
	c->pci = arena_alloc(a, sizeof(uint32_t) * (npci + 1));
	for (size_t i = 0; i < npci; i++)
		if (parse_pci_pair(pci[i], &c->pci[c->npci++]) != 0) {
			cfg_error(doc, config_setting_get_member(s, "pci"), d,
				  "PCI id must be VVVV:DDDD in hex, not '%s'", pci[i]);
			return -1;
		}
	c->file = doc->path;
	c->line = cfg_line(s);
	catalog_derive(c);
	return 0;
}

static void put_vendor(struct catalog *cat, struct vendor *v)
{
	for (size_t i = 0; i < cat->nvendors; i++)
		if (str_eq_nocase(cat->vendors[i]->name, v->name)) {
			cat->vendors[i] = v;
			return;
		}
	XGROW(cat->vendors, cat->capv, cat->nvendors + 1);
	cat->vendors[cat->nvendors++] = v;
}

/* Where chip ID is in CAT->chips, or HMAP_NONE; *P is the lookup, for
 * hmap_put when it is not there (after hmap_reserve). */
static size_t chip_slot(const struct catalog *cat, const char *id, struct hmap_probe *p)
{
	*p = hmap_probe(&cat->chip_index, hash_mem(id, strlen(id)));
	for (size_t i; (i = hmap_next(&cat->chip_index, p)) != HMAP_NONE;)
		if (strcmp(cat->chips[i]->id, id) == 0)
			return i;
	return HMAP_NONE;
}

/* Add C, or replace the chip of the same id (an overlay). */
static void put_chip(struct catalog *cat, struct chip *c)
{
	struct hmap_probe p;
	hmap_reserve(&cat->chip_index, cat->nchips + 1);
	size_t i = chip_slot(cat, c->id, &p);
	if (i != HMAP_NONE) {
		cat->chips[i] = c;
		return;
	}
	XGROW(cat->chips, cat->capc, cat->nchips + 1);
	cat->chips[cat->nchips] = c;
	hmap_put(&cat->chip_index, &p, cat->nchips++);
}

static void invalidate_keys(struct catalog *cat)
{
	free(cat->keys);
	cat->keys = NULL;
	cat->nkeys = 0;
}

static int load_doc(struct catalog *cat, struct cfgdoc *doc, struct diag *d)
{
	config_setting_t *root = config_root_setting(&doc->cfg), *vs, *cs;
	static const char *const top[] = {"vendors", "accelerators", NULL};
	if (cfg_check_members(doc, root, top, d) != 0 ||
	    cfg_aggregate(doc, root, "vendors", CONFIG_TYPE_LIST, false, &vs, d) != 0 ||
	    cfg_aggregate(doc, root, "accelerators", CONFIG_TYPE_LIST, false, &cs, d) != 0)
		return -1;
	int nv = vs ? config_setting_length(vs) : 0, nc = cs ? config_setting_length(cs) : 0;
	/* parse everything first, so a failing overlay leaves the catalog alone */
	struct vendor *vv = arena_alloc(&cat->arena, sizeof(*vv) * (size_t)(nv + 1));
	struct chip *cc = arena_alloc(&cat->arena, sizeof(*cc) * (size_t)(nc + 1));
	const char **vnames = xcalloc((size_t)nc + 1, sizeof(char *));
	int rc = -1;
	for (int i = 0; i < nv; i++) {
		if (load_vendor(cat, doc, config_setting_get_elem(vs, (unsigned)i), &vv[i], d) != 0)
			goto out;
		for (int j = 0; j < i; j++)
			if (str_eq_nocase(vv[j].name, vv[i].name)) {
				cfg_error(doc, config_setting_get_elem(vs, (unsigned)i), d,
					  "duplicate vendor '%s' (first at line %d)", vv[i].name, vv[j].line);
				goto out;
			}
	}
	for (int i = 0; i < nc; i++) {
		config_setting_t *s = config_setting_get_elem(cs, (unsigned)i);
		if (load_accelerator(cat, doc, s, &cc[i], &vnames[i], d) != 0)
			goto out;
		for (int j = 0; j < i; j++)
			if (strcmp(cc[j].id, cc[i].id) == 0) {
				cfg_error(doc, s, d, "duplicate accelerator id '%s' (first at line %d)",
					  cc[i].id, cc[j].line);
				goto out;
			}
		/* the vendor must exist here or already in the catalog */
		const struct vendor *v = NULL;
		for (int j = 0; j < nv && !v; j++)
			if (str_eq_nocase(vv[j].name, vnames[i]))
				v = &vv[j];
		if (!v)
			v = catalog_find_vendor(cat, vnames[i]);
		if (!v) {
			cfg_error(doc, config_setting_get_member(s, "vendor"), d,
				  "unknown vendor '%s' (add it to 'vendors')", vnames[i]);
			goto out;
		}
		cc[i].vendor = v;
	}
	for (int i = 0; i < nv; i++)
		put_vendor(cat, &vv[i]);
	for (int i = 0; i < nc; i++)
		put_chip(cat, &cc[i]);
	/* chips of replaced vendors follow the new entry */
	for (size_t i = 0; i < cat->nchips; i++)
		cat->chips[i]->vendor = catalog_find_vendor(cat, cat->chips[i]->vendor->name);
	invalidate_keys(cat);
	rc = 0;
out:
	free(vnames);
	return rc;
}

int catalog_overlay_text(struct catalog *cat, const char *file, const char *text, size_t len,
			 struct diag *d)
{
	struct cfgdoc doc;
	if (cfgdoc_load_text(&doc, arena_strdup(&cat->arena, file), text, len, d) != 0)
		return -1;
	int rc = load_doc(cat, &doc, d);
	cfgdoc_free(&doc);
	return rc;
}

int catalog_load_embedded(struct catalog *cat, struct diag *d)
{
	memset(cat, 0, sizeof(*cat));
	arena_init(&cat->arena);
	const struct embedded_file *f = embedded_find("catalog.cfg");
	if (!f) {
		diag_set(d, "catalog.cfg", 0, 0, "no embedded catalog in this build");
		return -1;
	}
	cat->source = "embedded:catalog.cfg";
	sha256_hex(f->data, f->len, cat->sha256);
	if (catalog_overlay_text(cat, cat->source, (const char *)f->data, f->len, d) != 0) {
		catalog_free(cat);
		return -1;
	}
	return 0;
}

int catalog_overlay_file(struct catalog *cat, const char *path, struct diag *d)
{
	struct cfgdoc doc;
	if (cfgdoc_load_file(&doc, arena_strdup(&cat->arena, path), d) != 0)
		return -1;
	int rc = load_doc(cat, &doc, d);
	if (rc == 0) {
		cat->overlays = xrealloc(cat->overlays, sizeof(char *) * (cat->noverlays + 1));
		cat->overlay_sha256 =
			xrealloc(cat->overlay_sha256, sizeof(*cat->overlay_sha256) * (cat->noverlays + 1));
		cat->overlays[cat->noverlays] = arena_strdup(&cat->arena, path);
		memcpy(cat->overlay_sha256[cat->noverlays], doc.sha256, SHA256_HEX_LEN + 1);
		cat->noverlays++;
	}
	cfgdoc_free(&doc);
	return rc;
}

void catalog_free(struct catalog *cat)
{
	invalidate_keys(cat);
	free(cat->vendors);
	free(cat->chips);
	hmap_release(&cat->chip_index);
	free(cat->overlays);
	free(cat->overlay_sha256);
	arena_release(&cat->arena);
	memset(cat, 0, sizeof(*cat));
}

/* ---- lookup ----------------------------------------------------------- */

const struct vendor *catalog_find_vendor(const struct catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->nvendors; i++) {
		const struct vendor *v = cat->vendors[i];
		if (str_eq_nocase(v->name, name))
			return v;
		for (size_t j = 0; j < v->naliases; j++)
			if (str_eq_nocase(v->aliases[j], name))
				return v;
	}
	return NULL;
}

const struct chip *catalog_find_id(const struct catalog *cat, const char *id)
{
	struct hmap_probe p;
	size_t i = chip_slot(cat, id, &p);
	return i == HMAP_NONE ? NULL : cat->chips[i];
}

const struct vendor *catalog_vendor_by_pci(const struct catalog *cat, uint16_t vendor)
{
	for (size_t i = 0; i < cat->nvendors; i++)
		for (size_t j = 0; j < cat->vendors[i]->npci; j++)
			if (cat->vendors[i]->pci[j] == vendor)
				return cat->vendors[i];
	return NULL;
}

const struct chip *catalog_match_pci(const struct catalog *cat, uint16_t vendor, uint16_t device)
{
	uint32_t id = (uint32_t)vendor << 16 | device;
	for (size_t i = 0; i < cat->nchips; i++)
		for (size_t j = 0; j < cat->chips[i]->npci; j++)
			if (cat->chips[i]->pci[j] == id)
				return cat->chips[i];
	return NULL;
}

bool catalog_pci_not_accelerator(const struct catalog *cat, uint16_t vendor, uint16_t device)
{
	uint32_t id = (uint32_t)vendor << 16 | device;
	for (size_t i = 0; i < cat->nvendors; i++)
		for (size_t j = 0; j < cat->vendors[i]->nnon_accel; j++)
			if (cat->vendors[i]->non_accel[j] == id)
				return true;
	return false;
}

const char *chip_origin(const struct chip *c, bool fab_basis)
{
	if (fab_basis)
		return c->fab_country;
	return c->vendor ? c->vendor->country : NULL;
}

cg_date vendor_listed_on(const struct vendor *v, cg_date as_of)
{
	cg_date best = CG_DATE_NONE;
	for (size_t i = 0; v && i < v->nlistings; i++)
		if (v->listings[i].date <= as_of && (best == CG_DATE_NONE || v->listings[i].date < best))
			best = v->listings[i].date;
	return best;
}

void chip_display_name(const struct chip *c, struct strbuf *out)
{
	sb_puts(out, c->vendor->name);
	sb_putc(out, ' ');
	sb_puts(out, c->model);
}

/* ---- matching ---------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct catalog_key *)a)->folded, ((const struct catalog_key *)b)->folded);
}

static void add_key(struct catalog *cat, size_t *cap, const struct chip *c, const char *text,
		    const char *via)
{
	XGROW(cat->keys, *cap, cat->nkeys + 1);
	struct catalog_key *k = &cat->keys[cat->nkeys++];
	k->folded = fold(&cat->arena, text);
	k->tokens = tokenize(&cat->arena, text);
	k->chip = c;
	k->via = via;
}

/* Keys: model and aliases, each bare and prefixed by the vendor's name
 * and aliases. Built on first use; the catalog is logically const. */
static void build_keys(const struct catalog *ccat)
{
	struct catalog *cat = (struct catalog *)ccat;
	if (cat->keys)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		for (size_t n = 0; n <= c->naliases; n++) {
			const char *name = n == 0 ? c->model : c->aliases[n - 1];
			add_key(cat, &cap, c, name, name);
			const struct vendor *v = c->vendor;
			for (size_t m = 0; m <= v->naliases; m++) {
				const char *vn = m == 0 ? v->name : v->aliases[m - 1];
				add_key(cat, &cap, c, arena_printf(&cat->arena, "%s %s", vn, name), name);
			}
		}
		add_key(cat, &cap, c, c->id, c->id);
	}
	if (cat->nkeys)
		qsort(cat->keys, cat->nkeys, sizeof(*cat->keys), key_cmp);
}

static void add_candidate(struct catalog_match *m, const struct chip *c)
{
	for (size_t i = 0; i < m->nothers; i++)
		if (m->others[i] == c)
			return;
	if (m->nothers < CG_ARRAY_LEN(m->others))
		m->others[m->nothers++] = c;
}

/* Is the token string K a whole-token prefix of T? Returns its length. */
static size_t token_prefix(const char *k, const char *t)
{
	size_t n = strlen(k);
	if (n == 0 || strncmp(k, t, n) != 0 || (t[n] != '\0' && t[n] != ' '))
		return 0;
	return n;
}

static bool match_pci_text(const struct catalog *cat, const char *text, struct catalog_match *m)
{
	if (strncasecmp(text, "pci:", 4) == 0)
		text += 4;
	uint32_t id;
	if (strlen(text) != 9 || parse_pci_pair(text, &id) != 0)
		return false;
	m->chip = catalog_match_pci(cat, (uint16_t)(id >> 16), (uint16_t)id);
	m->kind = m->chip ? MATCH_PCI : MATCH_NONE;
	m->via = "pci";
	return true;
}

/* The keys whose folded text equals F's: EXACT, or AMBIGUOUS when they
 * name several chips. False when none does. */
static bool match_exact(const struct catalog *cat, const char *f, struct catalog_match *m)
{
	struct catalog_key probe = {.folded = (char *)f};
	struct catalog_key *k =
		cat->nkeys && *f ? bsearch(&probe, cat->keys, cat->nkeys, sizeof(*k), key_cmp) : NULL;
	if (!k)
		return false;
	while (k > cat->keys && strcmp((k - 1)->folded, f) == 0)
		k--;
	for (; k < cat->keys + cat->nkeys && strcmp(k->folded, f) == 0; k++) {
		if (!m->chip) {
			m->chip = k->chip;
			m->via = k->via;
		}
		add_candidate(m, k->chip);
	}
	m->kind = m->nothers > 1 ? MATCH_AMBIGUOUS : MATCH_EXACT;
	if (m->kind == MATCH_AMBIGUOUS)
		m->chip = NULL;
	return true;
}

/* The longest key that is a whole-token prefix of the tokens T. */
static void match_prefix(const struct catalog *cat, const char *t, struct catalog_match *m)
{
	size_t best = 0;
	for (size_t i = 0; i < cat->nkeys; i++) {
		size_t n = token_prefix(cat->keys[i].tokens, t);
		if (n == 0 || n < best)
			continue;
		if (n > best) {
			best = n;
			m->nothers = 0;
			m->chip = cat->keys[i].chip;
			m->via = cat->keys[i].via;
		}
		add_candidate(m, cat->keys[i].chip);
	}
	if (best)
		m->kind = m->nothers > 1 ? MATCH_AMBIGUOUS : MATCH_PREFIX;
	if (m->kind == MATCH_AMBIGUOUS)
		m->chip = NULL;
}

#define BRACKET_MAX 256 /* longer bracketed text is not a pci.ids name */

/* pci.ids names a device "Chip [Marketing name]", and lspci -nn adds
 * "[10de:2330]": the innermost bracketed parts of TEXT, right to left,
 * each matched on its own. The first to name one chip (exactly, by prefix
 * or by PCI id) wins; ambiguous or empty parts are passed over. */
static bool match_brackets(const struct catalog *cat, const char *text, struct catalog_match *m)
{
	for (const char *rb = text + strlen(text); rb > text; rb--) {
		if (rb[-1] != ']')
			continue;
		const char *end = rb - 1, *lb = end;
		while (lb > text && lb[-1] != '[' && lb[-1] != ']')
			lb--;
		if (lb == text || lb[-1] != '[')
			continue;
		size_t n = (size_t)(end - lb);
		if (n == 0 || n >= BRACKET_MAX)
			continue;
		char inner[BRACKET_MAX];
		memcpy(inner, lb, n);
		inner[n] = '\0';
		struct catalog_match im;
		catalog_match(cat, inner, &im); /* no brackets inside: no recursion */
		if (im.chip && im.kind != MATCH_AMBIGUOUS) {
			*m = im;
			return true;
		}
		rb = lb; /* continue left of this part */
	}
	return false;
}

void catalog_match(const struct catalog *cat, const char *text, struct catalog_match *m)
{
	memset(m, 0, sizeof(*m));
	if (match_pci_text(cat, text, m))
		return;
	build_keys(cat);
	struct arena tmp;
	arena_init(&tmp);
	if (!match_exact(cat, fold(&tmp, text), m) && !match_brackets(cat, text, m))
		match_prefix(cat, tokenize(&tmp, text), m);
	arena_release(&tmp);
}

const struct chip *catalog_suggest(const struct catalog *cat, const char *text)
{
	build_keys(cat);
	struct arena tmp;
	arena_init(&tmp);
	char *f = fold(&tmp, text);
	size_t flen = strlen(f);
	/* at most a third of the text may change (two edits at least), and
	 * never all of it: "" or "zz" is not one edit from a short key */
	size_t cap = flen / 3 > 2 ? flen / 3 : 2;
	if (cap >= flen)
		cap = flen ? flen - 1 : 0;
	size_t bestd = cap + 1;
	const struct chip *best = NULL;
	for (size_t i = 0; i < cat->nkeys; i++) {
		size_t dist = edit_distance(f, cat->keys[i].folded, cap);
		if (dist < bestd) {
			bestd = dist;
			best = cat->keys[i].chip;
		}
	}
	/* a key that starts with the text */
	if (!best && flen >= 2)
		for (size_t i = 0; i < cat->nkeys && !best; i++)
			if (strncmp(cat->keys[i].folded, f, flen) == 0)
				best = cat->keys[i].chip;
	arena_release(&tmp);
	return best;
}
