/* The names an expression may use (DESIGN §6) — asset.*, chip.*,
 * inventory.*, policy.*, lists.*, as_of — with their static types, and
 * their values for one asset. A fact the inventory or the catalog does not
 * give is null, never a default. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/internal.h"

enum slot {
	S_ASSET_ID, S_ASSET_MODEL, S_ASSET_QUANTITY, S_ASSET_SITE, S_ASSET_PURPOSE, S_ASSET_STATUS,
	S_ASSET_ORDER, S_ASSET_DESTINATION, S_ASSET_OWNER, S_ASSET_TAGS, S_ASSET_ATTR,
	S_CHIP_ID, S_CHIP_VENDOR, S_CHIP_MODEL, S_CHIP_ORIGIN, S_CHIP_FOREIGN, S_CHIP_VENDOR_COUNTRY,
	S_CHIP_FAB_COUNTRY, S_CHIP_TPP, S_CHIP_PD, S_CHIP_ECCN, S_CHIP_DATACENTER, S_CHIP_MEMORY_GB,
	S_CHIP_MEMORY_BW, S_CHIP_TFLOPS_FP16, S_CHIP_TOPS_INT8, S_CHIP_ENTITY_LISTED,
	S_CHIP_ENTITY_LISTED_ON,
	S_INV_JURISDICTION, S_INV_ORGANIZATION, S_AS_OF,
	/* the asset's order and workload, its site's facts, the organisation's kind */
	S_ASSET_ORDERED_ON, S_ASSET_WORKLOAD, S_INV_KIND,
	S_SITE_ID, S_SITE_COUNTRY, S_SITE_PROVINCE, S_SITE_FUNDING, S_SITE_COMPLETION,
	S_SITE_OWNER_HQ, S_SITE_PUBLIC_HUB, S_SITE_PROGRAMME,
};

static const struct {
	const char *name;
	enum vtype type;
	int slot;
} names[] = {
	{"asset.id", VT_STR, S_ASSET_ID},
	{"asset.model", VT_STR, S_ASSET_MODEL},
	{"asset.quantity", VT_NUM, S_ASSET_QUANTITY},
	{"asset.site", VT_STR, S_ASSET_SITE},
	{"asset.purpose", VT_STR, S_ASSET_PURPOSE},
	{"asset.status", VT_STR, S_ASSET_STATUS},
	{"asset.order", VT_STR, S_ASSET_ORDER},
	{"asset.destination", VT_STR, S_ASSET_DESTINATION},
	{"asset.owner", VT_STR, S_ASSET_OWNER},
	{"asset.tags", VT_LIST, S_ASSET_TAGS},
	{"asset.ordered_on", VT_DATE, S_ASSET_ORDERED_ON},
	{"asset.workload", VT_STR, S_ASSET_WORKLOAD},
	{"site.id", VT_STR, S_SITE_ID},
	{"site.country", VT_STR, S_SITE_COUNTRY},
	{"site.province", VT_STR, S_SITE_PROVINCE},
	{"site.funding", VT_STR, S_SITE_FUNDING},
	{"site.completion", VT_NUM, S_SITE_COMPLETION},
	{"site.owner_hq", VT_STR, S_SITE_OWNER_HQ},
	{"site.public_hub", VT_BOOL, S_SITE_PUBLIC_HUB},
	{"site.programme", VT_STR, S_SITE_PROGRAMME},
	{"chip.id", VT_STR, S_CHIP_ID},
	{"chip.vendor", VT_STR, S_CHIP_VENDOR},
	{"chip.model", VT_STR, S_CHIP_MODEL},
	{"chip.origin", VT_STR, S_CHIP_ORIGIN},
	{"chip.foreign", VT_BOOL, S_CHIP_FOREIGN},
	{"chip.vendor_country", VT_STR, S_CHIP_VENDOR_COUNTRY},
	{"chip.fab_country", VT_STR, S_CHIP_FAB_COUNTRY},
	{"chip.tpp", VT_NUM, S_CHIP_TPP},
	{"chip.pd", VT_NUM, S_CHIP_PD},
	{"chip.eccn", VT_STR, S_CHIP_ECCN},
	{"chip.datacenter", VT_BOOL, S_CHIP_DATACENTER},
	{"chip.memory_gb", VT_NUM, S_CHIP_MEMORY_GB},
	{"chip.memory_bw_gbs", VT_NUM, S_CHIP_MEMORY_BW},
	{"chip.tflops_fp16", VT_NUM, S_CHIP_TFLOPS_FP16},
	{"chip.tops_int8", VT_NUM, S_CHIP_TOPS_INT8},
	{"chip.entity_listed", VT_BOOL, S_CHIP_ENTITY_LISTED},
	{"chip.entity_listed_on", VT_DATE, S_CHIP_ENTITY_LISTED_ON},
	{"inventory.jurisdiction", VT_STR, S_INV_JURISDICTION},
	{"inventory.organization", VT_STR, S_INV_ORGANIZATION},
	{"inventory.kind", VT_STR, S_INV_KIND},
	{"as_of", VT_DATE, S_AS_OF},
};

