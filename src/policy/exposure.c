/* Exposure rules: foreign share per group (DESIGN §6). Over the assets in
 * scope, grouped by group_by: share = Σ weight(foreign) / Σ weight(all).
 * Assets of unknown origin count in the total and not as foreign; when
 * counting them as foreign would cross the maximum, the group is
 * `indeterminate` rather than passed silently. An asset whose scope is
 * unknown (null) is counted as one whose weight is unknown: it could be
 * in the share or not. Every group is reported, breaching or not. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

/* Group G (LEN bytes) of X, made at A's place when it is new. */
static struct group_tally *group_tally(struct engine *e, struct exposure_groups *x, const char *g,
				       size_t len, const struct asset *a)
{
	if (g != e->group_seen || len != e->group_seen_len) {
		e->group_seen = g;
		e->group_seen_len = len;
		/* grouped by the asset's whole site (a value is never longer than
		 * its text): hashed by the asset's reader */
		bool site = a->hashed && g == a->site && g[len] == '\0';
		e->group_seen_hash = site ? a->site_hash : hash_mem(g, len);
	}
	hmap_reserve(&x->index, x->n + 1);
	struct hmap_probe p = hmap_probe(&x->index, e->group_seen_hash);
	for (size_t i; (i = hmap_next(&x->index, &p)) != HMAP_NONE;)
		if (x->v[i].glen == len && memcmp(x->v[i].group, g, len) == 0)
			return &x->v[i];
	XGROW(x->v, x->cap, x->n + 1);
	struct group_tally *c = &x->v[x->n];
	memset(c, 0, sizeof(*c));
	c->group = arena_strndup(&e->arena, g, len);
	c->glen = len;
	c->file = a->file;
	c->line = a->line;
	hmap_put(&x->index, &p, x->n++);
	return c;
}

void exposure_add(struct engine *e, const struct run *run, const struct asset *a)
{
	struct exposure_groups *x = &e->expos[run->expo];
	x->ri->evaluated = true;
	struct value v;
	bool scope_unknown = false;
	if (x->r->scope) {
		verdict_eval(e, run->slot, x->r->scope, &v); /* memoised per signature */
		scope_unknown = v.t == VT_NULL;
		if (!scope_unknown && (v.t != VT_BOOL || !v.u.b))
			return;
	}
	expr_eval(x->r->group_by, symbols_load, &e->env, &v);
	const char *g = "(none)";
	size_t glen = 6;
	if (v.t == VT_STR) {
		g = v.u.s.p;
		glen = v.u.s.len;
	}
	struct group_tally *c = group_tally(e, x, g, glen, a);
	double w = (double)a->quantity;
	if (x->r->weight) {
		expr_eval(x->r->weight, symbols_load, &e->env, &v);
		w = v.t == VT_NUM ? v.u.n : NAN;
	}
	const struct chip *chip = e->env.c;
	int dom = chip ? chip_is_domestic(x->p, chip) : -1;
	long long q = a->quantity;
	if (scope_unknown) {
		/* in the group or not: its weight is as unknown as a null one,
		 * and it is counted with those, never silently left out */
		c->scope_unknown++;
		if (dom == 0)
			c->nullw_foreign++;
		else if (dom > 0)
			c->nullw_domestic++;
		else
			c->nullw_unknown++;
		return;
	}
	c->units_total += q;
	if (dom == 0)
		c->units_foreign += q;
	else if (dom < 0)
		c->units_unknown += q;
	if (chip && !isnan(chip->tpp)) {
		double t = chip->tpp * (double)q;
		c->tpp_total += t;
		if (dom == 0)
			c->tpp_foreign += t;
	} else {
		c->units_tpp_unknown += q;
	}
	if (isnan(w)) {
		if (dom == 0)
			c->nullw_foreign++;
		else if (dom > 0)
			c->nullw_domestic++;
		else
			c->nullw_unknown++;
		return;
	}
	c->weight_total += w;
	if (dom == 0)
		c->weight_foreign += w;
	else if (dom < 0)
		c->weight_unknown += w;
	else
		c->weight_domestic += w;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static int tally_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct group_tally *)pa)->group, ((const struct group_tally *)pb)->group);
}

