/* The native libconfig inventory (DESIGN §4): header, assets,
 * justifications and waivers, validated completely — required fields,
 * types, enumerations, ranges, unique ids — before anything downstream
 * sees them. A failed load leaves nothing allocated. */
#include "ingest/ingest.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cfg.h"

#define MAX_QUANTITY 1000000000LL
#define MAX_ID_LEN 256

static const char *const purposes[PURPOSE_COUNT] = {
	"commercial", "government", "critical-infrastructure", "research",
	"other",      "military",   "public-institution"};
static const char *const statuses[STATUS_COUNT] = {"deployed", "ordered", "planned",
						   "decommissioned"};
/* [0] is "not given" in these three */
static const char *const workloads[WORKLOAD_COUNT] = {NULL, "training", "inference", "mixed"};
static const char *const org_kinds[ORG_COUNT] = {NULL, "state-owned", "private", "government",
						 "public-institution"};
static const char *const fundings[FUNDING_COUNT] = {NULL, "state", "public", "private"};

const char *purpose_name(enum purpose p)
{
	return p >= 0 && p < PURPOSE_COUNT ? purposes[p] : NULL;
}

const char *status_name(enum status s)
{
	return s >= 0 && s < STATUS_COUNT ? statuses[s] : NULL;
}

const char *workload_name(enum workload w)
{
	return w > 0 && w < WORKLOAD_COUNT ? workloads[w] : NULL;
}

const char *org_kind_name(enum org_kind k)
{
	return k > 0 && k < ORG_COUNT ? org_kinds[k] : NULL;
}

const char *funding_name(enum funding f)
{
	return f > 0 && f < FUNDING_COUNT ? fundings[f] : NULL;
}

