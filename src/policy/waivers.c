/* Waivers (DESIGN §6): a waiver in date turns an open finding into
 * `waived`. A waiver names a rule -- a pack's or a built-in one -- and an
 * asset, or a group: an exposure group (a site over its foreign share with
 * a migration plan) or, for CG-STALE-PACK, a pack's id; one that names
 * neither covers every asset finding of its rule. A waiver that matches
 * nothing is reported (CG-STALE-WAIVER) with the reason: no such rule, the
 * rule not in force on as_of, an exposure rule waived by asset, no such
 * asset or group, a group that does not breach, a rule that does not
 * apply to the asset or cannot decide for it.
 *
 * Must never waive an undecided finding, or change a note the engine has
 * always written for the same input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

/* Does W name a finding of rule ID on ASSET (or on GROUP)? */
static bool names(const struct waiver *w, const char *id, const char *asset, const char *group)
{
	if (strcmp(w->rule, id) != 0)
		return false;
	if (w->group)
		return group && strcmp(w->group, group) == 0;
	if (group)
		return false; /* an asset waiver never covers a group's finding */
	return !w->asset || (asset && strcmp(w->asset, asset) == 0);
}

/* One waiver considered for a finding: explained, marked, applied. */
static void consider(struct engine *e, const struct waiver *w, bool *used, struct outcome *o,
                     struct strbuf *explain)
{
	char d[11];
	date_format(w->expires, d);
	bool valid = e->as_of <= w->expires;
	if (!explain && used)
		*used = true;
	if (explain)
		sb_printf(explain, "      waiver %s:%d (%s, approved by %s): %s %s\n", w->file,
		          w->line, w->reason, w->approver, valid ? "applies until" : "expired on",
		          d);
	if (o->status != FS_OPEN)
		return;
	if (valid) {
		o->status = FS_WAIVED;
		sb_reset(&o->note);
		sb_printf(&o->note, "waived until %s by %s: %s (%s:%d)", d, w->approver, w->reason,
		          w->file, w->line);
	} else {
		if (o->note.len)
			sb_puts(&o->note, "; ");
		sb_printf(&o->note, "waiver %s:%d expired on %s", w->file, w->line, d);
	}
}

void waiver_apply(struct engine *e, const struct rule_info *ri, const char *asset,
                  const char *group, struct outcome *o, struct strbuf *explain)
{
	const struct inventory *inv = e->inv ? e->inv : e->env.inv;
	if (!group && (!inv || !inv->nwaivers))
		return; /* the common case: called for every finding of a fleet */
	if (!group && inv == e->indexed_inv) {
		/* the waivers of this asset and of every asset, merged in
		 * inventory order */
		struct rec_index *x = &e->waiver_index;
		const struct rec_rule *rr = rec_index_rule(x, ri, ri->id);
		if (!rr->any)
			return;
		size_t i = asset ? rec_index_first(x, rr, ri->id, asset) : SIZE_MAX;
		size_t j = rec_index_first(x, rr, ri->id, NULL);
		while (i != SIZE_MAX || j != SIZE_MAX) {
			size_t k = i < j ? i : j;
			if (k == i)
				i = x->next[i];
			else
				j = x->next[j];
			consider(e, &inv->waivers[k], e->waiver_used ? &e->waiver_used[k] : NULL, o,
			         explain);
		}
		return;
	}
	if (!group) {
		for (size_t i = 0; i < inv->nwaivers; i++) {
			const struct waiver *w = &inv->waivers[i];
			if (!w->group && names(w, ri->id, asset, NULL))
				consider(e, w, e->waiver_used ? &e->waiver_used[i] : NULL, o,
				         explain);
		}
		return;
	}
	for (size_t i = 0; i < e->ngwaivers; i++)
		if (names(e->gwaivers[i].w, ri->id, NULL, group))
			consider(e, e->gwaivers[i].w, &e->gwaivers[i].used, o, explain);
}

void waivers_begin(struct engine *e, const struct inventory *inv)
{
	for (size_t i = 0; i < inv->nwaivers; i++) {
		if (!inv->waivers[i].group)
			continue;
		XGROW(e->gwaivers, e->capgw, e->ngwaivers + 1);
		e->gwaivers[e->ngwaivers++] = (struct gwaiver){&inv->waivers[i], false};
	}
}