/* Whether the share S fails the rule's threshold: a foreign share above
 * the maximum; a domestic share below the minimum, or (domestic_above)
 * not above it. Compared as the pack writes the threshold, with no
 * conversion between foreign and domestic shares. */
static bool fails(const struct rule *r, double s)
{
	if (isnan(s))
		return false;
	if (!isnan(r->max_share))
		return s > r->max_share;
	return r->domestic_above ? s <= r->min_domestic : s < r->min_domestic;
}

/* Decide a group: breaching, indeterminate, or passing. Unknown origins
 * (with a weight) can only raise the foreign share and lower the
 * domestic one; assets without a weight (or whose scope is unknown) can
 * move either share either way unless their origin is known. A breach is
 * certain only when nothing unknown could undo it. */
static void decide(const struct rule *r, const struct group_tally *c, struct exposure_row *row)
{
	bool bad, could_undo, could_cause;
	if (!isnan(r->max_share)) {
		double hi = ratio(c->weight_foreign + c->weight_unknown, c->weight_total);
		bad = fails(r, row->share_weight);
		could_undo = c->nullw_domestic > 0 || c->nullw_unknown > 0;
		could_cause = fails(r, hi) || c->nullw_foreign > 0 || c->nullw_unknown > 0;
	} else {
		double lo = ratio(c->weight_domestic, c->weight_total), hi = ratio(c->weight_domestic + c->weight_unknown, c->weight_total);
		bad = !isnan(hi) && fails(r, hi); /* even counting unknowns as domestic */
		could_undo = c->nullw_domestic > 0 || c->nullw_unknown > 0;
		could_cause = fails(r, lo) || c->nullw_foreign > 0 || c->nullw_unknown > 0;
	}
	row->breach = bad && !could_undo;
	row->indeterminate = !row->breach && (bad || could_cause);
}

static void group_message(struct engine *e, const struct exposure_groups *x, const struct group_tally *c,
			  const struct exposure_row *row)
{
	const struct rule *r = x->r;
	double dom = ratio(c->weight_domestic, c->weight_total);
	sb_reset(&e->msg);
	if (isnan(r->max_share)) {
		const char *cmp = r->domestic_above ? "is not above" : "is below";
		if (row->breach)
			sb_printf(&e->msg, "group '%s': domestic share %.1f%% %s the minimum of %.1f%%",
				  c->group, dom * 100.0, cmp, r->min_domestic * 100.0);
		else
			sb_printf(&e->msg,
				  "group '%s': domestic share %.1f%% could fall short of the minimum of "
				  "%.1f%% (%lld units of unknown origin, %lld assets without a weight",
				  c->group, isnan(dom) ? 0.0 : dom * 100.0, r->min_domestic * 100.0, c->units_unknown,
				  c->nullw_foreign + c->nullw_domestic + c->nullw_unknown);
	} else if (row->breach) {
		sb_printf(&e->msg, "group '%s': foreign share %.1f%% exceeds the maximum of %.1f%%",
			  c->group, row->share_weight * 100.0, row->max_share * 100.0);
	} else {
		sb_printf(&e->msg,
			  "group '%s': foreign share %.1f%% could exceed the maximum of %.1f%% "
			  "(%lld units of unknown origin, %lld assets without a weight",
			  c->group, isnan(row->share_weight) ? 0.0 : row->share_weight * 100.0,
			  row->max_share * 100.0, c->units_unknown, c->nullw_foreign + c->nullw_domestic + c->nullw_unknown);
	}
	if (!row->breach) {
		if (c->scope_unknown)
			sb_printf(&e->msg, ", %lld of them whose scope is unknown", c->scope_unknown);
		sb_putc(&e->msg, ')');
	}
}