static int parse_in(const char *const *names, int from, int n, const char *s, int *out)
{
	for (int i = from; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

int workload_parse(const char *s, enum workload *out)
{
	int i;
	if (parse_in(workloads, 1, WORKLOAD_COUNT, s, &i) != 0)
		return -1;
	*out = (enum workload)i;
	return 0;
}

int org_kind_parse(const char *s, enum org_kind *out)
{
	int i;
	if (parse_in(org_kinds, 1, ORG_COUNT, s, &i) != 0)
		return -1;
	*out = (enum org_kind)i;
	return 0;
}

int funding_parse(const char *s, enum funding *out)
{
	int i;
	if (parse_in(fundings, 1, FUNDING_COUNT, s, &i) != 0)
		return -1;
	*out = (enum funding)i;
	return 0;
}

const char *enum_values(const char *field)
{
	if (strcmp(field, "purpose") == 0)
		return "commercial, government, critical-infrastructure, research, other, military, "
		       "public-institution";
	if (strcmp(field, "status") == 0)
		return "deployed, ordered, planned, decommissioned";
	if (strcmp(field, "workload") == 0)
		return "training, inference, mixed";
	if (strcmp(field, "kind") == 0)
		return "state-owned, private, government, public-institution";
	if (strcmp(field, "funding") == 0)
		return "state, public, private";
	return "";
}

/* (The first byte is compared first: a fleet parses one of these a row.) */
int purpose_parse(const char *s, enum purpose *out)
{
	for (int i = 0; i < PURPOSE_COUNT; i++)
		if (s[0] == purposes[i][0] && strcmp(s, purposes[i]) == 0) {
			*out = (enum purpose)i;
			return 0;
		}
	return -1;
}

int status_parse(const char *s, enum status *out)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (s[0] == statuses[i][0] && strcmp(s, statuses[i]) == 0) {
			*out = (enum status)i;
			return 0;
		}
	return -1;
}

bool country_code_valid(const char *s)
{
	return s && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && !s[2];
}

/* ---- helpers -------------------------------------------------------------- */

static const char *dup(struct inventory *inv, const char *s)
{
	return s ? arena_strdup(&inv->arena, s) : NULL;
}

/* FIELD's value of LEN bytes, set at M, within its limit? */
static int check_length(const struct cfgdoc *doc, const config_setting_t *m, const char *field,
			size_t len, struct diag *d)
{
	size_t max = field_limit(field);
	if (len <= max)
		return 0;
	return field_too_long(d, doc->path, cfg_line(m), cfg_col(doc, m), field, len, max);
}

/* cfg_string, and the member's length limit. */
static int get_string(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		      bool required, const char **out, struct diag *d)
{
	if (cfg_string(doc, s, name, required, out, d) != 0)
		return -1;
	return *out ? check_length(doc, config_setting_get_member(s, name), name, strlen(*out), d)
		    : 0;
}

/* cfg_strings, and each item's length limit. */
static int get_strings(struct inventory *inv, const struct cfgdoc *doc, const config_setting_t *s,
		       const char *name, bool allow_scalar, const char ***out, size_t *n,
		       struct diag *d)
{
	if (cfg_strings(doc, s, name, allow_scalar, &inv->arena, out, n, d) != 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (check_length(doc, config_setting_get_member(s, name), name, strlen((*out)[i]), d) !=
		    0)
			return -1;
	return 0;
}

/* A setting's own name (an attribute's, a justification field's). */
static int check_name(const struct cfgdoc *doc, const config_setting_t *m, const char *kind,
		      struct diag *d)
{
	const char *name = config_setting_name(m);
	size_t len = name ? strlen(name) : 0;
	if (len <= FIELD_LIMIT_ATTR_NAME)
		return 0;
	return name_too_long(d, doc->path, cfg_line(m), cfg_col(doc, m), kind, len);
}

/* An enumerated string member: NULL-terminated VALUES; *idx -1 if absent. */
static int get_enum(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		    const char *const *values, int n, int *idx, struct diag *d)
{
	const char *v = NULL;
	*idx = -1;
	if (get_string(doc, s, name, false, &v, d) != 0)
		return -1;
	if (!v)
		return 0;
	for (int i = 0; i < n; i++)
		if (strcmp(v, values[i]) == 0) {
			*idx = i;
			return 0;
		}
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", values[i]);
	char ex[96];
	cfg_error(doc, config_setting_get_member(s, name), d, "invalid %s '%s' (expected one of: %s)",
		  name, diag_excerpt(ex, sizeof(ex), v, strlen(v)), sb_str(&sb));
	sb_release(&sb);
	return -1;
}

static int get_country(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		       bool required, const char **out, struct diag *d)
{
	if (get_string(doc, s, name, required, out, d) != 0)
		return -1;
	if (*out && !country_code_valid(*out)) {
		char ex[96];
		cfg_error(doc, config_setting_get_member(s, name), d,
			  "'%s' must be an ISO 3166-1 alpha-2 code such as 'CN', not '%s'", name,
			  diag_excerpt(ex, sizeof(ex), *out, strlen(*out)));
		return -1;
	}
	return 0;
}

static int check_group(const struct cfgdoc *doc, const config_setting_t *s, const char *what,
		       struct diag *d)
{
	if (config_setting_type(s) == CONFIG_TYPE_GROUP)
		return 0;
	const char *have = cfg_type_name(config_setting_type(s));
	cfg_error(doc, s, d, "each %s must be a group { ... }, not %s %s", what, cfg_article(have),
		  have);
	return -1;
}

/* ---- header -------------------------------------------------------------- */

static int load_header(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *h,
		       struct diag *d)
{
	static const char *const keys[] = {"organization", "kind", "jurisdiction", "as_of", "policies",
					   NULL};
	const char *org = NULL, *jur = NULL, **pol;
	size_t npol;
	int kind;
	if (check_group(doc, h, "inventory header", d) != 0 || cfg_check_members(doc, h, keys, d) != 0 ||
	    get_string(doc, h, "organization", false, &org, d) != 0 ||
	    get_enum(doc, h, "kind", org_kinds + 1, ORG_COUNT - 1, &kind, d) != 0 ||
	    get_country(doc, h, "jurisdiction", false, &jur, d) != 0 ||
	    cfg_date(doc, h, "as_of", false, &inv->as_of, d) != 0 ||
	    get_strings(inv, doc, h, "policies", true, &pol, &npol, d) != 0)
		return -1;
	if (kind >= 0)
		inv->kind = (enum org_kind)(kind + 1);
	/* a companion file's header (inventory_load_justifications) overlays
	 * the inventory's: what it leaves out is kept, as as_of already is */
	if (org)
		inv->organization = dup(inv, org);
	if (jur)
		inv->jurisdiction = dup(inv, jur);
	if (pol) {
		inv->policies = pol;
		inv->npolicies = npol;
	}
	return 0;
}

/* ---- assets ----------------------------------------------------------- */

static int load_attrs(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
		      struct asset *a, struct diag *d)
{
	config_setting_t *g;
	if (cfg_aggregate(doc, s, "attrs", CONFIG_TYPE_GROUP, false, &g, d) != 0)
		return -1;
	if (!g)
		return 0;
	int n = config_setting_length(g);
	a->attrs = arena_alloc(&inv->arena, sizeof(struct kv) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		struct strbuf v = STRBUF_INIT;
		if (check_name(doc, m, "attribute", d) != 0)
			return -1;
		switch (config_setting_type(m)) {
		case CONFIG_TYPE_STRING: {
			const char *sv = NULL;
			char field[FIELD_LIMIT_ATTR_NAME + 8];
			snprintf(field, sizeof(field), "attrs.%s", name);
			if (cfg_string(doc, g, name, false, &sv, d) != 0 ||
			    check_length(doc, m, field, strlen(sv), d) != 0) {
				sb_release(&v);
				return -1;
			}
			sb_puts(&v, sv);
			break;
		}
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64: sb_printf(&v, "%lld", config_setting_get_int64(m)); break;
		case CONFIG_TYPE_FLOAT: sb_printf(&v, "%.15g", config_setting_get_float(m)); break;
		case CONFIG_TYPE_BOOL: sb_puts(&v, config_setting_get_bool(m) ? "true" : "false"); break;
		default:
			cfg_error(doc, m, d, "attribute '%s' must be a string, number or boolean", name);
			return -1;
		}
		a->attrs[a->nattrs].name = arena_strdup(&inv->arena, name);
		a->attrs[a->nattrs].value = arena_strdup(&inv->arena, sb_str(&v));
		a->nattrs++;
		sb_release(&v);
	}
	return 0;
}

static int check_id(const struct cfgdoc *doc, config_setting_t *s, const char *name, const char *v,
		    struct diag *d)
{
	size_t n = strlen(v);
	bool ok = n <= MAX_ID_LEN;
	for (size_t i = 0; ok && i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			ok = false;
	if (!ok || isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1])) {
		char ex[96];
		cfg_error(doc, config_setting_get_member(s, name), d,
			  "invalid %s '%s' (no control characters, no surrounding spaces, at most %d bytes)",
			  name, diag_excerpt(ex, sizeof(ex), v, n), MAX_ID_LEN);
		return -1;
	}
	return 0;
}

static int load_asset(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
		      struct asset *a, struct diag *d)
{
	static const char *const keys[] = {"id",	  "model",	 "quantity", "site",  "purpose",
					   "status",	  "order",	 "ordered_on", "workload", "destination",
					   "owner",	  "tags",	 "attrs",    NULL};
	const char *id = NULL, *model = NULL, *site = NULL, *order = NULL, *dest = NULL,
		   *owner = NULL;
	int purpose, status, workload;
	a->ordered_on = CG_DATE_NONE;
	if (check_group(doc, s, "asset", d) != 0 || cfg_check_members(doc, s, keys, d) != 0 ||
	    get_string(doc, s, "id", true, &id, d) != 0 || check_id(doc, s, "id", id, d) != 0 ||
	    get_string(doc, s, "model", true, &model, d) != 0 ||
	    cfg_int(doc, s, "quantity", true, 1, MAX_QUANTITY, &a->quantity, d) != 0 ||
	    get_string(doc, s, "site", false, &site, d) != 0 ||
	    get_enum(doc, s, "purpose", purposes, PURPOSE_COUNT, &purpose, d) != 0 ||
	    get_enum(doc, s, "status", statuses, STATUS_COUNT, &status, d) != 0 ||
	    get_string(doc, s, "order", false, &order, d) != 0 ||
	    cfg_date(doc, s, "ordered_on", false, &a->ordered_on, d) != 0 ||
	    get_enum(doc, s, "workload", workloads + 1, WORKLOAD_COUNT - 1, &workload, d) != 0 ||
	    get_country(doc, s, "destination", false, &dest, d) != 0 ||
	    get_string(doc, s, "owner", false, &owner, d) != 0 ||
	    get_strings(inv, doc, s, "tags", true, &a->tags, &a->ntags, d) != 0 ||
	    load_attrs(inv, doc, s, a, d) != 0)
		return -1;
	a->id = dup(inv, id);
	a->model = dup(inv, model);
	a->site = dup(inv, site);
	a->purpose = (enum purpose)purpose;
	a->status = (enum status)status;
	a->has_ordered_on = a->ordered_on != CG_DATE_NONE;
	if (!a->has_ordered_on)
		a->ordered_on = 0;
	a->workload = workload >= 0 ? (enum workload)(workload + 1) : WORKLOAD_UNSET;
	a->order = dup(inv, order);
	a->destination = dup(inv, dest);
	a->owner = dup(inv, owner);
	a->file = inv->path;
	a->line = cfg_line(s);
	return 0;
}

/* Duplicate ids, with a hash set: inventories can be large. */
static int check_unique(struct inventory *inv, const struct cfgdoc *doc, struct diag *d)
{
	struct hmap seen = HMAP_INIT;
	hmap_reserve(&seen, inv->nassets);
	int rc = 0;
	for (size_t i = 0; i < inv->nassets && rc == 0; i++) {
		const char *id = inv->assets[i].id;
		struct hmap_probe p = hmap_probe(&seen, hash_mem(id, strlen(id)));
		for (size_t k; rc == 0 && (k = hmap_next(&seen, &p)) != HMAP_NONE;) {
			const struct asset *o = &inv->assets[k];
			if (strcmp(o->id, id) == 0) {
				char ex[96];
				diag_set(d, doc->path, inv->assets[i].line, 0,
					 "duplicate asset id '%s' (first defined at line %d)",
					 diag_excerpt(ex, sizeof(ex), id, strlen(id)), o->line);
				rc = -1;
			}
		}
		if (rc == 0)
			hmap_put(&seen, &p, i);
	}
	hmap_release(&seen);
	return rc;
}

/* ---- justifications and waivers --------------------------------------- */

static int load_need(struct justification *j, const struct cfgdoc *doc, config_setting_t *s,
		     struct diag *d)
{
	static const char *const keys[] = {"tflops_fp16", "tpp", "memory_gb", NULL};
	config_setting_t *g;
	if (cfg_aggregate(doc, s, "need", CONFIG_TYPE_GROUP, false, &g, d) != 0)
		return -1;
	if (!g)
		return 0;
	if (cfg_check_members(doc, g, keys, d) != 0 ||
	    cfg_number(doc, g, "tflops_fp16", false, 0, 1e9, &j->need_tflops_fp16, d) != 0 ||
	    cfg_number(doc, g, "tpp", false, 0, 1e12, &j->need_tpp, d) != 0 ||
	    cfg_number(doc, g, "memory_gb", false, 0, 1e9, &j->need_memory_gb, d) != 0)
		return -1;
	return 0;
}

/* Keep every member by name, so policies can require any field. */
static int load_fields(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
		       struct justification *j, struct diag *d)
{
	int n = config_setting_length(s);
	j->fields = arena_alloc(&inv->arena, sizeof(struct jfield) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
		struct jfield *f = &j->fields[j->nfields++];
		if (check_name(doc, m, "field", d) != 0)
			return -1;
		f->name = arena_strdup(&inv->arena, config_setting_name(m));
		f->line = cfg_line(m);
		switch (config_setting_type(m)) {
		case CONFIG_TYPE_STRING: {
			const char *v = NULL;
			if (get_string(doc, s, f->name, false, &v, d) != 0)
				return -1;
			f->type = JF_STRING;
			f->str = arena_strdup(&inv->arena, v);
			break;
		}
		case CONFIG_TYPE_LIST:
		case CONFIG_TYPE_ARRAY:
			f->type = JF_LIST;
			if (get_strings(inv, doc, s, f->name, false, &f->list, &f->nlist, d) != 0)
				return -1;
			break;
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64:
		case CONFIG_TYPE_FLOAT:
			f->type = JF_NUMBER;
			if (cfg_number(doc, s, f->name, false, -1e15, 1e15, &f->num, d) != 0)
				return -1;
			break;
		case CONFIG_TYPE_GROUP: f->type = JF_GROUP; break;
		default:
			cfg_error(doc, m, d, "justification field '%s' must be a string, list or number",
				  f->name);
			return -1;
		}
	}
	return 0;
}

static int load_justification(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
			      struct justification *j, struct diag *d)
{
	const char *asset = NULL, *rule = NULL, *reason = NULL, *req = NULL, *appr = NULL,
		   *approval = NULL;
	j->need_tflops_fp16 = j->need_tpp = j->need_memory_gb = NAN;
	j->approved_on = j->expires = CG_DATE_NONE;
	if (check_group(doc, s, "justification", d) != 0 ||
	    get_string(doc, s, "asset", true, &asset, d) != 0 ||
	    get_string(doc, s, "rule", true, &rule, d) != 0 ||
	    get_string(doc, s, "reason", false, &reason, d) != 0 ||
	    get_strings(inv, doc, s, "alternatives", true, &j->alternatives, &j->nalternatives, d) !=
		0 ||
	    load_need(j, doc, s, d) != 0 || get_string(doc, s, "requested_by", false, &req, d) != 0 ||
	    get_string(doc, s, "approver", false, &appr, d) != 0 ||
	    cfg_date(doc, s, "approved_on", false, &j->approved_on, d) != 0 ||
	    cfg_date(doc, s, "expires", false, &j->expires, d) != 0 ||
	    get_string(doc, s, "approval", false, &approval, d) != 0 ||
	    load_fields(inv, doc, s, j, d) != 0)
		return -1;
	j->asset = dup(inv, asset);
	j->rule = dup(inv, rule);
	j->reason = dup(inv, reason);
	j->requested_by = dup(inv, req);
	j->approver = dup(inv, appr);
	j->approval = dup(inv, approval);
	j->file = inv->path;
	j->line = cfg_line(s);
	return 0;
}

static int load_waiver(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
		       struct waiver *w, struct diag *d)
{
	static const char *const keys[] = {"rule", "asset", "group", "reason", "approver", "expires",
					   NULL};
	const char *rule = NULL, *asset = NULL, *group = NULL, *reason = NULL, *appr = NULL;
	if (check_group(doc, s, "waiver", d) != 0 || cfg_check_members(doc, s, keys, d) != 0 ||
	    get_string(doc, s, "rule", true, &rule, d) != 0 ||
	    get_string(doc, s, "asset", false, &asset, d) != 0 ||
	    get_string(doc, s, "group", false, &group, d) != 0 ||
	    get_string(doc, s, "reason", true, &reason, d) != 0 ||
	    get_string(doc, s, "approver", true, &appr, d) != 0 ||
	    cfg_date(doc, s, "expires", true, &w->expires, d) != 0)
		return -1;
	if (asset && group) {
		cfg_error(doc, config_setting_get_member(s, "group"), d,
			  "a waiver names an 'asset' or a 'group' (of an exposure rule, or a pack for "
			  "CG-STALE-PACK), not both");
		return -1;
	}
	w->rule = dup(inv, rule);
	w->asset = dup(inv, asset);
	w->group = dup(inv, group);
	w->reason = dup(inv, reason);
	w->approver = dup(inv, appr);
	w->file = inv->path;
	w->line = cfg_line(s);
	return 0;
}

static int load_records(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *root,
			struct diag *d)
{
	config_setting_t *js, *ws;
	if (cfg_aggregate(doc, root, "justifications", CONFIG_TYPE_LIST, false, &js, d) != 0 ||
	    cfg_aggregate(doc, root, "waivers", CONFIG_TYPE_LIST, false, &ws, d) != 0)
		return -1;
	size_t nj = js ? (size_t)config_setting_length(js) : 0;
	size_t nw = ws ? (size_t)config_setting_length(ws) : 0;
	struct justification *jv = arena_alloc(&inv->arena, sizeof(*jv) * (inv->njusts + nj + 1));
	struct waiver *wv = arena_alloc(&inv->arena, sizeof(*wv) * (inv->nwaivers + nw + 1));
	if (inv->njusts)
		memcpy(jv, inv->justs, sizeof(*jv) * inv->njusts);
	if (inv->nwaivers)
		memcpy(wv, inv->waivers, sizeof(*wv) * inv->nwaivers);
	for (size_t i = 0; i < nj; i++)
		if (load_justification(inv, doc, config_setting_get_elem(js, (unsigned)i),
				       &jv[inv->njusts + i], d) != 0)
			return -1;
	for (size_t i = 0; i < nw; i++)
		if (load_waiver(inv, doc, config_setting_get_elem(ws, (unsigned)i),
				&wv[inv->nwaivers + i], d) != 0)
			return -1;
	inv->justs = jv;
	inv->njusts += nj;
	inv->waivers = wv;
	inv->nwaivers += nw;
	return 0;
}

/* ---- sites ---------------------------------------------------------------- */

static int load_site(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *s,
		     struct site *st, struct diag *d)
{
	static const char *const keys[] = {"id",	 "country",   "province", "funding", "completion",
					   "owner_hq", "public_hub", "programme", NULL};
	const char *id = NULL, *country = NULL, *province = NULL, *owner = NULL, *prog = NULL;
	int funding, hub = -1;
	st->completion = NAN;
	if (check_group(doc, s, "site", d) != 0 || cfg_check_members(doc, s, keys, d) != 0 ||
	    get_string(doc, s, "id", true, &id, d) != 0 || check_id(doc, s, "id", id, d) != 0 ||
	    get_country(doc, s, "country", false, &country, d) != 0 ||
	    get_string(doc, s, "province", false, &province, d) != 0 ||
	    get_enum(doc, s, "funding", fundings + 1, FUNDING_COUNT - 1, &funding, d) != 0 ||
	    cfg_number(doc, s, "completion", false, 0, 1, &st->completion, d) != 0 ||
	    get_country(doc, s, "owner_hq", false, &owner, d) != 0 ||
	    cfg_bool(doc, s, "public_hub", false, &hub, d) != 0 ||
	    get_string(doc, s, "programme", false, &prog, d) != 0)
		return -1;
	st->id = dup(inv, id);
	st->country = dup(inv, country);
	st->province = dup(inv, province);
	st->funding = funding >= 0 ? (enum funding)(funding + 1) : FUNDING_UNSET;
	st->owner_hq = dup(inv, owner);
	st->public_hub = hub;
	st->programme = dup(inv, prog);
	st->file = doc->path;
	st->line = cfg_line(s);
	return 0;
}

/* `sites = ( { id = ...; ... }, ... )`, added to INV's (a companion file
 * may give them too). */
static int load_sites(struct inventory *inv, const struct cfgdoc *doc, config_setting_t *root,
		      struct diag *d)
{
	config_setting_t *ss;
	if (cfg_aggregate(doc, root, "sites", CONFIG_TYPE_LIST, false, &ss, d) != 0)
		return -1;
	if (!ss)
		return 0;
	size_t n = (size_t)config_setting_length(ss);
	struct site *v = arena_alloc(&inv->arena, sizeof(*v) * (inv->nsites + n + 1));
	if (inv->nsites)
		memcpy(v, inv->sites, sizeof(*v) * inv->nsites);
	for (size_t i = 0; i < n; i++) {
		memset(&v[inv->nsites + i], 0, sizeof(*v));
		if (load_site(inv, doc, config_setting_get_elem(ss, (unsigned)i), &v[inv->nsites + i],
			      d) != 0)
			return -1;
	}
	inv->sites = v;
	inv->nsites += n;
	inv->has_sites = true;
	return inventory_index_sites(inv, d);
}

/* ---- the document ------------------------------------------------------ */

static int load_doc(struct inventory *inv, const struct cfgdoc *doc, struct diag *d)
{
	static const char *const top[] = {"inventory", "sites", "assets", "justifications", "waivers",
					  NULL};
	config_setting_t *root = config_root_setting(&doc->cfg), *h, *as;
	memcpy(inv->sha256, doc->sha256, sizeof(inv->sha256));
	if (cfg_check_members(doc, root, top, d) != 0 ||
	    cfg_aggregate(doc, root, "inventory", CONFIG_TYPE_GROUP, false, &h, d) != 0 ||
	    (h && load_header(inv, doc, h, d) != 0) || load_sites(inv, doc, root, d) != 0 ||
	    cfg_aggregate(doc, root, "assets", CONFIG_TYPE_LIST, true, &as, d) != 0)
		return -1;
	size_t n = (size_t)config_setting_length(as);
	inv->assets = xcalloc(n + 1, sizeof(struct asset));
	inv->cap_assets = n + 1;
	for (size_t i = 0; i < n; i++) {
		if (load_asset(inv, doc, config_setting_get_elem(as, (unsigned)i), &inv->assets[i], d) != 0)
			return -1;
		inv->nassets++;
	}
	if (check_unique(inv, doc, d) != 0)
		return -1;
	return load_records(inv, doc, root, d);
}

static void inventory_init(struct inventory *inv, const char *path)
{
	memset(inv, 0, sizeof(*inv));
	arena_init(&inv->arena);
	inv->path = arena_strdup(&inv->arena, path);
	inv->as_of = CG_DATE_NONE;
}

int inventory_load(struct inventory *inv, const char *path, struct diag *d)
{
	struct cfgdoc doc;
	inventory_init(inv, path);
	if (cfgdoc_load_file(&doc, inv->path, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	int rc = load_doc(inv, &doc, d);
	cfgdoc_free(&doc);
	if (rc != 0)
		inventory_free(inv);
	return rc;
}

int inventory_load_text(struct inventory *inv, const char *name, const char *text, size_t len,
			struct diag *d)
{
	struct cfgdoc doc;
	inventory_init(inv, name);
	if (cfgdoc_load_text(&doc, inv->path, text, len, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	int rc = load_doc(inv, &doc, d);
	cfgdoc_free(&doc);
	if (rc != 0)
		inventory_free(inv);
	return rc;
}

int inventory_load_justifications(struct inventory *inv, const char *path, struct diag *d)
{
	struct cfgdoc doc;
	static const char *const top[] = {"inventory", "sites", "justifications", "waivers", NULL};
	if (cfgdoc_load_file(&doc, arena_strdup(&inv->arena, path), d) != 0)
		return -1;
	config_setting_t *root = config_root_setting(&doc.cfg), *h;
	int rc = -1;
	const char *saved = inv->path;
	inv->path = doc.path; /* records remember the file they came from */
	if (cfg_check_members(&doc, root, top, d) != 0 ||
	    cfg_aggregate(&doc, root, "inventory", CONFIG_TYPE_GROUP, false, &h, d) != 0 ||
	    (h && load_header(inv, &doc, h, d) != 0) || load_sites(inv, &doc, root, d) != 0 ||
	    load_records(inv, &doc, root, d) != 0)
		goto out;
	inv->just_path = doc.path;
	memcpy(inv->just_sha256, doc.sha256, sizeof(inv->just_sha256));
	rc = 0;
out:
	inv->path = saved;
	cfgdoc_free(&doc);
	return rc;
}

/* ---- the inventory the other readers build -------------------------------- */

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

void inventory_free(struct inventory *inv)
{
	csv_stream_abandon(inv); /* first: a reader thread uses the arena */
	if (inv->src) {
		input_close(inv->src);
		free(inv->src);
	}
	hmap_release(&inv->site_index);
	free(inv->assets);
	arena_release(&inv->arena);
	memset(inv, 0, sizeof(*inv));
}

const struct asset *inventory_find(const struct inventory *inv, const char *id)
{
	for (size_t i = 0; i < inv->nassets; i++)
		if (strcmp(inv->assets[i].id, id) == 0)
			return &inv->assets[i];
	return NULL;
}
