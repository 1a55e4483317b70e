/* Justifications and waivers (DESIGN §6): what happens to a finding once
 * its condition is true. A justification satisfies a requirement when
 * every required field is present and non-empty, it is in date on as_of
 * (approved_on not after as_of and within max_age_days, expires not
 * before as_of), the approver is not the requester, and with
 * alternatives_domestic every named alternative is a catalog chip that is
 * domestic for the pack. A stated need met by a named domestic alternative
 * leaves the finding open as a warning. A waiver in date (as_of <= expires)
 * turns an open finding into `waived`. */
#include <math.h>
#include <strings.h>
#include <string.h>

#include "policy/engine_int.h"

static bool field_present(const struct justification *j, const char *name)
{
	for (size_t i = 0; i < j->nfields; i++) {
		const struct jfield *f = &j->fields[i];
		if (strcmp(f->name, name) != 0)
			continue;
		switch (f->type) {
		case JF_STRING: return f->str && f->str[0];
		case JF_LIST: return f->nlist > 0;
		default: return true;
		}
	}
	return false;
}

static void sep(struct strbuf *sb)
{
	if (sb->len)
		sb_puts(sb, "; ");
}

static const struct chip *alt_chip(const struct engine *e, const char *name)
{
	const struct chip *c = catalog_find_id(e->cat, name);
	if (c)
		return c;
	struct catalog_match m;
	catalog_match(e->cat, name, &m);
	return m.chip;
}

static double tflops_fp16(const struct chip *c)
{
	double v = isnan(c->dense[PREC_FP16]) ? c->dense[PREC_BF16] : c->dense[PREC_FP16];
	return isnan(v) ? v : v * (c->dies > 0 ? c->dies : 1);
}

/* Does C meet every need J states? Writes the comparison into WHY. */
static bool meets_need(const struct justification *j, const struct chip *c, struct strbuf *why)
{
	struct {
		const char *name;
		double need, have;
	} n[] = {{"tflops_fp16", j->need_tflops_fp16, tflops_fp16(c)},
		 {"tpp", j->need_tpp, c->tpp},
		 {"memory_gb", j->need_memory_gb, c->memory_gb}};
	bool any = false;
	for (size_t i = 0; i < CG_ARRAY_LEN(n); i++) {
		if (isnan(n[i].need))
			continue;
		if (isnan(n[i].have) || n[i].have < n[i].need)
			return false;
		sb_printf(why, "%s%s %g >= %g", any ? ", " : "", n[i].name, n[i].have, n[i].need);
		any = true;
	}
	return any;
}

enum jverdict { J_FAIL, J_WEAK, J_OK };

/* Check one justification; failures go to WHY. */
static enum jverdict check_one(const struct engine *e, const struct policy *p, const struct rule *r,
			       const struct justification *j, struct strbuf *why)
{
	const struct jreq *q = &r->jreq;
	size_t start = why->len;
	for (size_t i = 0; i < q->nfields; i++)
		if (!field_present(j, q->fields[i])) {
			sep(why);
			sb_printf(why, "missing '%s'", q->fields[i]);
		}
	char d1[11], d2[11];
	date_format(e->as_of, d2);
	if (j->approved_on != CG_DATE_NONE) {
		date_format(j->approved_on, d1);
		if (j->approved_on > e->as_of) {
			sep(why);
			sb_printf(why, "approved_on %s is after as_of %s", d1, d2);
		} else if (q->max_age_days >= 0 && e->as_of - j->approved_on > q->max_age_days) {
			sep(why);
			sb_printf(why, "approved on %s, %d days before as_of (limit %lld)", d1,
				  (int)(e->as_of - j->approved_on), q->max_age_days);
		}
	} else if (q->max_age_days >= 0) {
		sep(why);
		sb_puts(why, "no approved_on date to check its age against");
	}
	if (j->expires != CG_DATE_NONE && e->as_of > j->expires) {
		date_format(j->expires, d1);
		sep(why);
		sb_printf(why, "expired on %s", d1);
	}
	if (j->approver && j->requested_by && strcasecmp(j->approver, j->requested_by) == 0) {
		sep(why);
		sb_printf(why, "approver '%s' is also the requester", j->approver);
	}
	if (q->alternatives_domestic) {
		if (j->nalternatives == 0) {
			sep(why);
			sb_puts(why, "names no domestic alternative");
		}
		for (size_t i = 0; i < j->nalternatives; i++) {
			const struct chip *c = alt_chip(e, j->alternatives[i]);
			int dom = c ? chip_is_domestic(p, c) : 0;
			if (!c) {
				sep(why);
				sb_printf(why, "alternative '%s' is not in the catalog", j->alternatives[i]);
			} else if (dom != 1) {
				sep(why);
				sb_printf(why, "alternative '%s' (%s %s) is %s for %s", j->alternatives[i],
					  c->vendor->name, c->model, dom < 0 ? "of unknown origin" : "not domestic",
					  p->jurisdiction);
			}
		}
	}
	if (why->len != start)
		return J_FAIL;
	for (size_t i = 0; i < j->nalternatives; i++) {
		const struct chip *c = alt_chip(e, j->alternatives[i]);
		struct strbuf cmp = STRBUF_INIT;
		if (c && chip_is_domestic(p, c) == 1 && meets_need(j, c, &cmp)) {
			sb_printf(why, "domestic alternative meets the stated need: %s %s (%s)",
				  c->vendor->name, c->model, cmp.buf);
			sb_release(&cmp);
			return J_WEAK;
		}
		sb_release(&cmp);
	}
	return J_OK;
}