void builtin_add(struct engine *e, int b, enum severity sev, const char *asset, const char *group,
                 const char *file, int line, const char *msg, const struct evidence *ev, size_t nev)
{
	struct outcome o = {.status = FS_OPEN, .severity = sev, .note = STRBUF_INIT};
	waiver_apply(e, e->bi[b], asset, group, &o, NULL);
	struct report_emit f = {.rule = e->bi[b],
	                        .severity = sev,
	                        .status = o.status,
	                        .asset = asset,
	                        .group = group,
	                        .file = file,
	                        .line = line,
	                        .note = o.note.len ? o.note.buf : NULL,
	                        .ev = ev,
	                        .nev = nev,
	                        .text = msg};
	report_emit(e->rep, &f);
	sb_release(&o.note);
}

/* ---- why a waiver matched nothing ----------------------------------------- */

/* The pack rule called ID, or NULL; *P gets its pack. */
static const struct rule *find_rule(const struct engine *e, const char *id, const struct policy **p)
{
	for (size_t i = 0; i < e->npols; i++)
		for (size_t r = 0; r < e->pols[i]->nrules; r++)
			if (strcmp(e->pols[i]->rules[r].info.id, id) == 0) {
				*p = e->pols[i];
				return &e->pols[i]->rules[r];
			}
	return NULL;
}

static bool is_builtin(const struct engine *e, const char *id)
{
	for (int i = 0; i < BI_COUNT; i++)
		if (strcmp(e->bi[i]->id, id) == 0)
			return true;
	return false;
}

void waivers_undecided(struct engine *e, const struct rule_info *ri, const char *asset)
{
	const struct inventory *inv = e->inv;
	if (!inv || !inv->nwaivers || !e->waiver_undecided)
		return;
	if (inv == e->indexed_inv) {
		struct rec_index *x = &e->waiver_index;
		const struct rec_rule *rr = rec_index_rule(x, ri, ri->id);
		for (size_t k = rec_index_first(x, rr, ri->id, asset); k != SIZE_MAX; k = x->next[k])
			e->waiver_undecided[k] = true;
		return;
	}
	for (size_t i = 0; i < inv->nwaivers; i++) {
		const struct waiver *w = &inv->waivers[i];
		if (w->asset && names(w, ri->id, asset, NULL)) /* not a group's, nor every asset's */
			e->waiver_undecided[i] = true;
	}
}

/* Could asset waiver W's rule not decide for its asset (waivers_undecided)? */
static bool undecided(const struct engine *e, const struct waiver *w)
{
	const struct inventory *inv = e->inv;
	return e->waiver_undecided && w >= inv->waivers && w < inv->waivers + inv->nwaivers &&
	       e->waiver_undecided[w - inv->waivers];
}

/* Why group waiver W of exposure rule R matched nothing. */
static void group_reason(const struct engine *e, const struct waiver *w, struct strbuf *out)
{
	struct suggest s;
	suggest_init(&s, w->group);
	size_t n = 0;
	for (size_t i = 0; i < report_nexposure(e->rep); i++) {
		const struct exposure_row *x = report_exposure_row(e->rep, i);
		if (strcmp(x->rule, w->rule) != 0)
			continue;
		n++;
		if (strcmp(x->group, w->group) == 0) {
			sb_printf(out, "group '%s' of %s does not breach: foreign share ", w->group,
			          w->rule);
			if (isnan(x->share_weight))
				sb_puts(out, "unknown");
			else
				sb_printf(out, "%.1f%%", x->share_weight * 100.0);
			if (isnan(x->min_domestic_share))
				sb_printf(out, ", maximum %.1f%%", x->max_share * 100.0);
			else
				sb_printf(out, ", domestic share %.1f%%, minimum %.1f%%",
					  x->share_domestic * 100.0, x->min_domestic_share * 100.0);
			return;
		}
		suggest_offer(&s, x->group);
	}
	sb_printf(out, "%s has no group '%s'", w->rule, w->group);
	if (s.best)
		sb_printf(out, " (did you mean '%s'?)", s.best);
	else if (!n)
		sb_puts(out, ": it counted no asset");
}

