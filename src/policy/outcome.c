/* Justifications and waivers (DESIGN §6): what happens to a finding once
 * its condition is true. A justification satisfies a requirement when
 * every required field is present and non-empty, it is in date on as_of
 * (approved_on not after as_of and within max_age_days, expires not
 * before as_of), the approver is not the requester, with
 * alternatives_domestic every named alternative is a catalog chip that is
 * domestic for the pack, and with signed_approval its approval envelope
 * verifies (approval.c). A stated need met by a named domestic
 * alternative leaves the finding open as a warning. A waiver in date
 * (as_of <= expires) turns an open finding into `waived`.
 *
 * The verdict on a record is structured (struct jverdict: a state and
 * every reason) so that the engine, explain and review judge with the one
 * function and differ only in how they word the result. Must never change
 * a note the engine has always written for the same input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy/engine_int.h"

/* ---- verdicts --------------------------------------------------------------- */

static const char *const jstate_names[JSTATE_COUNT] = {
    [JSTATE_MISSING] = "missing",
    [JSTATE_INCOMPLETE] = "incomplete",
    [JSTATE_INVALID] = "approval-invalid",
    [JSTATE_EXPIRED] = "expired",
    [JSTATE_AWAITING] = "awaiting-approval",
    [JSTATE_WEAK] = "weak",
    [JSTATE_EXPIRING] = "expiring",
    [JSTATE_APPROVED] = "approved",
};

const char *jstate_name(enum jstate s)
{
	return s >= 0 && s < JSTATE_COUNT ? jstate_names[s] : "?";
}

bool jstate_satisfied(enum jstate s)
{
	return s == JSTATE_APPROVED || s == JSTATE_EXPIRING;
}

void jverdict_add(struct jverdict *v, enum jstate state, const char *field, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	XGROW(v->reasons, v->cap, v->nreasons + 1);
	v->reasons[v->nreasons++] = (struct jreason){state, field, sb_detach(&sb)};
	if (state < v->state)
		v->state = state;
}

void jverdict_release(struct jverdict *v)
{
	for (size_t i = 0; i < v->nreasons; i++)
		free(v->reasons[i].text);
	free(v->reasons);
	memset(v, 0, sizeof(*v));
	v->valid_until = CG_DATE_NONE;
}

void jverdict_reasons(const struct jverdict *v, struct strbuf *out)
{
	for (size_t i = 0; i < v->nreasons; i++) {
		if (i)
			sb_puts(out, "; ");
		sb_puts(out, v->reasons[i].text);
	}
}

/* ---- one record ---------------------------------------------------------------- */