static void finish_group(struct engine *e, const struct exposure_groups *x, const struct group_tally *c)
{
	struct exposure_row row = {.policy = x->p->id, .rule = x->r->info.id, .group = c->group};
	row.units_foreign = c->units_foreign;
	row.units_total = c->units_total;
	row.units_unknown = c->units_unknown;
	row.tpp_foreign = c->tpp_foreign;
	row.tpp_total = c->tpp_total;
	row.units_tpp_unknown = c->units_tpp_unknown;
	row.share_units = ratio((double)c->units_foreign, (double)c->units_total);
	row.share_tpp = ratio(c->tpp_foreign, c->tpp_total);
	row.share_weight = ratio(c->weight_foreign, c->weight_total);
	/* a domestic minimum is shown as the foreign maximum it amounts to,
	 * for the writers; it is decided on the domestic share as written */
	row.max_share = isnan(x->r->max_share) ? 1.0 - x->r->min_domestic : x->r->max_share;
	row.min_domestic_share = x->r->min_domestic;
	row.domestic_above = x->r->domestic_above;
	row.share_domestic = ratio(c->weight_domestic, c->weight_total);
	decide(x->r, c, &row);
	report_add_exposure(e->rep, &row);
	if (!row.breach && !row.indeterminate)
		return;
	group_message(e, x, c, &row);
	struct evidence ev[3] = {
		{.key = "share", .type = EV_NUM, .n = row.share_weight},
		{.key = "max_foreign_share", .type = EV_NUM, .n = row.max_share},
		{.key = "units_foreign", .type = EV_NUM, .n = (double)c->units_foreign},
	};
	if (!isnan(x->r->min_domestic)) {
		ev[0] = (struct evidence){.key = "domestic_share", .type = EV_NUM, .n = row.share_domestic};
		ev[1] = (struct evidence){.key = x->r->domestic_above ? "domestic_share_above"
								       : "min_domestic_share",
					  .type = EV_NUM,
					  .n = x->r->min_domestic};
	}
	enum severity sev = row.breach ? x->r->info.severity : SEV_WARNING;
	struct outcome o = {.status = FS_OPEN, .severity = sev, .note = STRBUF_INIT};
	if (row.breach) /* an undecided group is never waived */
		waiver_apply(e, x->ri, NULL, c->group, &o, NULL);
	else
		sb_puts(&o.note, "indeterminate: origin or weight unknown for some assets");
	if (x->r->watch) {
		sb_puts(&o.note, o.note.len ? "; watch: not in force, informational only"
					    : "watch: not in force, informational only");
		o.severity = SEV_INFO;
	}
	struct report_emit f = {.rule = x->ri,
				.severity = o.severity,
				.status = o.status,
				.group = c->group,
				.file = c->file,
				.line = c->line,
				.note = o.note.len ? o.note.buf : NULL,
				.ev = ev,
				.nev = 3,
				.text = e->msg.buf};
	report_emit(e->rep, &f);
	sb_release(&o.note);
}

/* CG-STALE-PACK: a pack past its review_by on as_of, named as the
 * finding's group (a waiver names it so). */
static void stale_packs(struct engine *e)
{
	for (size_t i = 0; i < e->npols; i++) {
		const struct policy *p = e->pols[i];
		if (p->review_by == CG_DATE_NONE || e->as_of <= p->review_by)
			continue;
		char rv[11] = "never", rb[11], d[11];
		if (p->reviewed != CG_DATE_NONE)
			date_format(p->reviewed, rv);
		date_format(p->review_by, rb);
		date_format(e->as_of, d);
		sb_reset(&e->msg);
		sb_printf(&e->msg,
			  "pack %s was last reviewed against its sources on %s and was due for review by "
			  "%s; it is evaluated as of %s",
			  p->id, rv, rb, d);
		struct evidence ev[3] = {{.key = "policy", .type = EV_STR, .s = p->id},
					 {.key = "reviewed", .type = EV_STR, .s = rv},
					 {.key = "review_by", .type = EV_STR, .s = rb}};
		builtin_add(e, BI_STALE_PACK, SEV_WARNING, NULL, p->id, p->source, p->review_by_line,
			    e->msg.buf, ev, 3);
	}
}

void engine_finish(struct engine *e)
{
	for (size_t i = 0; i < e->nexpos; i++) {
		struct exposure_groups *x = &e->expos[i];
		/* by group; the index is emptied, as the groups are */
		if (x->n)
			qsort(x->v, x->n, sizeof(*x->v), tally_cmp);
		for (size_t j = 0; j < x->n; j++)
			finish_group(e, x, &x->v[j]);
		x->n = 0;
		hmap_clear(&x->index);
	}
	stale_packs(e);
	waivers_report(e, true);
}
