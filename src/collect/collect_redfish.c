/* Redfish resources as collector input (what `curl https://BMC/redfish/v1/
 * Systems/1/Processors/GPU1` and friends return):
 *
 *  - a Processor: an accelerator when its ProcessorType is GPU or
 *    Accelerator, or when the catalog knows its Manufacturer and Model;
 *    a CPU, FPGA, DSP or core is not; an absent one (Status.State
 *    "Absent") is an empty socket;
 *  - a GraphicsController or a PCIeDevice: an accelerator when the catalog
 *    knows its Manufacturer and Model, or (a PCIeDevice) the PCI ids of its
 *    expanded PCIeFunctions, or a function's class is a processing
 *    accelerator;
 *  - a collection of them (ProcessorCollection, ...): every expanded
 *    member as above. A member that is only a link cannot be read: one
 *    whose id names an accelerator ("GPU2") is counted as an unknown GPU
 *    unless another input read it in full, with a warning to fetch the
 *    collection expanded ($expand=.).
 *
 * The host is the system or chassis in @odata.id ("/redfish/v1/Systems/
 * 437XR1238R2/..."); the unit's key its @odata.id. Manufacturer and Model
 * are cleaned of "(R)" and company suffixes and matched with the catalog.
 * Must never count a member twice, nor accept JSON that is no Redfish
 * resource. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

#define MAX_DEPTH 4 /* a collection of resources whose functions are expanded */

struct rf {
	struct collect *c;
	const char *file, *text;
	size_t len;
	struct diag *d;
	struct json_step path[2 * MAX_DEPTH + 4];
	size_t npath;
};

/* The resource type of @odata.type "#Processor.v1_22_0.Processor":
 * "Processor". Into BUF; NULL when there is none. */