static bool field_present(const struct justification *j, const char *name)
{
	for (size_t i = 0; i < j->nfields; i++) {
		const struct jfield *f = &j->fields[i];
		if (strcmp(f->name, name) != 0)
			continue;
		switch (f->type) {
		case JF_STRING:
			return f->str && f->str[0];
		case JF_LIST:
			return f->nlist > 0;
		default:
			return true;
		}
	}
	return false;
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

/* Does C meet every need J states? Writes the comparison into WHY. */
static bool meets_need(const struct justification *j, const struct chip *c, struct strbuf *why)
{
	struct {
		const char *name;
		double need, have;
	} n[] = {{"tflops_fp16", j->need_tflops_fp16, chip_tflops_fp16(c)},
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

/* The record's fields a justification knows by name: the typed ones and
 * those the rule requires. */
static bool known_field(const struct jreq *q, const char *name)
{
	static const char *const typed[] = {"asset",        "rule",     "reason",
	                                    "alternatives", "need",     "requested_by",
	                                    "approver",     "approved_on", "expires",
	                                    "approval"};
	for (size_t i = 0; i < CG_ARRAY_LEN(typed); i++)
		if (strcmp(typed[i], name) == 0)
			return true;
	for (size_t i = 0; i < q->nfields; i++)
		if (strcmp(q->fields[i], name) == 0)
			return true;
	return false;
}

/* A field of J, not one a justification knows, that is close to the
 * missing field WANT ("aproved_on" for "approved_on"); NULL when none. */
static const char *misspelt(const struct justification *j, const struct jreq *q,
                            const char *want)
{
	struct suggest s;
	suggest_init(&s, want);
	for (size_t i = 0; i < j->nfields; i++)
		if (!known_field(q, j->fields[i].name))
			suggest_offer(&s, j->fields[i].name);
	return s.best;
}

static bool required(const struct jreq *q, const char *field)
{
	for (size_t i = 0; i < q->nfields; i++)
		if (strcmp(q->fields[i], field) == 0)
			return true;
	return false;
}

/* A missing approver or approval date means the record waits for its
 * approval; any other missing field means it is incomplete. */
static enum jstate missing_state(const char *field)
{
	return strcmp(field, "approver") == 0 || strcmp(field, "approved_on") == 0
	           ? JSTATE_AWAITING
	           : JSTATE_INCOMPLETE;
}

static void check_dates(const struct engine *e, const struct jreq *q, const struct justification *j,
                        struct jverdict *v)
{
	char d1[11], d2[11];
	date_format(e->as_of, d2);
	if (j->approved_on != CG_DATE_NONE) {
		date_format(j->approved_on, d1);
		if (j->approved_on > e->as_of)
			jverdict_add(v, JSTATE_INVALID, "approved_on",
			             "approved_on %s is after as_of %s", d1, d2);
		else if (q->max_age_days >= 0 && e->as_of - j->approved_on > q->max_age_days)
			jverdict_add(v, JSTATE_EXPIRED, "approved_on",
			             "approved on %s, %d days before as_of (limit %lld)", d1,
			             (int)(e->as_of - j->approved_on), q->max_age_days);
	} else if (q->max_age_days >= 0) {
		jverdict_add(v, JSTATE_AWAITING, "approved_on",
		             "no approved_on date to check its age against");
	}
	if (j->expires != CG_DATE_NONE && e->as_of > j->expires) {
		date_format(j->expires, d1);
		jverdict_add(v, JSTATE_EXPIRED, "expires", "expired on %s", d1);
	}
	/* the last day in date, for "expiring" */
	v->valid_until = j->expires;
	if (q->max_age_days >= 0 && j->approved_on != CG_DATE_NONE) {
		cg_date age_end = (cg_date)(j->approved_on + q->max_age_days);
		if (v->valid_until == CG_DATE_NONE || age_end < v->valid_until)
			v->valid_until = age_end;
	}
}

static void check_alternatives(const struct engine *e, const struct policy *p,
                               const struct justification *j, struct jverdict *v)
{
	if (j->nalternatives == 0)
		jverdict_add(v, JSTATE_INCOMPLETE, "alternatives", "names no domestic alternative");
	for (size_t i = 0; i < j->nalternatives; i++) {
		const struct chip *c = alt_chip(e, j->alternatives[i]);
		int dom = c ? chip_is_domestic(p, c) : 0;
		if (!c)
			jverdict_add(v, JSTATE_INCOMPLETE, "alternatives",
			             "alternative '%s' is not in the catalog", j->alternatives[i]);
		else if (dom != 1)
			jverdict_add(v, JSTATE_INCOMPLETE, "alternatives",
			             "alternative '%s' (%s %s) is %s for %s", j->alternatives[i],
			             c->vendor->name, c->model,
			             dom < 0 ? "of unknown origin" : "not domestic",
			             p->jurisdiction);
	}
}

/* The first named domestic alternative that meets the stated need. */
static void check_need(const struct engine *e, const struct policy *p,
                       const struct justification *j, struct jverdict *v)
{
	for (size_t i = 0; i < j->nalternatives; i++) {
		const struct chip *c = alt_chip(e, j->alternatives[i]);
		struct strbuf cmp = STRBUF_INIT;
		bool met = c && chip_is_domestic(p, c) == 1 && meets_need(j, c, &cmp);
		if (met)
			jverdict_add(v, JSTATE_WEAK, "need",
			             "domestic alternative meets the stated need: %s %s (%s)",
			             c->vendor->name, c->model, cmp.buf);
		sb_release(&cmp);
		if (met)
			return;
	}
}

/* Judge record J against rule R of pack P on the engine's as_of. The
 * reasons come in a fixed order (fields, dates, requester, alternatives,
 * signed approval); the need is looked at only when nothing else fails. */
static void judge(const struct engine *e, const struct policy *p, const struct rule *r,
                  const struct justification *j, struct jverdict *v)
{
	const struct jreq *q = &r->jreq;
	memset(v, 0, sizeof(*v));
	v->state = JSTATE_APPROVED;
	v->j = j;
	for (size_t i = 0; i < q->nfields; i++) {
		if (field_present(j, q->fields[i]))
			continue;
		const char *near = misspelt(j, q, q->fields[i]);
		if (near)
			jverdict_add(v, missing_state(q->fields[i]), q->fields[i],
			             "missing '%s' (the record has '%s': did you mean '%s'?)",
			             q->fields[i], near, q->fields[i]);
		else
			jverdict_add(v, missing_state(q->fields[i]), q->fields[i], "missing '%s'",
			             q->fields[i]);
	}
	check_dates(e, q, j, v);
	if (j->approver && j->requested_by && strcasecmp(j->approver, j->requested_by) == 0)
		jverdict_add(v, JSTATE_INVALID, "approver", "approver '%s' is also the requester",
		             j->approver);
	if (q->alternatives_domestic)
		check_alternatives(e, p, j, v);
	if (q->signed_approval) {
		if ((j->approver && *j->approver) || p->napprovers == 0)
			approval_check(p, j, v);
		else if (!required(q, "approver"))
			jverdict_add(v, JSTATE_AWAITING, "approver",
			             "a signed approval needs an 'approver'");
	}
	if (v->nreasons)
		return;
	check_need(e, p, j, v);
	if (v->nreasons == 0 && v->valid_until != CG_DATE_NONE &&
	    v->valid_until - e->as_of <= JSTATE_EXPIRING_DAYS)
		v->state = JSTATE_EXPIRING;
}

/* How the engine ranks records: satisfied > weak > failing. */
static int rank(enum jstate s)
{
	return jstate_satisfied(s) ? 2 : s == JSTATE_WEAK ? 1 : 0;
}

/* Every record for (A, R) is judged; the best counts — one that satisfies
 * the requirement, else a weak one, else the first that fails (the order
 * chipgate-policy(5) documents). */
void jverdict_best(struct engine *e, const struct inventory *inv, const struct policy *p,
                   const struct rule *r, const struct asset *a, struct jverdict *v,
                   struct strbuf *explain, bool mark)
{
	struct jverdict cur;
	memset(v, 0, sizeof(*v));
	v->state = JSTATE_MISSING;
	v->valid_until = CG_DATE_NONE;
	size_t considered = 0;
	/* the records naming this asset and rule: from the index when it is
	 * this inventory's, else all of them read */
	bool indexed = inv && inv == e->indexed_inv;
	size_t i = indexed ? rec_index_first(&e->just_index,
					     rec_index_rule(&e->just_index, &r->info, r->info.id),
					     r->info.id, a->id)
			   : 0;
	for (; inv && (indexed ? i != SIZE_MAX : i < inv->njusts);
	     i = indexed ? e->just_index.next[i] : i + 1) {
		const struct justification *j = &inv->justs[i];
		if (strcmp(j->asset, a->id) != 0 || strcmp(j->rule, r->info.id) != 0)
			continue;
		considered++;
		if (mark && e->just_used)
			e->just_used[i] = true;
		judge(e, p, r, j, &cur);
		if (explain) {
			struct strbuf why = STRBUF_INIT;
			jverdict_reasons(&cur, &why);
			int k = rank(cur.state);
			sb_printf(explain, "      justification %s:%d: %s%s", j->file, j->line,
			          k == 2   ? "satisfies the requirement"
			          : k == 1 ? "weak: "
			                   : "fails: ",
			          k == 2 ? "" : sb_str(&why));
			if (cur.signer)
				sb_printf(explain, "; approval signed by %s (keyid %s)",
				          cur.signer, cur.signer_keyid);
			sb_putc(explain, '\n');
			sb_release(&why);
		}
		if (considered == 1 || rank(cur.state) > rank(v->state)) {
			jverdict_release(v);
			*v = cur;
		} else {
			jverdict_release(&cur);
		}
	}
	v->nrecords = considered;
	if (!considered) {
		jverdict_add(v, JSTATE_MISSING, NULL, "no justification on file");
		if (explain)
			sb_printf(explain, "      no justification for %s on %s\n", r->info.id,
			          a->id);
	}
}

/* ---- the engine's outcome --------------------------------------------------------- */

static void justification(struct engine *e, const struct policy *p, const struct rule *r,
                          const struct asset *a, struct outcome *o, struct strbuf *explain)
{
	const struct inventory *inv = e->inv ? e->inv : e->env.inv;
	struct jverdict v;
	jverdict_best(e, inv, p, r, a, &v, explain, !explain);
	const struct justification *bj = v.j;
	if (!bj) {
		jverdict_reasons(&v, &o->note);
	} else if (jstate_satisfied(v.state)) {
		char d[11] = "";
		o->status = FS_JUSTIFIED;
		sb_printf(&o->note, "justified by %s:%d", bj->file, bj->line);
		if (bj->approver)
			sb_printf(&o->note, ", approved by %s", bj->approver);
		if (v.signer)
			sb_puts(&o->note, " (signed approval verified)");
		if (bj->expires != CG_DATE_NONE) {
			date_format(bj->expires, d);
			sb_printf(&o->note, " until %s", d);
		}
	} else if (v.state == JSTATE_WEAK) {
		o->severity = o->severity < SEV_WARNING ? o->severity : SEV_WARNING;
		sb_printf(&o->note, "justification %s:%d is weak: ", bj->file, bj->line);
		jverdict_reasons(&v, &o->note);
	} else {
		sb_printf(&o->note,
		          "justification %s:%d does not satisfy the requirement: ", bj->file,
		          bj->line);
		jverdict_reasons(&v, &o->note);
	}
	jverdict_release(&v);
}

void rule_outcome(struct engine *e, const struct policy *p, const struct rule *r,
                  const struct asset *a, struct outcome *o, struct strbuf *explain)
{
	o->status = FS_OPEN;
	o->severity = r->info.severity;
	o->note = (struct strbuf)STRBUF_INIT;
	if (r->kind == RK_JUSTIFICATION)
		justification(e, p, r, a, o, explain);
	waiver_apply(e, &r->info, a->id, NULL, o, explain);
}
