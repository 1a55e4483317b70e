/* The collectors' common core: which PCI functions are accelerators, the
 * grouping into one asset per (model, site) with a quantity and the PCI
 * addresses or UUIDs kept in attrs, and the writers of the result as a
 * libconfig or CSV inventory. The parsers of tool output live in
 * collect_lspci.c, collect_smi.c and collect_libpci.c; osquery.c reuses
 * collect_pci(). Must never count a device twice (a key seen again for a
 * model is ignored), count an SR-IOV virtual function, a MIG instance or a
 * switch as an accelerator, or print anything. */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

struct collect_group {
	const char *model;
	const char *slug;     /* chip id or folded model text, for the asset id */
	const char *key_attr; /* "pci_addresses" or "uuids" */
	const char *pci_id;
	const char **keys;
	size_t nkeys, capk;
};

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
	c->source = arena_strdup(ar, source);
	c->input = input ? c->inv.path : NULL;
}

void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].keys);
	free(c->groups);
	free(c->notes);
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

void collect_note(struct collect *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	for (char *p = sb.buf; p && *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' '; /* notes become comments: one line each */
	repair_utf8(sb.buf, sb.len); /* the reader validates comments too */
	for (size_t i = 0; i < c->nnotes; i++)
		if (strcmp(c->notes[i].text, sb_str(&sb)) == 0) {
			c->notes[i].count++;
			sb_release(&sb);
			return;
		}
	XGROW(c->notes, c->capn, c->nnotes + 1);
	c->notes[c->nnotes].text = arena_strdup(&c->inv.arena, sb_str(&sb));
	c->notes[c->nnotes++].count = 1;
	sb_release(&sb);
}

/* ---- models ---------------------------------------------------------------- */

static const char *chip_name(struct collect *c, const struct chip *chip)
{
	struct strbuf sb = STRBUF_INIT;
	chip_display_name(chip, &sb);
	const char *s = arena_strdup(&c->inv.arena, sb_str(&sb));
	sb_release(&sb);
	return s;
}

const char *collect_model_name(struct collect *c, const char *text)
{
	struct catalog_match m;
	catalog_match(c->cat, text, &m);
	if (m.chip && m.kind != MATCH_AMBIGUOUS) /* what check would resolve it to */
		return chip_name(c, m.chip);
	return arena_strdup(&c->inv.arena, text);
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

void collect_add(struct collect *c, const char *model, const char *key_attr, const char *key,
		 const char *pci_id)
{
	struct collect_group *g = NULL;
	/* a device printed without a name: name it by its PCI id, which the
	 * catalog can match, rather than write a model the reader refuses */
	if (!model || !*model)
		model = pci_id ? arena_printf(&c->inv.arena, "pci:%s", pci_id) : "unknown device";
	char *fixed = arena_strdup(&c->inv.arena, model);
	repair_utf8(fixed, strlen(fixed)); /* what is written must read back */
	/* and within the model's limit: a tool's name of a device is not
	 * hundreds of bytes long, the text around it was taken for it. The
	 * id still comes from the whole name, as it did before the limit. */
	const char *whole = fixed;
	if (strlen(fixed) > field_limit("model")) {
		fixed = arena_strdup(&c->inv.arena, whole);
		cut_utf8(fixed, field_limit("model"));
		collect_note(c, "the end of a model name over %zu bytes", field_limit("model"));
	}
	model = fixed;
	for (size_t i = 0; i < c->ngroups && !g; i++)
		if (strcmp(c->groups[i].model, model) == 0)
			g = &c->groups[i];
	if (!g) {
		XGROW(c->groups, c->capg, c->ngroups + 1);
		g = &c->groups[c->ngroups++];
		memset(g, 0, sizeof(*g));
		g->model = model;
		g->slug = model_slug(c, whole);
		g->key_attr = key_attr;
		g->pci_id = pci_id ? arena_strdup(&c->inv.arena, pci_id) : NULL;
	}
	for (size_t i = 0; i < g->nkeys; i++)
		if (strcmp(g->keys[i], key) == 0)
			return;
	XGROW(g->keys, g->capk, g->nkeys + 1);
	g->keys[g->nkeys++] = arena_strdup(&c->inv.arena, key);
}

/* ---- PCI functions ---------------------------------------------------------- */

int pci_address_parse(const char *s, size_t len, struct pci_function *f)
{
	unsigned v[4];
	size_t nv = 0, i = 0;
	while (nv < 4) {
		size_t start = i;
		unsigned x = 0;
		while (i < len && isxdigit((unsigned char)s[i]) && i - start < 8) {
			char ch = (char)tolower((unsigned char)s[i++]);
			x = x * 16 + (unsigned)(isdigit((unsigned char)ch) ? ch - '0' : ch - 'a' + 10);
		}
		if (i == start)
			return -1;
		v[nv++] = x;
		if (i < len && s[i] == ':' && nv < 3) {
			i++;
			continue;
		}
		if (i < len && s[i] == '.' && (nv == 2 || nv == 3)) {
			i++;
			if (i >= len || s[i] < '0' || s[i] > '7')
				return -1;
			f->fn = (unsigned)(s[i++] - '0');
			break;
		}
		return -1;
	}
	if (i != len)
		return -1;
	if (nv == 3) {
		f->domain = v[0];
		f->bus = v[1];
		f->dev = v[2];
	} else if (nv == 2) {
		f->domain = 0;
		f->bus = v[0];
		f->dev = v[1];
	} else {
		return -1;
	}
	return f->bus <= 0xff && f->dev <= 0x1f ? 0 : -1;
}

static unsigned routing_id(const struct pci_function *f)
{
	return f->bus << 8 | f->dev << 3 | f->fn;
}

/* SR-IOV: the functions a physical function's capability places its
 * virtual functions at, and functions that say so in their name. */
static void mark_vfs(struct pci_function *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = f[i].device_name;
		if (name && strstr(name, "Virtual Function"))
			f[i].vf = true;
		if (!f[i].total_vfs || !f[i].vf_offset)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (j == i || f[j].domain != f[i].domain)
				continue;
			unsigned rid = routing_id(&f[j]), first = routing_id(&f[i]) + f[i].vf_offset;
			unsigned stride = f[i].vf_stride ? f[i].vf_stride : 1;
			if (rid >= first && (rid - first) % stride == 0 &&
			    (rid - first) / stride < f[i].total_vfs)
				f[j].vf = true;
		}
	}
}