static const char *odata_type(json_t *o, char *buf, size_t size)
{
	const char *t = json_string_value(json_object_get(o, "@odata.type"));
	if (!t)
		return NULL;
	if (*t == '#')
		t++;
	size_t n = strcspn(t, ".");
	if (!n || n >= size)
		return NULL;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

/* "/redfish/v1/Systems/437XR1238R2/Processors/GPU1" -> "437XR1238R2". */
static const char *host_of(struct collect *c, const char *id)
{
	static const char *const parents[] = {"/Systems/", "/Chassis/"};
	for (size_t i = 0; id && i < CG_ARRAY_LEN(parents); i++) {
		const char *p = strstr(id, parents[i]);
		if (!p)
			continue;
		p += strlen(parents[i]);
		size_t n = strcspn(p, "/");
		if (n)
			return arena_strndup(&c->inv.arena, p, n);
	}
	return NULL;
}

/* S without "(R)", "(TM)", "®", "™", and with single blanks. */
static char *clean(struct collect *c, const char *s)
{
	static const char *const marks[] = {"(R)", "(r)", "(TM)", "(tm)", "\xc2\xae", "\xe2\x84\xa2"};
	char *o = arena_strdup(&c->inv.arena, s), *w = o;
	for (const char *p = s; *p;) {
		bool cut = false;
		for (size_t i = 0; i < CG_ARRAY_LEN(marks) && !cut; i++)
			if (strncmp(p, marks[i], strlen(marks[i])) == 0) {
				p += strlen(marks[i]);
				cut = true;
			}
		if (cut)
			continue;
		if (isspace((unsigned char)*p)) {
			if (w > o && w[-1] != ' ')
				*w++ = ' ';
			p++;
			continue;
		}
		*w++ = *p++;
	}
	while (w > o && w[-1] == ' ')
		w--;
	*w = '\0';
	return o;
}

/* The catalog vendor a Manufacturer names: as written, or without a
 * company suffix ("Nvidia Corporation" -> NVIDIA). */
static const struct vendor *vendor_of(struct collect *c, const char *maker)
{
	if (!maker)
		return NULL;
	const struct vendor *v = catalog_find_vendor(c->cat, maker);
	static const char *const suffixes[] = {" Corporation", " Corp.", " Corp", ", Inc.", " Inc.",
					       " Inc", " Co., Ltd.", " Ltd."};
	for (size_t i = 0; !v && i < CG_ARRAY_LEN(suffixes); i++) {
		size_t n = strlen(maker), k = strlen(suffixes[i]);
		if (n > k && strcasecmp(maker + n - k, suffixes[i]) == 0) {
			char *m = arena_strndup(&c->inv.arena, maker, n - k);
			v = catalog_find_vendor(c->cat, m);
		}
	}
	return v;
}

/* The model text of Manufacturer MAKER and Model MODEL: "NVIDIA TU102",
 * the catalog's name when it knows the chip. *KNOWN: it does. */
static const char *model_of(struct collect *c, const char *maker, const char *model, bool *known)
{
	struct arena *ar = &c->inv.arena;
	*known = false;
	if (!model)
		return NULL;
	char *m = clean(c, model), *mk = maker ? clean(c, maker) : NULL;
	const struct vendor *v = vendor_of(c, mk);
	const char *bare = m;
	/* "Nvidia TU102": the model repeats the maker's first word */
	if (mk) {
		size_t w = strcspn(mk, " ,");
		if (w && strncasecmp(m, mk, w) == 0 && m[w] == ' ')
			bare = m + w + 1;
	}
	const char *name = v ? v->name : mk;
	const char *texts[3] = {name ? arena_printf(ar, "%s %s", name, bare) : bare, bare, m};
	for (size_t i = 0; i < 3; i++) {
		struct catalog_match cm;
		catalog_match(c->cat, texts[i], &cm);
		if (cm.chip && cm.kind != MATCH_AMBIGUOUS)
			*known = true;
	}
	return collect_model_name_of(c, texts, 3);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

/* A PCIeDevice's expanded functions: the PCI id of the first that the
 * catalog knows, or of a processing accelerator; into PCI_ID. */
static bool pcie_functions(struct rf *r, json_t *dev, char pci_id[10], const char **model)
{
	json_t *fns = json_object_get(dev, "PCIeFunctions");
	json_t *list = json_is_object(fns) ? json_object_get(fns, "Members") : fns;
	bool accel = false;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *f = json_array_get(list, i);
		const char *vs = str(f, "VendorId"), *ds = str(f, "DeviceId"), *cls = str(f, "DeviceClass");
		unsigned v = 0, d = 0;
		if (vs && ds && sscanf(vs, "%x", &v) == 1 && sscanf(ds, "%x", &d) == 1 && v <= 0xffff &&
		    d <= 0xffff) {
			const char *m = collect_pci_model(r->c, (uint16_t)v, (uint16_t)d);
			if (m || (cls && strcmp(cls, "ProcessingAccelerators") == 0)) {
				snprintf(pci_id, 10, "%04x:%04x", v, d);
				if (m)
					*model = m;
				accel = true;
			}
		} else if (cls && strcmp(cls, "ProcessingAccelerators") == 0) {
			accel = true;
		}
	}
	return accel;
}

/* One resource (a Processor, GraphicsController or PCIeDevice). */
static int resource(struct rf *r, json_t *o, const char *type)
{
	struct collect *c = r->c;
	const char *id = str(o, "@odata.id"), *maker = str(o, "Manufacturer"), *mdl = str(o, "Model");
	const char *ptype = str(o, "ProcessorType"), *state = NULL;
	json_t *status = json_object_get(o, "Status");
	if (json_is_object(status))
		state = str(status, "State");
	const char *what = id ? (strrchr(id, '/') ? strrchr(id, '/') + 1 : id)
			      : str(o, "Id") ? str(o, "Id") : type;
	if (state && strcmp(state, "Absent") == 0) {
		collect_note(c, "%s %s: absent (an empty socket or slot)", type, what);
		return 0;
	}
	bool known;
	const char *model = model_of(c, maker, mdl, &known);
	char pci_id[10] = "";
	bool accel = known;
	if (strcmp(type, "Processor") == 0 && ptype)
		accel = strcmp(ptype, "GPU") == 0 || strcmp(ptype, "Accelerator") == 0;
	if (strcmp(type, "PCIeDevice") == 0 && pcie_functions(r, o, pci_id, &model))
		accel = true;
	if (!accel) {
		collect_note(c, "%s%s%s %s: not an accelerator", type, ptype ? " of type " : "",
			     ptype ? ptype : "", mdl ? clean(c, mdl) : what);
		return 0;
	}
	json_t *mem = json_object_get(json_object_get(o, "MemorySummary"), "TotalMemorySizeMiB");
	struct collect_unit u = {.model = model ? model : "unknown GPU (no Model in Redfish)",
				 .name = mdl, .pci_id = pci_id[0] ? pci_id : NULL,
				 .memory_mib = json_is_number(mem) ? json_number_value(mem) : 0};
	const char *serial = collect_real_id(str(o, "SerialNumber"));
	if (id) {
		u.key_attr = "resources";
		u.key = id;
	} else if (serial) {
		u.key_attr = "serials";
		u.key = serial;
	} else {
		int line = 0, col;
		json_locate(r->text, r->len, r->path, r->npath, &line, &col);
		u.key_attr = "resources";
		u.key = arena_printf(&c->inv.arena, "%s at line %d", type, line);
	}
	const char *host = host_of(c, id);
	if (host)
		collect_set_host(c, host, NULL);
	collect_add_unit(c, &u);
	collect_set_host(c, NULL, NULL);
	return 0;
}

static bool accelerator_id(const char *id)
{
	const char *last = strrchr(id, '/');
	last = last ? last + 1 : id;
	static const char *const names[] = {"GPU", "NPU", "Accelerator", "XPU", "ACC"};
	for (size_t i = 0; i < CG_ARRAY_LEN(names); i++)
		if (strncasecmp(last, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

static int any(struct rf *r, json_t *o, int depth);

static int collection(struct rf *r, json_t *o, int depth)
{
	json_t *members = json_object_get(o, "Members");
	r->path[r->npath] = (struct json_step){"Members", 0};
	if (!json_is_array(members))
		return json_error_at(r->d, r->file, r->text, r->len, r->path, members ? r->npath + 1 : r->npath,
				     "a Redfish collection needs a 'Members' array");
	size_t n = json_array_size(members), links = 0, counted = 0, nothers = 0;
	struct strbuf named = STRBUF_INIT, others = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *m = json_array_get(members, i);
		r->path[r->npath + 1] = (struct json_step){NULL, i};
		r->npath += 2;
		const char *mid = json_is_object(m) ? str(m, "@odata.id") : NULL;
		if (!json_is_object(m)) {
			rc = json_error_at(r->d, r->file, r->text, r->len, r->path, r->npath,
					   "a member must be an object");
		} else if (json_object_size(m) == 1 && mid) {
			links++; /* {"@odata.id": "..."}: not expanded */
			if (accelerator_id(mid)) {
				struct collect_unit u = {.model = "unknown GPU (Redfish member not expanded)",
							 .key_attr = "resources", .key = mid};
				const char *host = host_of(r->c, mid);
				collect_set_host(r->c, host, NULL);
				collect_add_link(r->c, &u);
				collect_set_host(r->c, NULL, NULL);
				if (counted++ < 12)
					sb_printf(&named, "%s%s", counted > 1 ? ", " : "",
						  strrchr(mid, '/') ? strrchr(mid, '/') + 1 : mid);
			} else {
				if (nothers++ < 12)
					sb_printf(&others, "%s%s", others.len ? ", " : "",
						  strrchr(mid, '/') ? strrchr(mid, '/') + 1 : mid);
			}
		} else {
			rc = any(r, m, depth + 1);
		}
		r->npath -= 2;
	}
	json_t *cnt = json_object_get(o, "Members@odata.count");
	if (rc == 0 && json_is_integer(cnt) && json_integer_value(cnt) > (json_int_t)n) {
		struct json_step at = {"Members@odata.count", 0};
		r->path[r->npath] = at;
		int line = 0, col;
		json_locate(r->text, r->len, r->path, r->npath + 1, &line, &col);
		collect_warn(r->c, line,
			     "Members@odata.count says %lld, %zu members are listed: counted what is listed",
			     (long long)json_integer_value(cnt), n);
	}
	if (rc == 0 && links) {
		int line = 0, col;
		r->path[r->npath] = (struct json_step){"Members", 0};
		json_locate(r->text, r->len, r->path, r->npath + 1, &line, &col);
		collect_warn(r->c, line,
			     "%zu members are links, not expanded: %s%s; fetch the collection with "
			     "?$expand=. or give each resource to read types and models",
			     links,
			     counted ? "counted as unknown GPUs by their ids unless read in full: "
				     : "none names an accelerator",
			     counted > 12 ? arena_printf(&r->c->inv.arena, "%s, ...", sb_str(&named))
					  : sb_str(&named));
	}
	if (rc == 0 && nothers)
		collect_note_n(r->c, (unsigned)nothers,
			       "collection member known only by a link whose id names no accelerator (%s%s)",
			       sb_str(&others), nothers > 12 ? ", ..." : "");
	sb_release(&named);
	sb_release(&others);
	return rc;
}

static int any(struct rf *r, json_t *o, int depth)
{
	char buf[64];
	if (depth > MAX_DEPTH)
		return json_error_at(r->d, r->file, r->text, r->len, r->path, r->npath,
				     "Redfish collections nested deeper than %d", MAX_DEPTH);
	const char *type = json_is_object(o) ? odata_type(o, buf, sizeof(buf)) : NULL;
	if (!type)
		return json_error_at(r->d, r->file, r->text, r->len, r->path, r->npath,
				     "not a Redfish resource (no '@odata.type')");
	if (strcmp(type, "Processor") == 0 || strcmp(type, "GraphicsController") == 0 ||
	    strcmp(type, "PCIeDevice") == 0)
		return resource(r, o, type);
	size_t n = strlen(type);
	if (n > 10 && strcmp(type + n - 10, "Collection") == 0)
		return collection(r, o, depth);
	char ex[96];
	return json_error_at(r->d, r->file, r->text, r->len, r->path, r->npath,
			     "a Redfish %s, not a Processor, GraphicsController or PCIeDevice resource "
			     "or collection",
			     diag_excerpt(ex, sizeof(ex), type, strlen(type)));
}

int collect_redfish_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	json_t *root = json_parse(name, text, len, d);
	if (!root)
		return -1;
	struct rf r = {.c = c, .file = name, .text = text, .len = len, .d = d};
	int rc = any(&r, root, 0);
	json_decref(root);
	return rc;
}

int collect_redfish(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_redfish_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
