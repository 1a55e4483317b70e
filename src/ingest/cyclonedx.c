/* CycloneDX 1.4-1.6 JSON as an inventory (DESIGN §4): every component of
 * type "device", at any depth of nested `components`, that is an
 * accelerator becomes an asset; other component types are walked through
 * but not kept. A hardware BOM lists every part of a board -- connectors,
 * regulators, the server itself -- so a device is kept when the catalog
 * knows its name (with or without the vendor), or when a type or function
 * property calls it a GPU, NPU, TPU or (AI) accelerator; the others are
 * counted and named in one note (inv->note), as collect names the NICs and
 * bridges it leaves out. Every device is validated all the same. The
 * mapping:
 *
 *   id        bom-ref, else name[@version] (a repeat gets "#2", "#3", ...)
 *   model     name, prefixed by manufacturer.name (1.6) or supplier.name
 *             unless the name already starts with it
 *   quantity  property cdx:device:quantity (default 1)
 *   site      property cdx:device:location
 *   purpose   property cdx:device:function when it names a purpose; any
 *             other function is kept as attrs.function
 *   other     chipgate:status, chipgate:purpose, chipgate:site,
 *             chipgate:destination, chipgate:owner, chipgate:order;
 *             version, manufacturer, supplier and the other cdx:device:*
 *             properties become attrs
 *
 * jansson parses (duplicate keys rejected); positions of semantic errors
 * are found again in the text with json_locate. Must never accept a BOM it
 * cannot fully read, nor loop on hostile nesting (depth is capped). */
#include "ingest/ingest.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "util/hmap.h"

#define MAX_DEPTH 32
#define NOTE_NAMES 12 /* devices named in the note; the rest are counted */
#define MAX_QUANTITY 1000000000LL
#define MAX_ATTRS 32

struct cdx {
	struct inventory *inv;
	const struct catalog *cat; /* NULL: keep every device */
	struct strbuf left;        /* the devices left out, named */
	size_t nleft;
	long long left_units;
	const char *text;
	size_t len;
	struct diag *d;
	struct json_step path[2 * MAX_DEPTH + 8];
	size_t npath;
	/* ids handed out, to keep them unique, in order, under an index */
	struct idref {
		const char *id;
		bool ref; /* a bom-ref (a repeat is an error), else generated */
	} *ids;
	size_t nids, capids;
	struct hmap idmap; /* hash of an id -> its idref */
};

/* Where the value PATH (+ EXTRA steps) leads to is; 0 and 0 if unknown. */
static void cdx_where(const struct cdx *c, const struct json_step *extra, size_t nextra,
		      int *line, int *col)
{
	struct json_step full[CG_ARRAY_LEN(c->path) + 4];
	size_t n = c->npath;
	memcpy(full, c->path, n * sizeof(*full));
	for (size_t i = 0; i < nextra && n < CG_ARRAY_LEN(full); i++)
		full[n++] = extra[i];
	if (json_locate(c->text, c->len, full, n, line, col) != 0)
		*line = *col = 0;
}

/* Set d at the value PATH (+ EXTRA steps) leads to, or without a position. */
static int cdx_error(struct cdx *c, const struct json_step *extra, size_t nextra, const char *fmt,
		     ...) CG_PRINTF(4, 5);
