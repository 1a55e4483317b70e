/* Procurement review: the orders that need a justification,
 * each with the verdict the engine would give it (jverdict_best, the same
 * function) and the other open findings on it that still block it (from
 * check's own report), most urgent first; and the domestic
 * chips that could replace an ordered one, ranked by how close they come
 * to it.
 *
 * Must never judge differently from `check`: the same conditions, the
 * same packs and rules in force, the same records, the same as_of. It
 * records no finding and marks no record used. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

static bool pending(const struct asset *a)
{
	return a->status == STATUS_ORDERED || a->status == STATUS_PLANNED;
}

/* Every justification rule in force whose condition is true for A. */
static void review_asset(struct engine *e, const struct inventory *inv, const struct asset *a,
                         struct review *rv)
{
	const struct chip *c = engine_resolve(e, a->model, NULL);
	e->env.a = a;
	e->env.c = c;
	e->env.site = inventory_site(inv, a->site);
	for (size_t pi = 0; pi < e->npols; pi++) {
		const struct policy *p = e->pols[pi];
		e->env.p = p;
		for (size_t ri = 0; ri < p->nrules; ri++) {
			const struct rule *r = &p->rules[ri];
			/* the rules check applies on as_of: in force, enabled */
			if (r->kind != RK_JUSTIFICATION || !e->active[e->slot_base[pi] + ri])
				continue;
			struct value v;
			expr_eval(r->when, symbols_load, &e->env, &v);
			if (v.t != VT_BOOL || !v.u.b)
				continue; /* an indeterminate condition is check's to report */
			XGROW(rv->items, rv->cap, rv->n + 1);
			struct review_item *it = &rv->items[rv->n++];
			memset(it, 0, sizeof(*it));
			it->inv = inv;
			it->asset = a;
			it->chip = c;
			it->pack = p;
			it->rule = &r->info;
			it->fields = r->jreq.fields;
			it->nfields = r->jreq.nfields;
			it->max_age_days = r->jreq.max_age_days;
			it->alternatives_domestic = r->jreq.alternatives_domestic;
			it->signed_approval = r->jreq.signed_approval;
			jverdict_best(e, inv, p, r, a, &it->verdict, NULL, false);
		}
	}
}

void engine_review(struct engine *e, const struct inventory *inv, const struct asset *only,
                   struct review *rv)
{
	const struct inventory *saved = e->env.inv;
	e->env.inv = inv;
	if (only) {
		review_asset(e, inv, only, rv);
	} else {
		for (size_t i = 0; i < inv->nassets; i++)
			if (pending(&inv->assets[i]))
				review_asset(e, inv, &inv->assets[i], rv);
	}
	e->env.inv = saved;
	e->env.a = NULL;
	e->env.c = NULL;
}

/* ---- what else blocks an order ------------------------------------------------ */

/* By asset id; equal ids keep the report's order (the pointers are into
 * one array), so each order's blockers come out most severe first. */
struct blocker {
	const struct finding *f; /* into the report's array */
	const char *asset;
};

static int blocker_cmp(const void *pa, const void *pb)
{
	const struct blocker *a = pa, *b = pb;
	int c = strcmp(a->asset, b->asset);
	if (c)
		return c;
	return a->f < b->f ? -1 : a->f > b->f;
}

static bool same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* F was found in the inventory that holds A: at the asset itself, or at a
 * waiver or justification record of that inventory (CG-STALE-*). */
static bool from_inventory(const struct finding_fields *f, const struct review_item *it)
{
	const char *file = f->file;
	return same_str(file, it->asset->file) || same_str(file, it->inv->path) ||
	       same_str(file, it->inv->just_path);
}

static bool own_rule(const struct finding_fields *f, const struct review_item *it)
{
	const struct rule_info *ri = f->rule;
	return strcmp(ri->id, it->rule->id) == 0 && same_str(ri->policy, policy_id(it->pack));
}