static bool accel_class(int cls)
{
	return cls == 0x0302 || (cls >= 0 && cls >> 8 == 0x12);
}

static void pci_id_text(const struct pci_function *f, char out[10])
{
	snprintf(out, 10, "%04x:%04x", f->vendor, f->device);
}

static void address_text(const struct pci_function *f, char out[24])
{
	snprintf(out, 24, "%04x:%02x:%02x.%u", f->domain & 0xffffu, f->bus, f->dev, f->fn);
}

static const char *describe(const struct pci_function *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", f->vendor_name ? f->vendor_name : "",
		 f->vendor_name && f->device_name ? " " : "", f->device_name ? f->device_name : "");
	return buf;
}

/* Is F an accelerator? Sets *chip when the catalog knows it. */
static bool is_accelerator(struct collect *c, const struct pci_function *f, const struct chip **chip)
{
	char id[10], what[256];
	*chip = NULL;
	pci_id_text(f, id);
	describe(f, what, sizeof(what));
	if (!f->vendor)
		snprintf(id, sizeof(id), "%s", "[no ids]"); /* plain lspci without names pci.ids knows */
	if (f->vendor && catalog_pci_not_accelerator(c->cat, f->vendor, f->device)) {
		collect_note(c, "%s %s: not an accelerator (catalog)", id, what);
		return false;
	}
	if (f->vendor)
		*chip = catalog_match_pci(c->cat, f->vendor, f->device);
	if (!*chip && !f->vendor && f->device_name) {
		/* no ids (plain lspci): the name in brackets, as pci.ids gives it */
		const char *lb = strrchr(f->device_name, '['), *rb = lb ? strchr(lb, ']') : NULL;
		if (lb && rb) {
			char inner[128];
			snprintf(inner, sizeof(inner), "%.*s", (int)(rb - lb - 1), lb + 1);
			struct catalog_match m;
			catalog_match(c->cat, inner, &m);
			if (m.kind == MATCH_EXACT || m.kind == MATCH_PREFIX)
				*chip = m.chip;
		}
	}
	if (*chip || accel_class(f->cls)) {
		if (f->vf) {
			collect_note(c, "%s %s: SR-IOV virtual function, not counted", id, what);
			return false;
		}
		return true;
	}
	if (f->vendor && catalog_vendor_by_pci(c->cat, f->vendor) && f->cls >= 0 && f->cls >> 8 == 0x03)
		collect_note(c, "%s %s: display controller not in the catalog, ignored", id, what);
	return false;
}

