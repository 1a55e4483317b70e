/* The report model: the records of a run, findings added through the
 * sink (report_emit) or copied from another report, and finishing -- the
 * order, the summary and the verdict -- plus what people are shown of a
 * fleet (report_listing). What findings share lives in pool.c, their
 * order and report_keep's heaps in order.c; writers in write_*.c.
 *
 * Must never: let a caller see how a finding is stored (its message is
 * read through report_message), or keep a pointer into a caller's memory
 * other than the file names of findings. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

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

struct report_store *report_store_of(struct report *r)
{
	if (!r->store) {
		r->store = xcalloc(1, sizeof(*r->store));
		r->store->pool = pool_new();
	}
	return r->store;
}

void report_free(struct report *r)
{
	struct report_store *st = r->store;
	if (st) {
		if (st->findings_mapped) {
			big_free(r->findings, r->capf * sizeof(*r->findings));
			r->findings = NULL;
		}
		pool_free(st->pool);
		keep_free(st->keep);
		free(st);
	}
	free(r->inputs);
	free(r->policies);
	free(r->rules);
	free(r->params);
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
	ri->skipped = cp(r, t->skipped);
	ri->skipped_detail = cp(r, t->skipped_detail);
	if (t->nwindows) {
		cg_date *w = arena_alloc(&r->arena, sizeof(*w) * 2 * t->nwindows);
		memcpy(w, t->windows, sizeof(*w) * 2 * t->nwindows);
		ri->windows = w;
	}
	XGROW(r->rules, r->capr, r->nrules + 1);
	r->rules[r->nrules++] = ri;
	return ri;
}

void report_add_param(struct report *r, const struct report_param *p)
{
	XGROW(r->params, r->capparams, r->nparams + 1);
	struct report_param *n = &r->params[r->nparams++];
	*n = *p;
	n->policy = cp(r, p->policy);
	n->name = cp(r, p->name);
	n->type = cp(r, p->type);
	n->value = cp(r, p->value);
	n->dflt = cp(r, p->dflt);
}

const struct rule_info *report_find_rule(const struct report *r, const char *policy, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i]->id, id) == 0 &&
		    (!policy || strcmp(r->rules[i]->policy, policy) == 0))
			return r->rules[i];
	return NULL;
}

void report_add_asset(struct report *r, long long quantity)
{
	r->assets++;
	r->units += quantity;
}

void report_add_exposure(struct report *r, const struct exposure_row *e)
{
	XGROW(r->exposure, r->cape, r->nexposure + 1);
	struct exposure_row *n = &r->exposure[r->nexposure++];
	*n = *e;
	n->policy = cp(r, e->policy);
	n->rule = cp(r, e->rule);
	n->group = cp(r, e->group);
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void report_add_origin(struct report *r, const char *jurisdiction, const char *origin, bool foreign,
		       long long units, double tpp)
{
	struct origin_row *o = NULL;
	struct report_store *p = report_store_of(r);
	struct ocache *oc =
	    &p->ocache[(hmap_hash_ptr(jurisdiction) ^ hmap_hash_ptr(origin) * 3) >> 58];
	if (oc->row && oc->jurisdiction == jurisdiction && oc->origin == origin)
		o = &r->origins[oc->row - 1];
	/* rows are unique by (jurisdiction, origin): try the last one used first */
	size_t last = p->last_origin;
	if (!o && last < r->norigins && same(r->origins[last].jurisdiction, jurisdiction) &&
	    same(r->origins[last].origin, origin))
		o = &r->origins[last];
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
	p->last_origin = (size_t)(o - r->origins);
	oc->jurisdiction = jurisdiction;
	oc->origin = origin;
	oc->row = p->last_origin + 1;
	o->units += units;
	if (isnan(tpp))
		o->units_tpp_unknown += units;
	else
		o->tpp += tpp * (double)units;
}

/* ---- findings ----------------------------------------------------------------- */

const struct report_evidence *report_evidence(struct report *r, const struct evidence *ev, size_t n)
{
	return n ? pool_evidence(report_store_of(r)->pool, ev, n) : NULL;
}

const struct report_template *report_template(struct report *r, const char *const *part, size_t n)
{
	return pool_template(report_store_of(r)->pool, part, n);
}

const struct finding_ctx *report_store_ctx(struct report *r, const struct finding_ctx *c)
{
	struct report_pool *p = report_store_of(r)->pool;
	/* every member set, so that no padding differs */
	struct finding_ctx s;
	memset(&s, 0, sizeof(s));
	s.rule = c->rule;
	s.group = pool_intern(p, c->group);
	s.file = c->file;
	s.note = pool_intern(p, c->note);
	s.ev = c->ev;
	s.nev = c->nev;
	s.tmpl = c->tmpl;
	return pool_ctx(p, &s);
}

/* Room for one finding more: doubling, in big blocks (see big_alloc),
 * which report_free unmaps. */