#define ATTR_PREFIX "asset.attrs."

static struct value str_value(const char *s)
{
	struct value v = {.t = VT_NULL};
	if (s) {
		v.t = VT_STR;
		v.u.s.p = s;
		v.u.s.len = strlen(s);
	}
	return v;
}

static bool name_is(const char *name, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(name, s, len) == 0;
}

static int attr_index(struct policy *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->nattr; i++)
		if (name_is(name, len, p->attr_names[i]))
			return (int)i;
	XGROW(p->attr_names, p->capattr, p->nattr + 1);
	p->attr_names[p->nattr] = arena_strndup(&p->arena, name, len);
	return (int)p->nattr++;
}

static void hint_for(const struct policy *p, const char *name, size_t len, char *hint, size_t size)
{
	char buf[128], cand[160], best[160] = "";
	size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1, bestd = 4;
	memcpy(buf, name, n);
	buf[n] = '\0';
	size_t nn = CG_ARRAY_LEN(names), nl = p->nlists;
	for (size_t i = 0; i < nn + nl + p->nparams; i++) {
		if (i < nn)
			snprintf(cand, sizeof(cand), "%s", names[i].name);
		else if (i < nn + nl)
			snprintf(cand, sizeof(cand), "lists.%s", p->lists[i - nn].name);
		else
			snprintf(cand, sizeof(cand), "params.%s", p->params[i - nn - nl].name);
		size_t d = edit_distance(buf, cand, 3);
		if (d < bestd) {
			bestd = d;
			memcpy(best, cand, sizeof(best));
		}
	}
	if (best[0])
		snprintf(hint, size, "did you mean '%s'?", best);
}

int symbols_resolve(void *ctx, const char *name, size_t len, struct expr_sym *out, char *hint,
		    size_t hint_size)
{
	struct policy *p = ctx;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < CG_ARRAY_LEN(names); i++)
		if (name_is(name, len, names[i].name)) {
			out->type = names[i].type;
			out->item_type = VT_STR;
			out->slot = names[i].slot;
			return 0;
		}
	size_t pl = strlen(ATTR_PREFIX);
	if (len > pl && memcmp(name, ATTR_PREFIX, pl) == 0 && !memchr(name + pl, '.', len - pl)) {
		out->type = VT_STR;
		out->slot = S_ASSET_ATTR;
		out->arg = attr_index(p, name + pl, len - pl);
		return 0;
	}
	if (len > 6 && memcmp(name, "lists.", 6) == 0) {
		for (size_t i = 0; i < p->nlists; i++)
			if (name_is(name + 6, len - 6, p->lists[i].name)) {
				out->type = VT_LIST;
				out->item_type = p->lists[i].item_type;
				out->is_const = true;
				out->constant = p->lists[i].value;
				return 0;
			}
	}
	if (len > 7 && memcmp(name, "params.", 7) == 0) {
		const struct param *pr = param_find(p, name + 7, len - 7);
		if (pr) {
			out->type = pr->value.t;
			out->item_type = VT_STR;
			out->is_const = true;
			out->constant = pr->value;
			return 0;
		}
	}
	if (len > 7 && memcmp(name, "policy.", 7) == 0) {
		const char *field = name + 7;
		size_t fl = len - 7;
		out->is_const = true;
		if (name_is(field, fl, "id"))
			out->constant = str_value(p->id);
		else if (name_is(field, fl, "title"))
			out->constant = str_value(p->title);
		else if (name_is(field, fl, "jurisdiction"))
			out->constant = str_value(p->jurisdiction);
		else if (name_is(field, fl, "version"))
			out->constant = str_value(p->version);
		else if (name_is(field, fl, "effective")) {
			out->type = VT_DATE;
			out->constant.t = p->effective == CG_DATE_NONE ? VT_NULL : VT_DATE;
			out->constant.u.d = p->effective;
			return 0;
		} else
			goto unknown;
		out->type = VT_STR;
		return 0;
	}
unknown:
	if (hint && hint_size) {
		hint[0] = '\0';
		hint_for(p, name, len, hint, hint_size);
	}
	return -1;
}

