/* The report model: building, sorting, summarising. Writers live in
 * write_json.c and write_text.c (and one file per further format). */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = {"info", "warning", "error", "never"};
static const char *const status_names[] = {"open", "waived", "justified", "baseline"};

const char *severity_name(enum severity s)
{
	return s >= SEV_INFO && s <= SEV_NEVER ? sev_names[s] : "?";
}

int severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i <= SEV_NEVER; i++)
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

const char *fstatus_name(enum fstatus s)
{
	return s >= FS_OPEN && s <= FS_BASELINE ? status_names[s] : "?";
}

int fstatus_parse(const char *s, enum fstatus *out)
{
	for (int i = 0; i <= FS_BASELINE; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum fstatus)i;
			return 0;
		}
	return -1;
}

void report_init(struct report *r, cg_date as_of, long long generated_at, enum severity fail_on)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	date_format(as_of, r->as_of);
	time_format_utc(generated_at, r->generated_at);
	r->fail_on = fail_on;
}

void report_free(struct report *r)
{
	free(r->inputs);
	free(r->policies);
	free(r->rules);
	free(r->findings);
	free(r->exposure);
	free(r->origins);
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

static const char *cp(struct report *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

void report_add_input(struct report *r, const char *path, const char *role, const char *sha256)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i].path, path) == 0 && strcmp(r->inputs[i].role, role) == 0)
			return;
	XGROW(r->inputs, r->capi, r->ninputs + 1);
	struct report_input *in = &r->inputs[r->ninputs++];
	in->path = cp(r, path);
	in->role = cp(r, role);
	memcpy(in->sha256, sha256, SHA256_HEX_LEN + 1);
}

void report_add_policy(struct report *r, const char *id, const char *title, const char *version,
		       const char *jurisdiction)
{
	XGROW(r->policies, r->capp, r->npolicies + 1);
	struct report_policy *p = &r->policies[r->npolicies++];
	p->id = cp(r, id);
	p->title = cp(r, title);
	p->version = cp(r, version);
	p->jurisdiction = cp(r, jurisdiction);
}

struct rule_info *report_add_rule(struct report *r, const struct rule_info *t)
{
	struct rule_info *ri = arena_alloc(&r->arena, sizeof(*ri));
	*ri = *t;
	ri->id = cp(r, t->id);
	ri->policy = cp(r, t->policy);
	ri->title = cp(r, t->title);
	ri->kind = cp(r, t->kind);
	ri->when = cp(r, t->when);
	ri->remediation = cp(r, t->remediation);
	ri->file = cp(r, t->file);
	ri->references = arena_alloc(&r->arena, sizeof(char *) * (t->nreferences + 1));
	for (size_t i = 0; i < t->nreferences; i++)
		ri->references[i] = cp(r, t->references[i]);
	XGROW(r->rules, r->capr, r->nrules + 1);
	r->rules[r->nrules++] = ri;
	return ri;
}

const struct rule_info *report_find_rule(const struct report *r, const char *policy, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i]->id, id) == 0 &&
		    (!policy || strcmp(r->rules[i]->policy, policy) == 0))
			return r->rules[i];
	return NULL;
}

struct finding *report_add_finding(struct report *r, const struct finding *f)
{
	XGROW(r->findings, r->capf, r->nfindings + 1);
	struct finding *n = &r->findings[r->nfindings++];
	*n = *f;
	n->asset = cp(r, f->asset);
	n->group = cp(r, f->group);
	n->message = cp(r, f->message);
	n->note = cp(r, f->note);
	if (f->nev) {
		n->ev = arena_alloc(&r->arena, sizeof(*n->ev) * f->nev);
		for (size_t i = 0; i < f->nev; i++) {
			n->ev[i] = f->ev[i];
			n->ev[i].key = cp(r, f->ev[i].key);
			n->ev[i].s = f->ev[i].type == EV_STR ? cp(r, f->ev[i].s) : NULL;
		}
	}
	return n;
}

struct exposure_row *report_add_exposure(struct report *r, const struct exposure_row *e)
{
	XGROW(r->exposure, r->cape, r->nexposure + 1);
	struct exposure_row *n = &r->exposure[r->nexposure++];
	*n = *e;
	n->policy = cp(r, e->policy);
	n->rule = cp(r, e->rule);
	n->group = cp(r, e->group);
	return n;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void report_add_origin(struct report *r, const char *jurisdiction, const char *origin, bool foreign,
		       long long units, double tpp)
{
	struct origin_row *o = NULL;
	for (size_t i = 0; i < r->norigins && !o; i++)
		if (same(r->origins[i].jurisdiction, jurisdiction) && same(r->origins[i].origin, origin))
			o = &r->origins[i];
	if (!o) {
		XGROW(r->origins, r->capo, r->norigins + 1);
		o = &r->origins[r->norigins++];
		memset(o, 0, sizeof(*o));
		o->jurisdiction = cp(r, jurisdiction);
		o->origin = cp(r, origin);
		o->foreign = foreign;
	}
	o->units += units;
	if (isnan(tpp))
		o->units_tpp_unknown += units;
	else
		o->tpp += tpp * (double)units;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->rule->id, b->rule->id)) != 0 ||
	    (c = strcmp(a->rule->policy, b->rule->policy)) != 0 || (c = strcmp0(a->asset, b->asset)) != 0 ||
	    (c = strcmp0(a->group, b->group)) != 0 || (c = strcmp0(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	return strcmp0(a->message, b->message);
}

static int exposure_cmp(const void *pa, const void *pb)
{
	const struct exposure_row *a = pa, *b = pb;
	int c;
	if ((c = strcmp(a->policy, b->policy)) != 0 || (c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->group, b->group);
}

static int origin_cmp(const void *pa, const void *pb)
{
	const struct origin_row *a = pa, *b = pb;
	int c = strcmp0(a->jurisdiction, b->jurisdiction);
	return c ? c : strcmp0(a->origin, b->origin);
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct rule_info *a = *(const struct rule_info *const *)pa,
			       *b = *(const struct rule_info *const *)pb;
	int c = strcmp(a->policy, b->policy);
	return c ? c : strcmp(a->id, b->id);
}

void report_finish(struct report *r)
{
	if (r->nfindings)
		qsort(r->findings, r->nfindings, sizeof(*r->findings), finding_cmp);
	if (r->nexposure)
		qsort(r->exposure, r->nexposure, sizeof(*r->exposure), exposure_cmp);
	if (r->norigins)
		qsort(r->origins, r->norigins, sizeof(*r->origins), origin_cmp);
	if (r->nrules)
		qsort(r->rules, r->nrules, sizeof(*r->rules), rule_cmp);
	memset(r->open, 0, sizeof(r->open));
	r->waived = r->justified = r->baseline = 0;
	r->failed = false;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		switch (f->status) {
		case FS_OPEN:
			r->open[f->severity]++;
			if (f->severity >= r->fail_on)
				r->failed = true;
			break;
		case FS_WAIVED: r->waived++; break;
		case FS_JUSTIFIED: r->justified++; break;
		case FS_BASELINE: r->baseline++; break;
		}
	}
}