/* Why asset waiver W matched nothing in the current inventory. */
static void asset_reason(const struct engine *e, const struct waiver *w, struct strbuf *out)
{
	const struct inventory *inv = e->inv;
	char d[11];
	date_format(e->as_of, d);
	if (!w->asset) {
		sb_printf(out, "%s made no finding in %s on %s", w->rule, inv->path, d);
		return;
	}
	if (inv->nassets == 0) { /* a streamed CSV keeps no rows: the id cannot be looked up */
		sb_printf(out, "%s made no finding on '%s' on %s, or there is no such asset",
		          w->rule, w->asset, d);
		return;
	}
	if (!inventory_find(inv, w->asset)) {
		struct suggest s;
		suggest_init(&s, w->asset);
		for (size_t i = 0; i < inv->nassets; i++)
			suggest_offer(&s, inv->assets[i].id);
		suggest_offer(&s, inv->near_id);
		sb_printf(out, "no asset '%s' in %s", w->asset, inv->path);
		if (s.best)
			sb_printf(out, " (did you mean '%s'?)", s.best);
		return;
	}
	if (undecided(e, w)) {
		sb_printf(out,
		          "%s cannot decide for '%s' (a fact it needs is unknown), and a waiver "
		          "never covers an undecided finding",
		          w->rule, w->asset);
		return;
	}
	sb_printf(out, "%s does not apply to '%s' on %s", w->rule, w->asset, d);
}

static void stale_reason(const struct engine *e, const struct waiver *w, struct strbuf *out)
{
	const struct policy *p = NULL;
	const struct rule *r = find_rule(e, w->rule, &p);
	if (!r && !is_builtin(e, w->rule)) {
		const char *s =
		    policy_suggest_rule((struct policy *const *)e->pols, e->npols, w->rule);
		sb_puts(out, "no such rule in the packs applied");
		if (s)
			sb_printf(out, " (did you mean '%s'?)", s);
		return;
	}
	struct strbuf detail = STRBUF_INIT;
	const char *skip = r ? rule_skip(e, p, r, &detail) : NULL;
	if (skip) {
		char d[11];
		date_format(e->as_of, d);
		sb_printf(out, "%s is not in force on %s: %s", w->rule, d, sb_str(&detail));
	} else if (r && r->kind == RK_EXPOSURE && !w->group) {
		sb_printf(out,
		          "%s is an exposure rule: a waiver of it names the group ('group = ...')",
		          w->rule);
	} else if (w->group && strcmp(w->rule, "CG-STALE-PACK") == 0) {
		sb_printf(out, "pack '%s' is not past its review date, or is not applied",
		          w->group);
	} else if (w->group && (!r || r->kind != RK_EXPOSURE)) {
		sb_printf(
		    out,
		    "%s is not an exposure rule: a waiver of it names an asset ('asset = ...')",
		    w->rule);
	} else if (w->group) {
		group_reason(e, w, out);
	} else {
		asset_reason(e, w, out);
	}
	sb_release(&detail);
}

static void report_one(struct engine *e, const struct waiver *w, bool used)
{
	char exp[11];
	date_format(w->expires, exp);
	sb_reset(&e->msg);
	const char *on = w->asset ? w->asset : w->group;
	const char *what = w->asset ? " on " : w->group ? " on group " : "";
	if (!used) {
		struct strbuf why = STRBUF_INIT;
		stale_reason(e, w, &why);
		sb_printf(&e->msg, "waiver for %s%s%s matches no finding: %s", w->rule, what,
		          on ? on : "", sb_str(&why));
		sb_release(&why);
		struct report_emit f = {.rule = e->bi[BI_STALE_WAIVER],
		                        .severity = SEV_WARNING,
		                        .status = FS_OPEN,
		                        .asset = w->asset,
		                        .group = w->asset ? NULL : w->group,
		                        .file = w->file,
		                        .line = w->line,
		                        .text = e->msg.buf};
		report_emit(e->rep, &f);
	} else if (w->expires >= e->as_of && w->expires - e->as_of <= 30) {
		sb_printf(&e->msg, "waiver for %s%s%s expires on %s (in %d days)", w->rule, what,
		          on ? on : "", exp, (int)(w->expires - e->as_of));
		struct report_emit f = {.rule = e->bi[BI_WAIVER_EXPIRING],
		                        .severity = SEV_INFO,
		                        .status = FS_OPEN,
		                        .asset = w->asset,
		                        .group = w->asset ? NULL : w->group,
		                        .file = w->file,
		                        .line = w->line,
		                        .text = e->msg.buf};
		report_emit(e->rep, &f);
	}
}

void waivers_report(struct engine *e, bool groups)
{
	if (groups) {
		for (size_t i = 0; i < e->ngwaivers; i++)
			report_one(e, e->gwaivers[i].w, e->gwaivers[i].used);
		return;
	}
	const struct inventory *inv = e->inv;
	for (size_t i = 0; i < inv->nwaivers; i++)
		if (!inv->waivers[i].group)
			report_one(e, &inv->waivers[i], e->waiver_used[i]);
}