static struct finding *next_finding(struct report *r)
{
	struct report_store *st = report_store_of(r);
	if (r->nfindings + 1 > r->capf) {
		size_t ncap = r->capf ? r->capf * 2 : 1024;
		struct finding *nv;
		if (st->findings_mapped) {
			nv = big_grow(r->findings, r->capf * sizeof(*nv), ncap * sizeof(*nv));
		} else {
			nv = big_alloc(ncap * sizeof(*nv));
			if (r->nfindings)
				memcpy(nv, r->findings, r->nfindings * sizeof(*nv));
			free(r->findings);
		}
		r->findings = nv;
		r->capf = ncap;
		st->findings_mapped = true;
	}
	return &r->findings[r->nfindings++];
}

/* Add finding F with context C (group and note not stored yet) and its
 * message: TEXT, or the VALUES (VLEN bytes) of C's template. */
static void add_finding(struct report *r, const struct finding *f, const struct finding_ctx *c,
			const char *text, const char *values, size_t vlen)
{
	if (r->keep) {
		report_count(r, f);
		keep_offer(r, f, c, text, values, vlen);
		return;
	}
	struct report_store *st = report_store_of(r);
	struct finding *n = next_finding(r);
	*n = *f;
	/* consecutive findings of one asset share its stored id */
	if (f->asset && st->last_asset && strcmp(st->last_asset, f->asset) == 0)
		n->asset = st->last_asset;
	else
		n->asset = st->last_asset =
			f->asset ? pool_pack(st->pool, f->asset, strlen(f->asset)) : NULL;
	if (values) /* packing adds the last NUL */
		n->msg = msg_of(vlen ? pool_pack(st->pool, values, vlen - 1) : "");
	else
		n->msg = text ? msg_of(pool_pack(st->pool, text, strlen(text))) : NULL;
	n->ctx = report_store_ctx(r, c);
}

void report_emit(struct report *r, const struct report_emit *in)
{
	const struct report_evidence *ev = in->stored_ev;
	if (!ev && in->nev)
		ev = report_evidence(r, in->ev, in->nev);
	struct finding_ctx c;
	memset(&c, 0, sizeof(c));
	c.rule = in->rule;
	c.group = in->group;
	c.file = in->file;
	c.note = in->note;
	c.ev = ev ? ev->ev : NULL;
	c.nev = ev ? ev->n : 0;
	c.tmpl = in->tmpl;
	struct finding f = {.ctx = &c,
			    .asset = in->asset,
			    .line = in->line,
			    .severity = (unsigned char)in->severity,
			    .status = (unsigned char)in->status};
	if (in->tmpl)
		add_finding(r, &f, &c, NULL, in->values ? in->values : "", in->values_len);
	else
		add_finding(r, &f, &c, in->text, NULL, 0);
}

bool report_count_dropped(struct report *r, const struct report_emit *in)
{
	if (!r->keep || !keep_drops(r, in))
		return false;
	report_count_as(r, in->severity, in->status, in->rule);
	return true;
}

void report_add_finding(struct report *r, const struct finding *f)
{
	struct strbuf text = STRBUF_INIT;
	report_put_message(&text, f);
	struct report_emit e = {.rule = f->ctx->rule,
				.severity = (enum severity)f->severity,
				.status = (enum fstatus)f->status,
				.asset = f->asset,
				.group = f->ctx->group,
				.file = f->ctx->file,
				.line = f->line,
				.note = f->ctx->note,
				.ev = f->ctx->ev,
				.nev = f->ctx->nev,
				.text = f->msg ? sb_str(&text) : NULL};
	report_emit(r, &e);
	sb_release(&text);
}

void report_keep(struct report *r, size_t per_severity)
{
	report_store_of(r);
	r->keep = per_severity;
}

void report_put_message(struct strbuf *sb, const struct finding *f)
{
	if (!f->msg)
		return;
	const struct report_template *t = f->ctx->tmpl;
	if (!t) {
		sb_puts(sb, msg_text(f));
		return;
	}
	const char *value = msg_text(f);
	for (size_t i = 0; i < t->n; i++) {
		if (t->part[i] == REPORT_PART_ASSET) {
			if (f->asset)
				sb_puts(sb, f->asset);
		} else if (t->part[i]) {
			sb_add(sb, t->part[i], t->len[i]);
		} else {
			size_t l = strlen(value);
			sb_add(sb, value, l);
			value += l + 1;
		}
	}
}

const char *report_message(const struct finding *f, struct strbuf *scratch)
{
	if (!f->ctx->tmpl || !f->msg)
		return msg_text(f);
	sb_reset(scratch);
	report_put_message(scratch, f);
	return sb_str(scratch);
}

/* ---- finishing --------------------------------------------------------------- */

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
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

/* The summary: F counted. */
void report_count(struct report *r, const struct finding *f)
{
	report_count_as(r, (enum severity)f->severity, (enum fstatus)f->status, f->ctx->rule);
}