void review_block(struct review *rv, const struct report *r, enum severity fail_on)
{
	size_t nf = report_nfindings(r), n = 0;
	struct blocker *open = xcalloc(nf + 1, sizeof(*open));
	for (size_t i = 0; i < nf; i++) {
		struct finding_fields at;
		const struct finding *f = report_finding(r, i);
		report_finding_fields(f, &at);
		if (at.status == FS_OPEN && at.severity >= fail_on && at.asset)
			open[n++] = (struct blocker){f, at.asset};
	}
	if (n > 1)
		qsort(open, n, sizeof(*open), blocker_cmp);
	for (size_t k = 0; k < rv->n; k++) {
		struct review_item *it = &rv->items[k];
		size_t lo = 0, hi = n; /* the first of this asset's findings */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(open[mid].asset, it->asset->id) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		it->block0 = rv->nblocks;
		it->nblock = 0;
		for (size_t i = lo; i < n && strcmp(open[i].asset, it->asset->id) == 0; i++) {
			struct finding_fields at;
			report_finding_fields(open[i].f, &at);
			if (own_rule(&at, it) || !from_inventory(&at, it))
				continue;
			XGROW(rv->blocks, rv->capb, rv->nblocks + 1);
			rv->blocks[rv->nblocks++] = open[i].f;
			it->nblock++;
		}
		it->cleared = jstate_satisfied(it->verdict.state) && it->nblock == 0;
	}
	free(open);
}

/* ---- order ------------------------------------------------------------------------ */

static int item_cmp(const void *pa, const void *pb)
{
	const struct review_item *a = pa, *b = pb;
	if (a->verdict.state != b->verdict.state)
		return a->verdict.state < b->verdict.state ? -1 : 1;
	if (a->cleared != b->cleared) /* approved but blocked before cleared */
		return a->cleared ? 1 : -1;
	cg_date ua = a->verdict.valid_until, ub = b->verdict.valid_until;
	if (ua != ub) /* sooner out of date first; open-ended (CG_DATE_NONE) last */
		return ua == CG_DATE_NONE ? 1 : ub == CG_DATE_NONE ? -1 : ua < ub ? -1 : 1;
	int c = strcmp(a->asset->id, b->asset->id);
	if (c)
		return c;
	if ((c = strcmp(a->rule->id, b->rule->id)) != 0)
		return c;
	return strcmp(a->inv->path, b->inv->path);
}

void review_sort(struct review *rv)
{
	if (rv->n > 1)
		qsort(rv->items, rv->n, sizeof(*rv->items), item_cmp);
}

void review_release(struct review *rv)
{
	for (size_t i = 0; i < rv->n; i++)
		jverdict_release(&rv->items[i].verdict);
	free(rv->items);
	free(rv->blocks);
	rv->items = NULL;
	rv->blocks = NULL;
	rv->n = rv->cap = 0;
	rv->nblocks = rv->capb = 0;
}

/* ---- domestic alternatives --------------------------------------------------------- */

static int alt_cmp(const void *pa, const void *pb)
{
	const struct alternative *a = pa, *b = pb;
	if (a->unknown != b->unknown)
		return a->unknown < b->unknown ? -1 : 1;
	bool na = isnan(a->distance), nb = isnan(b->distance);
	if (na != nb)
		return na ? 1 : -1;
	if (!na && a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return strcmp(a->chip->id, b->chip->id);
}

/* The mean |ln(c / o)| over the figures known (and positive) for both;
 * *unknown counts the figures known for O but not for C. */
static double distance(const struct chip *o, const struct chip *c, int *unknown)
{
	double of[3] = {NAN, NAN, NAN}, cf[3];
	if (o) {
		of[0] = o->tpp;
		of[1] = chip_tflops_fp16(o);
		of[2] = o->memory_gb;
	}
	cf[0] = c->tpp;
	cf[1] = chip_tflops_fp16(c);
	cf[2] = c->memory_gb;
	double sum = 0;
	int n = 0;
	*unknown = 0;
	for (int i = 0; i < 3; i++) {
		if (!(of[i] > 0))
			continue;
		if (!(cf[i] > 0)) {
			(*unknown)++;
			continue;
		}
		sum += fabs(log(cf[i] / of[i]));
		n++;
	}
	return n ? sum / n : NAN;
}

size_t policy_domestic_alternatives(const struct policy *p, const struct catalog *cat,
                                    const struct chip *ordered, struct alternative **out)
{
	struct alternative *v = xcalloc(cat->nchips + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		if (c == ordered || chip_is_domestic(p, c) != 1)
			continue;
		v[n].chip = c;
		v[n].distance = distance(ordered, c, &v[n].unknown);
		n++;
	}
	qsort(v, n, sizeof(*v), alt_cmp);
	*out = v;
	return n;
}