static int cdx_error(struct cdx *c, const struct json_step *extra, size_t nextra, const char *fmt,
		     ...)
{
	int line, col;
	cdx_where(c, extra, nextra, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	diag_vset(c->d, c->inv->path, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *str_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* The name of an organizational entity ({"name": ...}). */
static const char *entity_name(json_t *o, const char *key)
{
	json_t *e = json_object_get(o, key);
	return json_is_object(e) ? str_member(e, "name") : NULL;
}

/* The id handed out that equals ID, or NULL. */
static struct idref *id_find(struct cdx *c, const char *id)
{
	struct hmap_probe p = hmap_probe(&c->idmap, hash_mem(id, strlen(id)));
	for (size_t i; (i = hmap_next(&c->idmap, &p)) != HMAP_NONE;)
		if (strcmp(c->ids[i].id, id) == 0)
			return &c->ids[i];
	return NULL;
}

static const char *unique_id(struct cdx *c, const char *name, const char *version)
{
	struct arena *ar = &c->inv->arena;
	const char *base = version ? arena_printf(ar, "%s@%s", name, version) : name;
	const char *id = base;
	for (int k = 2; id_find(c, id); k++)
		id = arena_printf(ar, "%s#%d", base, k);
	return id;
}

static int add_id(struct cdx *c, const char *id, bool from_ref)
{
	struct idref *s = id_find(c, id);
	if (s && s->ref && from_ref) {
		struct json_step st = {"bom-ref", 0};
		char ex[96];
		return cdx_error(c, &st, 1, "duplicate bom-ref '%s'",
				 diag_excerpt(ex, sizeof(ex), id, strlen(id)));
	}
	if (s) {
		/* a generated id met a bom-ref of the same text: rename ours */
		s->ref = s->ref || from_ref;
		return 1;
	}
	XGROW(c->ids, c->capids, c->nids + 1);
	c->ids[c->nids] = (struct idref){id, from_ref};
	hmap_add(&c->idmap, hash_mem(id, strlen(id)), c->nids);
	c->nids++;
	return 0;
}

static void add_attr(struct cdx *c, struct asset *a, const char *name, const char *value)
{
	if (!value || a->nattrs >= MAX_ATTRS)
		return;
	for (size_t i = 0; i < a->nattrs; i++)
		if (strcmp(a->attrs[i].name, name) == 0)
			return;
	a->attrs[a->nattrs].name = arena_strdup(&c->inv->arena, name);
	a->attrs[a->nattrs++].value = arena_strdup(&c->inv->arena, value);
}

/* The string at EXTRA (below the component) within FIELD's limit? The
 * message names KEY, the member or property as the document spells it. */
static int check_length(struct cdx *c, const struct json_step *extra, size_t nextra,
			const char *key, const char *field, const char *v)
{
	size_t len = v ? strlen(v) : 0, max = field_limit(field);
	if (len <= max)
		return 0;
	int line, col;
	cdx_where(c, extra, nextra, &line, &col);
	return field_too_long(c->d, c->inv->path, line, col, key, len, max);
}

/* The asset field a property sets, for its length limit: NULL when the
 * property is not read. Writes "attrs.NAME" into BUF for attributes. */
static const char *property_field(const char *name, char *buf, size_t size)
{
	static const struct {
		const char *property, *field;
	} map[] = {
		{"cdx:device:quantity", "quantity"}, {"cdx:device:location", "site"},
		{"cdx:device:function", "attrs.function"}, {"chipgate:site", "site"},
		{"chipgate:purpose", "purpose"}, {"chipgate:status", "status"},
		{"chipgate:destination", "destination"}, {"chipgate:owner", "owner"},
		{"chipgate:order", "order"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(map); i++)
		if (strcmp(name, map[i].property) == 0)
			return map[i].field;
	if (strncmp(name, "cdx:device:", 11) != 0 || !name[11])
		return NULL;
	snprintf(buf, size, "attrs.%s", name + 11);
	return buf;
}

/* One property {name, value} of a device. */
static int property(struct cdx *c, struct asset *a, json_t *p, size_t k)
{
	struct json_step at[3] = {{"properties", 0}, {NULL, k}, {"value", 0}};
	const char *name = str_member(p, "name");
	json_t *jv = json_object_get(p, "value");
	if (!json_is_object(p) || !name)
		return cdx_error(c, at, 2, "a property needs a 'name'");
	if (jv && !json_is_string(jv))
		return cdx_error(c, at, 3, "property '%s' must have a string value", name);
	const char *v = jv ? json_string_value(jv) : "";
	char fbuf[FIELD_LIMIT_ATTR_NAME + 8];
	const char *field = property_field(name, fbuf, sizeof(fbuf));
	size_t nlen = strlen(name);
	if (field && nlen > 11 + FIELD_LIMIT_ATTR_NAME) {
		struct json_step nat[3] = {{"properties", 0}, {NULL, k}, {"name", 0}};
		int line, col;
		cdx_where(c, nat, 3, &line, &col);
		return name_too_long(c->d, c->inv->path, line, col, "attribute", nlen - 11);
	}
	if (field && check_length(c, at, 3, name, field, v) != 0)
		return -1;
	char ex[96];
	diag_excerpt(ex, sizeof(ex), v, strlen(v));
	struct arena *ar = &c->inv->arena;
	if (strcmp(name, "cdx:device:quantity") == 0) {
		if (parse_ll(v, 1, MAX_QUANTITY, &a->quantity) != 0)
			return cdx_error(c, at, 3, "invalid quantity '%s' in property '%s'", ex, name);
	} else if (strcmp(name, "cdx:device:location") == 0 || strcmp(name, "chipgate:site") == 0) {
		a->site = *v ? arena_strdup(ar, v) : NULL;
	} else if (strcmp(name, "cdx:device:function") == 0) {
		if (purpose_parse(v, &a->purpose) != 0)
			add_attr(c, a, "function", v);
	} else if (strcmp(name, "chipgate:purpose") == 0) {
		if (purpose_parse(v, &a->purpose) != 0)
			return cdx_error(c, at, 3,
					 "invalid purpose '%s' in property '%s' (expected one of: %s)", ex,
					 name, enum_values("purpose"));
	} else if (strcmp(name, "chipgate:status") == 0) {
		if (status_parse(v, &a->status) != 0)
			return cdx_error(c, at, 3,
					 "invalid status '%s' in property '%s' (expected one of: "
					 "deployed, ordered, planned, decommissioned)",
					 ex, name);
	} else if (strcmp(name, "chipgate:destination") == 0) {
		if (!country_code_valid(v))
			return cdx_error(c, at, 3,
					 "invalid destination '%s' in property '%s' (expected an ISO "
					 "3166-1 alpha-2 code such as 'CN')",
					 ex, name);
		a->destination = arena_strdup(ar, v);
	} else if (strcmp(name, "chipgate:owner") == 0) {
		a->owner = *v ? arena_strdup(ar, v) : NULL;
	} else if (strcmp(name, "chipgate:order") == 0) {
		a->order = *v ? arena_strdup(ar, v) : NULL;
	} else if (strncmp(name, "cdx:device:", 11) == 0 && name[11]) {
		add_attr(c, a, name + 11, v);
	}
	return 0;
}

static bool starts_with_nocase(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A device's own members within their limits: name (the model), bom-ref
 * (the id), version (an attribute), and the vendor's names. */
static int check_fields(struct cdx *c, const char *name, const char *ref, const char *version,
			const char *maker, const char *supplier)
{
	struct json_step st[2] = {{"name", 0}, {"name", 0}};
	if (check_length(c, st, 1, "name", "model", name) != 0)
		return -1;
	st[0].key = "bom-ref";
	if (check_length(c, st, 1, "bom-ref", "id", ref) != 0)
		return -1;
	st[0].key = "version";
	if (check_length(c, st, 1, "version", "attrs.version", version) != 0)
		return -1;
	st[0].key = "manufacturer";
	if (check_length(c, st, 2, "manufacturer", "vendor", maker) != 0)
		return -1;
	st[0].key = "supplier";
	return check_length(c, st, 2, "supplier", "vendor", supplier);
}

/* The last N words of TEXT (letters and digits), lowercased, into W
 * (each at most 31 bytes); how many there were. */
static size_t last_words(const char *text, char w[][32], size_t n)
{
	size_t k = 0;
	const char *p = text + strlen(text);
	while (k < n && p > text) {
		while (p > text && !isalnum((unsigned char)p[-1]))
			p--;
		const char *e = p;
		while (p > text && isalnum((unsigned char)p[-1]))
			p--;
		if (e == p)
			break;
		size_t len = (size_t)(e - p) < 31 ? (size_t)(e - p) : 31;
		for (size_t i = 0; i < len; i++)
			w[k][i] = (char)tolower((unsigned char)p[i]);
		w[k++][len] = '\0';
	}
	return k;
}

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* Does a type or function VALUE name the device itself an accelerator:
 * "GPU", "AI accelerator", "NPU module", "graphics processing unit" --
 * not "GPU power connector", whose device is the connector? */
static bool names_accelerator(const char *value)
{
	static const char *const kinds[] = {"gpu",  "gpgpu", "npu", "tpu", "dcu",
					    "accelerator", "accelerators"};
	static const char *const forms[] = {"card", "module", "board", "chip", "package", "device",
					    "oam", "sxm", "asic"};
	static const char *const units[] = {"graphics", "neural", "tensor"};
	char w[3][32];
	size_t n = last_words(value, w, 3);
	if (n >= 1 && in_list(w[0], kinds, CG_ARRAY_LEN(kinds)))
		return true;
	if (n >= 2 && in_list(w[0], forms, CG_ARRAY_LEN(forms)) &&
	    in_list(w[1], kinds, CG_ARRAY_LEN(kinds)))
		return true;
	return n >= 3 && strcmp(w[0], "unit") == 0 && strcmp(w[1], "processing") == 0 &&
	       in_list(w[2], units, CG_ARRAY_LEN(units));
}

static bool contains_nocase(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (strncasecmp(s, part, n) == 0)
			return true;
	return false;
}

/* A device that calls itself an accelerator in a type or function
 * property (cdx:device:function, cdx:device:deviceType, ...). */
static bool says_accelerator(json_t *props)
{
	for (size_t k = 0; k < json_array_size(props); k++) {
		json_t *p = json_array_get(props, k);
		const char *name = str_member(p, "name"), *v = str_member(p, "value");
		if (!name || !v)
			continue;
		const char *tail = strrchr(name, ':') ? strrchr(name, ':') + 1 : name;
		if ((contains_nocase(tail, "type") || contains_nocase(tail, "function") ||
		     contains_nocase(tail, "class") || contains_nocase(tail, "category")) &&
		    names_accelerator(v))
			return true;
	}
	return false;
}

/* Is the device NAME (MODEL with its vendor) an accelerator? */
static bool is_accelerator(struct cdx *c, const char *name, const char *model, json_t *props)
{
	if (!c->cat)
		return true;
	struct catalog_match m;
	catalog_match(c->cat, model, &m);
	if (m.kind != MATCH_NONE)
		return true;
	catalog_match(c->cat, name, &m);
	return m.kind != MATCH_NONE || says_accelerator(props);
}

/* Count a device left out, and name the first NOTE_NAMES. */
static void leave_out(struct cdx *c, const struct asset *a, const char *name)
{
	const char *fn = NULL;
	for (size_t i = 0; i < a->nattrs; i++)
		if (strcmp(a->attrs[i].name, "function") == 0)
			fn = a->attrs[i].value;
	if (c->nleft < NOTE_NAMES) {
		char ex[96];
		sb_printf(&c->left, "%s%s", c->nleft ? ", " : "", diag_excerpt(ex, sizeof(ex), name, strlen(name)));
		if (fn)
			sb_printf(&c->left, " (%s)", diag_excerpt(ex, sizeof(ex), fn, strlen(fn)));
	}
	c->nleft++;
	c->left_units += a->quantity;
}

static int device(struct cdx *c, json_t *comp)
{
	const char *name = str_member(comp, "name");
	if (!name)
		return cdx_error(c, NULL, 0, "a device component needs a 'name'");
	const char *ref = str_member(comp, "bom-ref"), *version = str_member(comp, "version");
	const char *maker = entity_name(comp, "manufacturer"), *supplier = entity_name(comp, "supplier");
	const char *vendor = maker ? maker : supplier;
	if (check_fields(c, name, ref, version, maker, supplier) != 0)
		return -1;
	struct arena *ar = &c->inv->arena;
	struct asset a = {.quantity = 1, .purpose = PURPOSE_UNSET, .status = STATUS_UNSET,
			  .file = c->inv->path};
	a.attrs = arena_alloc(ar, sizeof(struct kv) * (MAX_ATTRS + 1));
	a.id = ref ? arena_strdup(ar, ref) : unique_id(c, name, version);
	int taken = add_id(c, a.id, ref != NULL);
	if (taken < 0)
		return -1;
	if (taken > 0) {
		/* a bom-ref equal to an id generated earlier: the generated one
		 * keeps it, this one is suffixed, still unique */
		const char *base = a.id;
		for (int k = 2; id_find(c, a.id); k++)
			a.id = arena_printf(ar, "%s#%d", base, k);
		add_id(c, a.id, false);
	}
	a.model = vendor && !starts_with_nocase(name, vendor) ? arena_printf(ar, "%s %s", vendor, name)
							      : arena_strdup(ar, name);
	/* each part within its limit, the two together may not be */
	struct json_step at_name = {"name", 0};
	if (check_length(c, &at_name, 1, "model", "model", a.model) != 0 ||
	    (!ref && check_length(c, &at_name, 1, "id", "id", a.id) != 0))
		return -1;
	int line, col;
	if (json_locate(c->text, c->len, c->path, c->npath, &line, &col) == 0)
		a.line = line;
	json_t *props = json_object_get(comp, "properties");
	if (props && !json_is_array(props)) {
		struct json_step s = {"properties", 0};
		return cdx_error(c, &s, 1, "'properties' must be an array");
	}
	for (size_t k = 0; k < json_array_size(props); k++)
		if (property(c, &a, json_array_get(props, k), k) != 0)
			return -1;
	add_attr(c, &a, "version", version);
	add_attr(c, &a, "manufacturer", maker);
	add_attr(c, &a, "supplier", supplier);
	if (!is_accelerator(c, name, a.model, props)) {
		leave_out(c, &a, name);
		return 0;
	}
	/* inventory_add_asset copies; the arena copies above are small */
	struct asset *n = inventory_add_asset(c->inv, &a);
	n->line = a.line;
	return 0;
}

static int components(struct cdx *c, json_t *list, int depth);

static int component(struct cdx *c, json_t *comp, int depth)
{
	if (!json_is_object(comp))
		return cdx_error(c, NULL, 0, "a component must be an object");
	const char *type = str_member(comp, "type");
	if (!type)
		return cdx_error(c, NULL, 0, "a component needs a 'type'");
	if (strcmp(type, "device") == 0 && device(c, comp) != 0)
		return -1;
	json_t *sub = json_object_get(comp, "components");
	if (!sub)
		return 0;
	c->path[c->npath++] = (struct json_step){"components", 0};
	int rc = components(c, sub, depth + 1);
	c->npath--;
	return rc;
}

static int components(struct cdx *c, json_t *list, int depth)
{
	if (!json_is_array(list))
		return cdx_error(c, NULL, 0, "'components' must be an array");
	if (depth > MAX_DEPTH)
		return cdx_error(c, NULL, 0, "components nested deeper than %d levels", MAX_DEPTH);
	for (size_t i = 0; i < json_array_size(list); i++) {
		c->path[c->npath++] = (struct json_step){NULL, i};
		int rc = component(c, json_array_get(list, i), depth);
		c->npath--;
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int bom(struct cdx *c, json_t *root)
{
	if (!json_is_object(root))
		return cdx_error(c, NULL, 0, "not a CycloneDX BOM (expected a JSON object)");
	const char *fmt = str_member(root, "bomFormat");
	struct json_step s = {"bomFormat", 0};
	if (!fmt || strcmp(fmt, "CycloneDX") != 0)
		return cdx_error(c, fmt ? &s : NULL, fmt ? 1 : 0,
				 "not a CycloneDX BOM ('bomFormat' must be \"CycloneDX\")");
	const char *ver = str_member(root, "specVersion");
	if (!ver || !(strcmp(ver, "1.4") == 0 || strcmp(ver, "1.5") == 0 || strcmp(ver, "1.6") == 0)) {
		char ex[96];
		s.key = "specVersion";
		return cdx_error(c, ver ? &s : NULL, ver ? 1 : 0,
				 "unsupported CycloneDX specVersion '%s' (1.4, 1.5 and 1.6 are read)",
				 ver ? diag_excerpt(ex, sizeof(ex), ver, strlen(ver)) : "");
	}
	json_t *list = json_object_get(root, "components");
	if (!list)
		return 0;
	c->path[c->npath++] = (struct json_step){"components", 0};
	return components(c, list, 1);
}

int inventory_load_cyclonedx_text(struct inventory *inv, const char *name, const char *text,
				  size_t len, const struct catalog *cat, struct diag *d)
{
	inventory_init_empty(inv, name);
	sha256_hex(text, len, inv->sha256);
	json_error_t err;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		diag_set(d, inv->path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
			 "invalid JSON: %s", err.text);
		inventory_free(inv);
		return -1;
	}
	struct cdx c = {.inv = inv, .cat = cat, .text = text, .len = len, .d = d};
	int rc = bom(&c, root);
	json_decref(root);
	free(c.ids);
	hmap_release(&c.idmap);
	if (rc == 0 && c.nleft)
		inv->note = arena_printf(&inv->arena,
					 "left out %zu device%s (%lld unit%s) that %s not accelerators: %s%s",
					 c.nleft, c.nleft == 1 ? "" : "s", c.left_units,
					 c.left_units == 1 ? "" : "s", c.nleft == 1 ? "is" : "are",
					 sb_str(&c.left),
					 c.nleft > NOTE_NAMES ? arena_printf(&inv->arena, " and %zu more",
									     c.nleft - NOTE_NAMES)
							      : "");
	sb_release(&c.left);
	if (rc != 0)
		inventory_free(inv);
	return rc;
}

int inventory_load_cyclonedx(struct inventory *inv, const char *path, const struct catalog *cat,
			     struct diag *d)
{
	char *buf;
	size_t len;
	memset(inv, 0, sizeof(*inv));
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = inventory_load_cyclonedx_text(inv, path, buf, len, cat, d);
	free(buf);
	return rc;
}
