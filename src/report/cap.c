/* The cap of a listing of findings (cap.h): SARIF's results (GitHub code
 * scanning takes 25,000 a run) and GitLab's Code Quality issues. Past the
 * cap, the errors -- open ones first -- stay entries of their own, as many
 * as leave room, and every other finding is counted into one aggregate per
 * key, at the finest grain whose aggregates fit.
 *
 * Must never: list more entries than the cap, lose a finding (each is
 * listed or counted once), or give an aggregate a fingerprint that
 * depends on its count. */
#include "report/cap.h"

#include <stdlib.h>
#include <string.h>

static bool is_error(const struct finding *f)
{
	return f->severity >= SEV_ERROR;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static bool included(const struct cap_plan *p, const struct finding *f)
{
	return !p->include || p->include(f);
}

/* F's group key at LEVEL, hashed. */
static uint64_t agg_hash(const struct finding *f, const char *model, int level)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)f->severity << 8 ^ f->status;
	if (level <= 1) {
		h = (h ^ hash_mem(f->ctx->rule->id, strlen(f->ctx->rule->id))) * 1099511628211ULL;
		h = (h ^ hash_mem(f->ctx->rule->policy, strlen(f->ctx->rule->policy))) *
		    1099511628211ULL;
	}
	if (level == 0 && model)
		h = (h ^ hash_mem(model, strlen(model))) * 1099511628211ULL;
	return level == 3 ? 1 : h;
}

static bool agg_same(const struct cap_agg *a, const struct finding *f, const char *model,
		     int level)
{
	if (level == 3)
		return true;
	const struct finding *b = a->first;
	if (b->severity != f->severity || b->status != f->status)
		return false;
	if (level >= 2)
		return true;
	if (b->ctx->rule != f->ctx->rule && (strcmp(b->ctx->rule->id, f->ctx->rule->id) != 0 ||
					     strcmp(b->ctx->rule->policy, f->ctx->rule->policy) != 0))
		return false;
	return level == 1 || strcmp0(a->model, model) == 0;
}

static void clear_groups(struct cap_plan *p)
{
	free(p->g);
	hmap_release(&p->index);
	p->g = NULL;
	p->ng = p->capg = 0;
}

/* Count finding I of R into its group at level P->level. */
static void agg_add(struct cap_plan *p, const struct report *r, size_t i)
{
	const struct finding *f = &r->findings[i];
	const char *model = p->level == 0 ? report_finding_model(f) : NULL;
	uint64_t h = agg_hash(f, model, p->level);
	hmap_reserve(&p->index, p->ng + 1);
	struct hmap_probe pr = hmap_probe(&p->index, h ^ (h >> 32));
	for (size_t k; (k = hmap_next(&p->index, &pr)) != HMAP_NONE;) {
		struct cap_agg *a = &p->g[k];
		if (a->hash == h && agg_same(a, f, model, p->level)) {
			a->count++;
			a->open += f->status == FS_OPEN;
			if (a->nassets < CAP_AGG_ASSETS)
				a->assets[a->nassets++] = i;
			return;
		}
	}
	XGROW(p->g, p->capg, p->ng + 1);
	struct cap_agg *a = &p->g[p->ng];
	memset(a, 0, sizeof(*a));
	a->first = f;
	a->model = model;
	a->count = 1;
	a->open = f->status == FS_OPEN;
	a->assets[a->nassets++] = i;
	a->hash = h;
	hmap_put(&p->index, &pr, p->ng++);
}

static int agg_cmp(const void *pa, const void *pb)
{
	const struct cap_agg *a = pa, *b = pb;
	/* report order of their first findings: severity, rule, ... */
	return a->first < b->first ? -1 : a->first > b->first;
}

/* The number of groups the included findings that are errors (ERRORS) or
 * not make at P->level. */
static size_t count_groups(struct cap_plan *p, const struct report *r, bool errors)
{
	clear_groups(p);
	for (size_t i = 0; i < r->nfindings; i++)
		if (included(p, &r->findings[i]) && is_error(&r->findings[i]) == errors)
			agg_add(p, r, i);
	return p->ng;
}