static void justification(struct engine *e, const struct policy *p, const struct rule *r,
			  const struct asset *a, struct outcome *o, struct strbuf *explain)
{
	const struct inventory *inv = e->inv ? e->inv : e->env.inv;
	enum jverdict best = J_FAIL;
	struct strbuf why = STRBUF_INIT, bestwhy = STRBUF_INIT;
	const struct justification *bj = NULL;
	size_t considered = 0;
	for (size_t i = 0; inv && i < inv->njusts; i++) {
		const struct justification *j = &inv->justs[i];
		if (strcmp(j->asset, a->id) != 0 || strcmp(j->rule, r->info.id) != 0)
			continue;
		considered++;
		if (!explain && e->just_used)
			e->just_used[i] = true;
		sb_reset(&why);
		enum jverdict v = check_one(e, p, r, j, &why);
		if (explain)
			sb_printf(explain, "      justification %s:%d: %s%s\n", j->file, j->line,
				  v == J_OK ? "satisfies the requirement" : v == J_WEAK ? "weak: " : "fails: ",
				  v == J_OK ? "" : why.buf);
		if (!bj || v > best) {
			best = v;
			bj = j;
			sb_reset(&bestwhy);
			sb_puts(&bestwhy, sb_str(&why));
		}
	}
	if (!considered) {
		sb_puts(&o->note, "no justification on file");
		if (explain)
			sb_printf(explain, "      no justification for %s on %s\n", r->info.id, a->id);
	} else if (best == J_OK) {
		char d[11] = "";
		o->status = FS_JUSTIFIED;
		sb_printf(&o->note, "justified by %s:%d", bj->file, bj->line);
		if (bj->approver)
			sb_printf(&o->note, ", approved by %s", bj->approver);
		if (bj->expires != CG_DATE_NONE) {
			date_format(bj->expires, d);
			sb_printf(&o->note, " until %s", d);
		}
	} else if (best == J_WEAK) {
		o->severity = o->severity < SEV_WARNING ? o->severity : SEV_WARNING;
		sb_printf(&o->note, "justification %s:%d is weak: %s", bj->file, bj->line, bestwhy.buf);
	} else {
		sb_printf(&o->note, "justification %s:%d does not satisfy the requirement: %s", bj->file,
			  bj->line, bestwhy.buf);
	}
	sb_release(&why);
	sb_release(&bestwhy);
}

static void waiver(struct engine *e, const struct rule *r, const struct asset *a, struct outcome *o,
		   struct strbuf *explain)
{
	const struct inventory *inv = e->inv ? e->inv : e->env.inv;
	for (size_t i = 0; inv && i < inv->nwaivers; i++) {
		const struct waiver *w = &inv->waivers[i];
		if (strcmp(w->rule, r->info.id) != 0 || (w->asset && strcmp(w->asset, a->id) != 0))
			continue;
		if (!explain && e->waiver_used)
			e->waiver_used[i] = true;
		char d[11];
		date_format(w->expires, d);
		bool valid = e->as_of <= w->expires;
		if (explain)
			sb_printf(explain, "      waiver %s:%d (%s, approved by %s): %s %s\n", w->file, w->line,
				  w->reason, w->approver, valid ? "applies until" : "expired on", d);
		if (o->status != FS_OPEN)
			continue;
		if (valid) {
			o->status = FS_WAIVED;
			sb_reset(&o->note);
			sb_printf(&o->note, "waived until %s by %s: %s (%s:%d)", d, w->approver, w->reason,
				  w->file, w->line);
		} else {
			sep(&o->note);
			sb_printf(&o->note, "waiver %s:%d expired on %s", w->file, w->line, d);
		}
	}
}

void rule_outcome(struct engine *e, const struct policy *p, const struct rule *r,
		  const struct asset *a, struct outcome *o, struct strbuf *explain)
{
	o->status = FS_OPEN;
	o->severity = r->info.severity;
	o->note = (struct strbuf)STRBUF_INIT;
	if (r->kind == RK_JUSTIFICATION)
		justification(e, p, r, a, o, explain);
	waiver(e, r, a, o, explain);
}