void report_count_as(struct report *r, enum severity sev, enum fstatus status,
		     const struct rule_info *rule)
{
	r->total[sev <= SEV_ERROR ? sev : SEV_ERROR]++;
	switch (status) {
	case FS_OPEN:
		r->open[sev]++;
		/* a watch rule's findings never fail the verdict */
		if (sev >= r->fail_on && !rule->watch)
			r->failed = true;
		break;
	case FS_WAIVED: r->waived++; break;
	case FS_JUSTIFIED: r->justified++; break;
	case FS_BASELINE: r->baseline++; break;
	}
}

void report_finish(struct report *r)
{
	if (r->keep) {
		keep_gather(r); /* counted as they came: most were not kept */
	} else {
		memset(r->open, 0, sizeof(r->open));
		memset(r->total, 0, sizeof(r->total));
		r->waived = r->justified = r->baseline = 0;
		r->failed = false;
		for (size_t i = 0; i < r->nfindings; i++)
			report_count(r, &r->findings[i]);
		order_sort(r);
	}
	if (r->nexposure)
		qsort(r->exposure, r->nexposure, sizeof(*r->exposure), exposure_cmp);
	if (r->norigins)
		qsort(r->origins, r->norigins, sizeof(*r->origins), origin_cmp);
	if (r->store) { /* the rows moved */
		memset(r->store->ocache, 0, sizeof(r->store->ocache));
		r->store->last_origin = 0;
	}
	if (r->nrules)
		qsort(r->rules, r->nrules, sizeof(*r->rules), rule_cmp);
}

/* ---- what people are shown of a fleet ----------------------------------------- */

size_t report_max_findings(const struct report_view *view, size_t dflt)
{
	return view && view->max_findings ? view->max_findings : dflt;
}

void report_listing(const struct report *r, size_t max, struct report_listing *l)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
	/* findings are sorted by severity first: each severity's are a run */
	size_t open[3] = {0}, other[3] = {0};
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		int s = f->severity <= SEV_ERROR ? f->severity : SEV_ERROR;
		if (f->status == FS_OPEN)
			open[s]++;
		else
			other[s]++;
	}
	for (int s = 0; s < 3; s++) {
		size_t want_open = open[s] < max ? open[s] : max;
		size_t room = max - want_open;
		size_t want_other = other[s] < room ? other[s] : room;
		l->listed[s] = want_open + want_other;
		l->open_left[s] = r->open[s] > want_open ? r->open[s] - want_open : 0;
		/* the index just past the last one listed of each class */
		size_t seen_open = 0, seen_other = 0;
		for (size_t i = 0; i < r->nfindings && (seen_open < want_open || seen_other < want_other);
		     i++) {
			const struct finding *f = &r->findings[i];
			if ((f->severity <= SEV_ERROR ? f->severity : SEV_ERROR) != s)
				continue;
			if (f->status == FS_OPEN && seen_open < want_open && ++seen_open == want_open)
				l->end[s][0] = i + 1;
			else if (f->status != FS_OPEN && seen_other < want_other &&
				 ++seen_other == want_other)
				l->end[s][1] = i + 1;
		}
	}
}

size_t report_left_out(const struct report *r, const struct report_listing *l)
{
	size_t n = 0;
	for (int s = 0; s < 3; s++)
		n += r->total[s] - l->listed[s];
	return n;
}

void report_thousands(struct strbuf *sb, unsigned long long v)
{
	char d[32];
	int n = snprintf(d, sizeof(d), "%llu", v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_putc(sb, ',');
		sb_putc(sb, d[i]);
	}
}

void report_left_out_line(struct strbuf *sb, const struct report *r, const struct report_listing *l)
{
	size_t left = report_left_out(r, l), open = 0;
	if (!left)
		return;
	sb_puts(sb, "\xE2\x80\xA6 and ");
	report_thousands(sb, left);
	sb_printf(sb, " more finding%s not listed (", left == 1 ? "" : "s");
	bool first = true;
	for (int s = SEV_ERROR; s >= SEV_INFO; s--) {
		size_t n = r->total[s] - l->listed[s];
		open += l->open_left[s];
		if (!n)
			continue;
		if (!first)
			sb_puts(sb, ", ");
		report_thousands(sb, n);
		sb_printf(sb, " %s", severity_name((enum severity)s));
		first = false;
	}
	sb_puts(sb, "; ");
	report_thousands(sb, open);
	sb_printf(sb, " of them open): at most ");
	report_thousands(sb, l->max);
	sb_puts(sb, " of each severity are listed, open ones first");
}

const char *report_finding_model(const struct finding *f)
{
	const char *model = NULL;
	for (size_t i = 0; i < f->ctx->nev; i++) {
		const struct evidence *e = &f->ctx->ev[i];
		if (e->type != EV_STR || !e->s)
			continue;
		if (strcmp(e->key, "chip") == 0)
			return e->s;
		if (strcmp(e->key, "model") == 0)
			model = e->s;
	}
	return model;
}