void cap_plan(struct cap_plan *p, const struct report *r, size_t cap,
	      bool (*include)(const struct finding *f))
{
	memset(p, 0, sizeof(*p));
	p->cap = cap;
	p->include = include;
	size_t n = 0, nerr = 0;
	p->first_own = r->nfindings;
	for (size_t i = 0; i < r->nfindings; i++)
		if (included(p, &r->findings[i])) {
			if (p->first_own == r->nfindings)
				p->first_own = i;
			n++;
			nerr += is_error(&r->findings[i]);
		}
	if (p->cap == REPORT_NO_CAP || n <= p->cap) {
		p->nown = n;
		return;
	}
	p->capped = true;
	p->own = xcalloc(r->nfindings + 1, 1);
	size_t keep = 0;
	for (p->level = 0; p->level <= 3; p->level++) {
		size_t other = count_groups(p, r, false), err = count_groups(p, r, true);
		if (nerr + other <= p->cap) {
			keep = nerr; /* every error, and room for the rest's groups */
			break;
		}
		if (other + err < p->cap) { /* the errors' groups bound those of the errors left */
			keep = p->cap - other - err;
			break;
		}
	}
	if (p->level > 3) { /* a cap of an entry or two: one aggregate of everything */
		p->level = 3;
		keep = p->cap > 1 ? p->cap - 1 : 0;
	}
	/* the errors kept: open ones first, then the others, in report order */
	for (int pass = 0; pass < 2 && p->nown < keep; pass++)
		for (size_t i = 0; i < r->nfindings && p->nown < keep; i++) {
			const struct finding *f = &r->findings[i];
			if (included(p, f) && is_error(f) && (f->status == FS_OPEN) == (pass == 0)) {
				p->own[i] = 1;
				p->nown++;
			}
		}
	clear_groups(p);
	for (size_t i = 0; i < r->nfindings; i++)
		if (!p->own[i] && included(p, &r->findings[i]))
			agg_add(p, r, i);
	qsort(p->g, p->ng, sizeof(*p->g), agg_cmp);
	p->first_own = r->nfindings;
	for (size_t i = 0; i < r->nfindings && p->first_own == r->nfindings; i++)
		if (p->own[i])
			p->first_own = i;
}

void cap_plan_free(struct cap_plan *p)
{
	free(p->own);
	clear_groups(p);
}

bool cap_own(const struct cap_plan *p, const struct report *r, size_t i)
{
	if (p->capped)
		return p->own[i];
	return included(p, &r->findings[i]);
}

void cap_agg_fingerprint(const struct cap_plan *p, const struct cap_agg *a,
			 char hex[SHA256_HEX_LEN + 1])
{
	const struct finding *f = a->first;
	struct strbuf t = STRBUF_INIT;
	sb_printf(&t, "%s%c%s%c%d%c%s%c%s", p->level <= 1 ? f->ctx->rule->policy : "", 0,
		  p->level <= 1 ? f->ctx->rule->id : "", 0, p->level, 0,
		  severity_name(f->severity), 0, fstatus_name(f->status));
	if (a->model) {
		sb_putc(&t, '\0');
		sb_puts(&t, a->model);
	}
	sha256_hex(t.buf, t.len, hex);
	sb_release(&t);
}

void cap_agg_text(const struct cap_plan *p, const struct cap_agg *a, const struct report *r,
		  const char *what, const char *entries, struct strbuf *t)
{
	const struct finding *f = a->first;
	report_thousands(t, a->count);
	sb_printf(t, " %s finding%s", fstatus_name(f->status), a->count == 1 ? "" : "s");
	if (p->level <= 1)
		sb_printf(t, " of %s", f->ctx->rule->id);
	if (a->model)
		sb_printf(t, " on %s", a->model);
	sb_printf(t, ", not listed one by one: the %s is capped at ", what);
	report_thousands(t, p->cap);
	sb_printf(t, " %s (--max-results); the first: ", entries);
	for (size_t k = 0; k < a->nassets; k++) {
		const struct finding *x = &r->findings[a->assets[k]];
		sb_puts(t, k ? ", " : "");
		sb_puts(t, x->asset ? x->asset : x->ctx->group ? x->ctx->group : "?");
	}
	if (a->count > a->nassets)
		sb_puts(t, ", ...");
}

const char *cap_grain(const struct cap_plan *p)
{
	return p->level == 0   ? "rule and catalog model"
	       : p->level == 1 ? "rule"
	       : p->level == 2 ? "level and status"
			       : "run";
}