static void num(struct value *out, double v)
{
	if (isnan(v)) {
		out->t = VT_NULL;
	} else {
		out->t = VT_NUM;
		out->u.n = v;
	}
}

static void boolean(struct value *out, bool b)
{
	out->t = VT_BOOL;
	out->u.b = b;
}

static void load_asset(struct env *env, int slot, int arg, struct value *out)
{
	const struct asset *a = env->a;
	switch (slot) {
	case S_ASSET_ID: *out = str_value(a->id); break;
	case S_ASSET_MODEL: *out = str_value(a->model); break;
	case S_ASSET_QUANTITY: num(out, (double)a->quantity); break;
	case S_ASSET_SITE: *out = str_value(a->site); break;
	case S_ASSET_PURPOSE: *out = str_value(purpose_name(a->purpose)); break;
	case S_ASSET_STATUS: *out = str_value(status_name(a->status)); break;
	case S_ASSET_ORDER: *out = str_value(a->order); break;
	case S_ASSET_DESTINATION: *out = str_value(a->destination); break;
	case S_ASSET_OWNER: *out = str_value(a->owner); break;
	case S_ASSET_ORDERED_ON:
		if (a->has_ordered_on) {
			out->t = VT_DATE;
			out->u.d = a->ordered_on;
		}
		break;
	case S_ASSET_WORKLOAD: *out = str_value(workload_name(a->workload)); break;
	case S_ASSET_TAGS:
		XGROW(env->tags, env->tagcap, a->ntags + 1);
		for (size_t i = 0; i < a->ntags; i++)
			env->tags[i] = str_value(a->tags[i]);
		out->t = VT_LIST;
		out->u.l.v = env->tags;
		out->u.l.n = a->ntags;
		break;
	case S_ASSET_ATTR: {
		const char *want = env->p->attr_names[arg];
		*out = str_value(NULL);
		for (size_t i = 0; i < a->nattrs; i++)
			if (strcmp(a->attrs[i].name, want) == 0) {
				*out = str_value(a->attrs[i].value);
				break;
			}
		break;
	}
	}
}

static double first_known(const struct chip *c, enum prec a, enum prec b)
{
	return isnan(c->dense[a]) ? c->dense[b] : c->dense[a];
}

/* The value of chip.* name SLOT for the current asset's chip. */
static void load_chip_symbol(struct env *env, int slot, struct value *out)
{
	const struct chip *c = env->c;
	if (!c) {
		out->t = VT_NULL;
		return;
	}
	switch (slot) {
	case S_CHIP_ID: *out = str_value(c->id); break;
	case S_CHIP_VENDOR: *out = str_value(c->vendor->name); break;
	case S_CHIP_MODEL: *out = str_value(c->model); break;
	case S_CHIP_ORIGIN: *out = str_value(chip_origin(c, env->p->fab_basis)); break;
	case S_CHIP_FOREIGN: {
		int dom = chip_is_domestic(env->p, c);
		if (dom < 0)
			out->t = VT_NULL;
		else
			boolean(out, !dom);
		break;
	}
	case S_CHIP_VENDOR_COUNTRY: *out = str_value(c->vendor->country); break;
	case S_CHIP_FAB_COUNTRY: *out = str_value(c->fab_country); break;
	case S_CHIP_TPP: num(out, c->tpp); break;
	case S_CHIP_PD: num(out, c->pd); break;
	case S_CHIP_ECCN: *out = str_value(eccn_name(c->eccn)); break;
	case S_CHIP_DATACENTER:
		if (c->datacenter == TRI_UNKNOWN)
			out->t = VT_NULL;
		else
			boolean(out, c->datacenter == TRI_TRUE);
		break;
	case S_CHIP_MEMORY_GB: num(out, c->memory_gb); break;
	case S_CHIP_MEMORY_BW: num(out, c->memory_bw_gbs); break;
	case S_CHIP_TFLOPS_FP16: {
		double v = first_known(c, PREC_FP16, PREC_BF16);
		num(out, isnan(v) ? v : v * (c->dies > 0 ? c->dies : 1));
		break;
	}
	case S_CHIP_TOPS_INT8: {
		double v = c->dense[PREC_INT8];
		num(out, isnan(v) ? v : v * (c->dies > 0 ? c->dies : 1));
		break;
	}
	case S_CHIP_ENTITY_LISTED:
		boolean(out, vendor_listed_on(c->vendor, env->as_of) != CG_DATE_NONE);
		break;
	case S_CHIP_ENTITY_LISTED_ON: {
		cg_date d = vendor_listed_on(c->vendor, env->as_of);
		out->t = d == CG_DATE_NONE ? VT_NULL : VT_DATE;
		out->u.d = d;
		break;
	}
	}
}