/* Functions on one bus with the same ids as a lower function there are
 * virtual functions when nothing else said so (GPUs sit on a bus each). */
static void mark_same_bus(struct pci_function *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (i != j && !f[i].vf && f[j].vendor && f[j].vendor == f[i].vendor &&
			    f[j].device == f[i].device && f[j].domain == f[i].domain &&
			    f[j].bus == f[i].bus && routing_id(&f[j]) < routing_id(&f[i]))
				f[i].vf = true;
}

void collect_pci(struct collect *c, struct pci_function *f, size_t n)
{
	mark_vfs(f, n);
	mark_same_bus(f, n);
	for (size_t i = 0; i < n; i++) {
		const struct chip *chip;
		if (!is_accelerator(c, &f[i], &chip))
			continue;
		char id[10], addr[24];
		pci_id_text(&f[i], id);
		address_text(&f[i], addr);
		const char *model;
		if (chip)
			model = chip_name(c, chip);
		else if (f[i].vendor)
			model = arena_printf(&c->inv.arena, "pci:%s", id);
		else
			model = arena_printf(&c->inv.arena, "%s%s%s", f[i].vendor_name ? f[i].vendor_name : "",
					     f[i].vendor_name ? " " : "",
					     f[i].device_name ? f[i].device_name : "unknown device");
		collect_add(c, model, "pci_addresses", addr, f[i].vendor ? id : NULL);
	}
}

/* ---- the result ---------------------------------------------------------------- */

static int group_cmp(const void *pa, const void *pb)
{
	const struct collect_group *a = pa, *b = pb;
	return strcmp(a->model, b->model);
}

static int key_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* G's keys, sorted, in one attribute value within its limit: past it,
 * how many more (the quantity counts them all). */
static void join_keys(struct collect *c, const struct collect_group *g, struct strbuf *out)
{
	size_t max = field_limit("attrs"), k = 0;
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

void collect_finish(struct collect *c)
{
	if (c->ngroups) /* qsort must not get NULL, even with 0 elements */
		qsort(c->groups, c->ngroups, sizeof(*c->groups), group_cmp);
	struct arena *ar = &c->inv.arena;
	for (size_t i = 0; i < c->ngroups; i++) {
		struct collect_group *g = &c->groups[i];
		qsort(g->keys, g->nkeys, sizeof(*g->keys), key_cmp);
		struct strbuf keys = STRBUF_INIT;
		join_keys(c, g, &keys);
		struct kv attrs[5];
		struct asset a = {.model = g->model, .quantity = (long long)g->nkeys,
				  .site = c->opts.site, .purpose = c->opts.purpose,
				  .status = c->opts.status, .attrs = attrs};
		const char *base = c->opts.host ? arena_printf(ar, "%s:%s", c->opts.host, g->slug) : g->slug;
		a.id = base;
		for (int k = 2; inventory_find(&c->inv, a.id); k++)
			a.id = arena_printf(ar, "%s-%d", base, k);
		attrs[a.nattrs++] = (struct kv){"source", c->source};
		if (c->opts.host)
			attrs[a.nattrs++] = (struct kv){"host", c->opts.host};
		if (g->pci_id)
			attrs[a.nattrs++] = (struct kv){"pci_id", g->pci_id};
		attrs[a.nattrs++] = (struct kv){g->key_attr, sb_str(&keys)};
		inventory_add_asset(&c->inv, &a);
		sb_release(&keys);
	}
}

/* ---- writers ------------------------------------------------------------------- */

static void cfg_string_lit(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void write_notes(const struct collect *c, FILE *fp, const char *comment)
{
	fprintf(fp, "%s chipgate collect: %zu accelerator model%s from %s", comment, c->inv.nassets,
		c->inv.nassets == 1 ? "" : "s", c->source);
	if (c->input)
		fprintf(fp, " %s %s", strcmp(c->source, "libpci") == 0 ? "reading the dump" : "output in",
			c->input);
	fputc('\n', fp);
	for (size_t i = 0; i < c->nnotes; i++)
		fprintf(fp, "%s ignored %u x %s\n", comment, c->notes[i].count, c->notes[i].text);
}

int collect_write_cfg(const struct collect *c, FILE *fp)
{
	write_notes(c, fp, "#");
	fputs("assets = (", fp);
	for (size_t i = 0; i < c->inv.nassets; i++) {
		const struct asset *a = &c->inv.assets[i];
		fprintf(fp, "%s\n  { id = ", i ? "," : "");
		cfg_string_lit(fp, a->id);
		fputs("; model = ", fp);
		cfg_string_lit(fp, a->model);
		fprintf(fp, "; quantity = %lld;", a->quantity);
		if (a->site) {
			fputs("\n    site = ", fp);
			cfg_string_lit(fp, a->site);
			fputc(';', fp);
		}
		if (a->purpose != PURPOSE_UNSET)
			fprintf(fp, " purpose = \"%s\";", purpose_name(a->purpose));
		if (a->status != STATUS_UNSET)
			fprintf(fp, " status = \"%s\";", status_name(a->status));
		fputs("\n    attrs = {", fp);
		for (size_t k = 0; k < a->nattrs; k++) {
			fprintf(fp, " %s = ", a->attrs[k].name);
			cfg_string_lit(fp, a->attrs[k].value);
			fputc(';', fp);
		}
		fputs(" }; }", fp);
	}
	fputs(c->inv.nassets ? "\n);\n" : ");\n", fp);
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}

static void csv_field(FILE *fp, const char *s)
{
	bool quote = !*s ? false : (strpbrk(s, ",\"\r\n") || isspace((unsigned char)s[0]) ||
				     isspace((unsigned char)s[strlen(s) - 1]));
	if (!quote) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

int collect_write_csv(const struct collect *c, FILE *fp)
{
	/* attribute columns: every name used, in order of first use */
	const char *names[16];
	size_t nn = 0;
	for (size_t i = 0; i < c->inv.nassets; i++)
		for (size_t k = 0; k < c->inv.assets[i].nattrs; k++) {
			const char *n = c->inv.assets[i].attrs[k].name;
			bool seen = false;
			for (size_t j = 0; j < nn && !seen; j++)
				seen = strcmp(names[j], n) == 0;
			if (!seen && nn < CG_ARRAY_LEN(names))
				names[nn++] = n;
		}
	fputs("id,model,quantity,site,purpose,status", fp);
	for (size_t j = 0; j < nn; j++) {
		fputc(',', fp);
		csv_field(fp, names[j]);
	}
	fputs("\r\n", fp);
	for (size_t i = 0; i < c->inv.nassets; i++) {
		const struct asset *a = &c->inv.assets[i];
		csv_field(fp, a->id);
		fputc(',', fp);
		csv_field(fp, a->model);
		fprintf(fp, ",%lld,", a->quantity);
		csv_field(fp, a->site ? a->site : "");
		fprintf(fp, ",%s,%s", a->purpose != PURPOSE_UNSET ? purpose_name(a->purpose) : "",
			a->status != STATUS_UNSET ? status_name(a->status) : "");
		for (size_t j = 0; j < nn; j++) {
			const char *v = "";
			for (size_t k = 0; k < a->nattrs; k++)
				if (strcmp(a->attrs[k].name, names[j]) == 0)
					v = a->attrs[k].value;
			fputc(',', fp);
			csv_field(fp, v);
		}
		fputs("\r\n", fp);
	}
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}