/* site.*: null when the asset names no site, or one the list lacks. */
static void load_site(const struct env *env, int slot, struct value *out)
{
	const struct site *st = env->site;
	if (!st)
		return;
	switch (slot) {
	case S_SITE_ID: *out = str_value(st->id); break;
	case S_SITE_COUNTRY: *out = str_value(st->country); break;
	case S_SITE_PROVINCE: *out = str_value(st->province); break;
	case S_SITE_FUNDING: *out = str_value(funding_name(st->funding)); break;
	case S_SITE_COMPLETION: num(out, st->completion); break;
	case S_SITE_OWNER_HQ: *out = str_value(st->owner_hq); break;
	case S_SITE_PUBLIC_HUB:
		if (st->public_hub >= 0)
			boolean(out, st->public_hub == 1);
		break;
	case S_SITE_PROGRAMME: *out = str_value(st->programme); break;
	}
}

void symbols_load(void *penv, int slot, int arg, struct value *out)
{
	struct env *env = penv;
	out->t = VT_NULL;
	if (slot <= S_ASSET_ATTR) {
		load_asset(env, slot, arg, out);
	} else if (slot <= S_CHIP_ENTITY_LISTED_ON) {
		load_chip_symbol(env, slot, out);
	} else if (slot == S_INV_JURISDICTION) {
		*out = str_value(env->inv ? env->inv->jurisdiction : NULL);
	} else if (slot == S_INV_ORGANIZATION) {
		*out = str_value(env->inv ? env->inv->organization : NULL);
	} else if (slot == S_AS_OF) {
		out->t = VT_DATE;
		out->u.d = env->as_of;
	} else if (slot == S_ASSET_ORDERED_ON || slot == S_ASSET_WORKLOAD) {
		load_asset(env, slot, arg, out);
	} else if (slot == S_INV_KIND) {
		*out = str_value(env->inv ? org_kind_name(env->inv->kind) : NULL);
	} else {
		load_site(env, slot, out);
	}
}

bool symbols_slot_signature(int slot)
{
	switch (slot) {
	case S_ASSET_MODEL:
	case S_ASSET_PURPOSE:
	case S_ASSET_STATUS:
	case S_ASSET_DESTINATION:
	case S_INV_JURISDICTION:
	case S_INV_ORGANIZATION:
	case S_INV_KIND:
	case S_AS_OF: return true;
	default: return slot >= S_CHIP_ID && slot <= S_CHIP_ENTITY_LISTED_ON;
	}
}

bool symbols_slot_attr(int slot)
{
	return slot == S_ASSET_ATTR;
}

bool symbols_slot_site(int slot)
{
	return slot >= S_SITE_ID && slot <= S_SITE_PROGRAMME;
}

const char *symbols_null_reason(const struct env *env, const struct expr_sym *sym)
{
	if (sym->is_const)
		return "not set in the policy";
	if (sym->slot <= S_ASSET_ATTR || sym->slot == S_ASSET_ORDERED_ON ||
	    sym->slot == S_ASSET_WORKLOAD)
		return "not set for this asset in the inventory";
	if (symbols_slot_site(sym->slot)) {
		if (!env->inv || !env->inv->has_sites)
			return "the inventory has no sites list";
		if (!env->a->site)
			return "the asset names no site";
		if (!env->site)
			return "the asset's site is not in the sites list";
		return "not set for this site in the sites list";
	}
	if (sym->slot <= S_CHIP_ENTITY_LISTED_ON) {
		if (!env->c)
			return "the model is not in the catalog";
		if (sym->slot == S_CHIP_FOREIGN || sym->slot == S_CHIP_ORIGIN)
			return env->p->fab_basis ? "the chip's fab country is not in the catalog"
						 : "the vendor's country is not in the catalog";
		if (sym->slot == S_CHIP_PD)
			return "the die area (or TPP) is not in the catalog";
		return "the figure is not in the catalog";
	}
	return "not given by the inventory header";
}

int chip_is_domestic(const struct policy *p, const struct chip *c)
{
	const char *o = chip_origin(c, p->fab_basis), *j = p->jurisdiction;
	if (!o || !j)
		return -1;
	/* country codes: two letters, compared without a call (per asset) */
	if (o[0] != j[0] || (o[0] && o[1] != j[1]))
		return 0;
	return o[0] && o[1] && o[2] == '\0' && j[2] == '\0' ? 1 : strcmp(o, j) == 0;
}

void env_release(struct env *env)
{
	free(env->tags);
	env->tags = NULL;
	env->tagcap = 0;
}
