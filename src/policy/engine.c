/* The engine: evaluates compiled packs against assets and fills the
 * report. Per asset it resolves the chip (cached per model text), records
 * units and TPP by origin, then applies every rule of every pack in force:
 * a true condition is a finding, which a valid justification turns into
 * `justified` and a waiver in date into `waived`; a null condition is
 * indeterminate and said so. Exposure rules accumulate per group and are
 * decided in engine_finish(). Findings go to the report through its sink
 * (report/sink.h) only.
 *
 * Allocation on the per-asset path happens only to record a finding or a
 * new group, model or signature; everything else reuses the engine's
 * buffers. Justifications and waivers are looked up by asset and rule
 * (records.c), never read in full per finding. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

/* ---- model cache ----------------------------------------------------------- */

/* The cache's entry for model text MODEL, whose hash_mem is HASH, made
 * (matched against the catalog) when the text is new. Valid until the
 * next new model text. */
static struct model_entry *model_entry_hashed(struct engine *e, const char *model, uint64_t hash)
{
	hmap_reserve(&e->model_index, e->nmodels + 1);
	struct hmap_probe p = hmap_probe(&e->model_index, hash);
	for (size_t i; (i = hmap_next(&e->model_index, &p)) != HMAP_NONE;)
		if (strcmp(e->models[i].model, model) == 0)
			return &e->models[i];
	size_t len = strlen(model);
	XGROW(e->models, e->capmodels, e->nmodels + 1);
	struct model_entry *me = &e->models[e->nmodels];
	memset(me, 0, sizeof(*me));
	me->model = arena_strndup(&e->arena, model, len);
	catalog_match(e->cat, model, &me->m);
	if (me->m.kind == MATCH_NONE)
		me->suggest = catalog_suggest(e->cat, model);
	hmap_put(&e->model_index, &p, e->nmodels++);
	return me;
}

static struct model_entry *model_entry(struct engine *e, const char *model)
{
	return model_entry_hashed(e, model, hash_mem(model, strlen(model)));
}

/* A's model's entry, by the hash its reader made when it did. */
static struct model_entry *asset_model(struct engine *e, const struct asset *a)
{
	return a->hashed ? model_entry_hashed(e, a->model, a->model_hash) : model_entry(e, a->model);
}

const struct chip *engine_resolve(struct engine *e, const char *model, struct catalog_match *m)
{
	const struct model_entry *me = model_entry(e, model);
	if (m)
		*m = me->m;
	e->last_model = me->model;
	return me->m.chip;
}

/* ---- construction ---------------------------------------------------------- */

static const struct rule_info builtin[BI_COUNT] = {
	[BI_UNKNOWN_MODEL] = {.id = "CG-UNKNOWN-MODEL", .policy = "chipgate", .kind = "builtin",
			      .title = "Model not in the catalog", .severity = SEV_ERROR,
			      .remediation = "Fix the model name, or describe the chip in a user catalog (-C FILE).",
			      .enabled = true, .in_force = true},
	[BI_AMBIGUOUS_MODEL] = {.id = "CG-AMBIGUOUS-MODEL", .policy = "chipgate", .kind = "builtin",
				.title = "Model name matches several catalog chips", .severity = SEV_ERROR,
				.remediation = "Use the catalog id or a more specific model name.",
				.enabled = true, .in_force = true},
	[BI_STALE_WAIVER] = {.id = "CG-STALE-WAIVER", .policy = "chipgate", .kind = "builtin",
			     .title = "Waiver matches no finding", .severity = SEV_WARNING,
			     .remediation = "Remove the waiver, or correct its rule and asset.",
			     .enabled = true, .in_force = true},
	[BI_WAIVER_EXPIRING] = {.id = "CG-WAIVER-EXPIRING", .policy = "chipgate", .kind = "builtin",
				.title = "Waiver expires within 30 days", .severity = SEV_INFO,
				.remediation = "Renew the waiver or fix the finding before it expires.",
				.enabled = true, .in_force = true},
	[BI_STALE_JUSTIFICATION] = {.id = "CG-STALE-JUSTIFICATION", .policy = "chipgate", .kind = "builtin",
				    .title = "Justification matches no requirement", .severity = SEV_INFO,
				    .remediation = "Remove it, or correct its rule and asset.",
				    .enabled = true, .in_force = true},
	[BI_IDENTITY_CONFLICT] = {.id = "CG-IDENTITY-CONFLICT", .policy = "chipgate", .kind = "builtin",
				  .title = "Reported memory contradicts the model",
				  .severity = SEV_WARNING,
				  .remediation = "Check the part's identity (markings, PCI ids, firmware): a "
						 "relabelled or misreported accelerator may be another chip.",
				  .enabled = true, .in_force = true},
	[BI_UNKNOWN_SITE] = {.id = "CG-UNKNOWN-SITE", .policy = "chipgate", .kind = "builtin",
			     .title = "Asset names a site the sites list lacks", .severity = SEV_WARNING,
			     .remediation = "Add the site to the inventory's sites (or the --sites file), "
					    "or correct the asset's site: until then every site.* fact of the "
					    "asset is unknown.",
			     .enabled = true, .in_force = true},
	[BI_STALE_PACK] = {.id = "CG-STALE-PACK", .policy = "chipgate", .kind = "builtin",
			   .title = "Policy pack past its review date", .severity = SEV_WARNING,
			   .remediation = "Check the pack's rules against their sources as of the evaluation "
					  "date and update it (and its 'reviewed' and 'review_by'), or use a "
					  "newer pack.",
			   .enabled = true, .in_force = true},
};

/* ---- when a rule applies ------------------------------------------------------ */

const char *rule_skip(const struct engine *e, const struct policy *p, const struct rule *r,
		      struct strbuf *detail)
{
	char d1[11], d2[11];
	if (p->effective != CG_DATE_NONE && e->as_of < p->effective) {
		date_format(p->effective, d1);
		if (detail)
			sb_printf(detail, "the pack is in force from %s", d1);
		return "pack-not-effective";
	}
	if (!r->enabled) {
		if (detail)
			sb_puts(detail, "off unless --enable names it");
		return "disabled";
	}
	if (!r->nwindows)
		return NULL;
	for (size_t i = 0; i < r->nwindows; i++) {
		const struct window *w = &r->windows[i];
		if ((w->from == CG_DATE_NONE || e->as_of >= w->from) &&
		    (w->until == CG_DATE_NONE || e->as_of < w->until))
			return NULL;
	}
	const struct window *first = &r->windows[0], *last = &r->windows[r->nwindows - 1];
	if (first->from != CG_DATE_NONE && e->as_of < first->from) {
		date_format(first->from, d1);
		if (detail)
			sb_printf(detail, "effective from %s", d1);
		return "not-yet-effective";
	}
	if (last->until != CG_DATE_NONE && e->as_of >= last->until) {
		date_format(last->until, d1);
		if (detail)
			sb_printf(detail, "no longer in force from %s", d1);
		return "expired";
	}
	for (size_t i = 1; i < r->nwindows; i++)
		if (e->as_of >= r->windows[i - 1].until && e->as_of < r->windows[i].from) {
			date_format(r->windows[i - 1].until, d1);
			date_format(r->windows[i].from, d2);
			if (detail)
				sb_printf(detail, "suspended from %s, in force again from %s", d1, d2);
			break;
		}
	return "suspended";
}

/* Register rule R of P in the report, with whether it applies on as_of. */
static struct rule_info *register_rule(struct engine *e, const struct policy *p, const struct rule *r)
{
	struct rule_info ri = r->info;
	struct strbuf detail = STRBUF_INIT;
	cg_date *w = xcalloc(2 * r->nwindows + 1, sizeof(*w));
	for (size_t i = 0; i < r->nwindows; i++) {
		w[2 * i] = r->windows[i].from;
		w[2 * i + 1] = r->windows[i].until;
	}
	ri.watch = r->watch;
	ri.enabled = r->enabled;
	ri.skipped = rule_skip(e, p, r, &detail);
	ri.in_force = !ri.skipped;
	ri.skipped_detail = ri.skipped ? sb_str(&detail) : NULL;
	ri.windows = w;
	ri.nwindows = r->nwindows;
	struct rule_info *stored = report_add_rule(e->rep, &ri);
	free(w);
	sb_release(&detail);
	return stored;
}

static void report_params(struct engine *e, const struct policy *p)
{
	struct policy_param pp = {.value = STRBUF_INIT, .dflt = STRBUF_INIT};
	for (size_t i = 0; i < policy_nparams(p); i++) {
		policy_param(p, i, &pp);
		struct report_param rp = {.policy = p->id, .name = pp.name, .type = pp.type,
					  .value = sb_str(&pp.value), .dflt = sb_str(&pp.dflt),
					  .overridden = pp.overridden};
		report_add_param(e->rep, &rp);
	}
	sb_release(&pp.value);
	sb_release(&pp.dflt);
}

struct engine *engine_new(struct policy *const *policies, size_t n, const struct catalog *cat,
			  struct report *report, cg_date as_of)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	arena_init(&e->arena);
	arena_init(&e->vrows);
	arena_init(&e->evrows);
	e->pols = policies;
	e->npols = n;
	e->cat = cat;
	e->rep = report;
	e->as_of = as_of;
	e->env.as_of = as_of;
	for (int i = 0; i < BI_COUNT; i++)
		e->bi[i] = report_add_rule(report, &builtin[i]);
	e->ri = xcalloc(n + 1, sizeof(*e->ri));
	e->in_force = xcalloc(n + 1, sizeof(bool));
	for (size_t p = 0; p < n; p++) {
		const struct policy *pol = policies[p];
		report_add_policy(report, pol->id, pol->title, pol->version, pol->jurisdiction);
		report_params(e, pol);
		e->in_force[p] = pol->effective == CG_DATE_NONE || as_of >= pol->effective;
		e->ri[p] = xcalloc(pol->nrules + 1, sizeof(**e->ri));
		for (size_t r = 0; r < pol->nrules; r++) {
			e->ri[p][r] = register_rule(e, pol, &pol->rules[r]);
			if (pol->rules[r].kind == RK_EXPOSURE) {
				XGROW(e->expos, e->cape, e->nexpos + 1);
				struct exposure_groups *x = &e->expos[e->nexpos++];
				memset(x, 0, sizeof(*x));
				x->p = pol;
				x->r = &pol->rules[r];
				x->ri = e->ri[p][r];
			}
		}
	}
	verdict_init(e);
	e->active = xcalloc(e->nslots + 1, sizeof(*e->active));
	e->run = xcalloc(e->nslots + 1, sizeof(*e->run));
	for (size_t p = 0; p < n; p++)
		for (size_t r = 0; r < policies[p]->nrules; r++)
			if (e->ri[p][r]->in_force) {
				uint32_t expo = UINT32_MAX;
				for (size_t i = 0; i < e->nexpos; i++)
					if (e->expos[i].r == &policies[p]->rules[r])
						expo = (uint32_t)i;
				e->active[e->slot_base[p] + r] = true;
				e->run[e->nrun++] = (struct run){(uint32_t)p, (uint32_t)r,
								 (uint32_t)(e->slot_base[p] + r), expo};
			}
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	for (size_t p = 0; p < e->npols; p++)
		free(e->ri[p]);
	free(e->ri);
	free(e->in_force);
	free(e->active);
	free(e->run);
	free(e->gwaivers);
	for (size_t i = 0; i < e->nexpos; i++) {
		free(e->expos[i].v);
		hmap_release(&e->expos[i].index);
	}
	free(e->expos);
	hmap_release(&e->model_index);
	free(e->models);
	free(e->waiver_used);
	free(e->waiver_undecided);
	free(e->just_used);
	rec_index_release(&e->just_index);
	rec_index_release(&e->waiver_index);
	verdict_free(e);
	for (size_t i = 0; i < CG_ARRAY_LEN(e->evs); i++)
		sb_release(&e->evs[i]);
	env_release(&e->env);
	sb_release(&e->msg);
	sb_release(&e->note);
	arena_release(&e->arena);
	arena_release(&e->vrows);
	arena_release(&e->evrows);
	free(e);
}

/* ---- findings ------------------------------------------------------------ */

void tmpl_render(const struct tmpl *t, struct env *env, struct strbuf *out)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->segs[i].lit) {
			sb_puts(out, t->segs[i].lit);
			continue;
		}
		struct value v;
		expr_eval(t->segs[i].e, symbols_load, env, &v);
		value_format(&v, out);
	}
}

/* A string value is formatted into the engine's scratch buffer SLOT: the
 * report copies it, so nothing accumulates per finding. */
static void value_evidence(struct engine *e, const char *key, const struct value *v, struct evidence *ev,
			   size_t slot)
{
	memset(ev, 0, sizeof(*ev));
	ev->key = key;
	switch (v->t) {
	case VT_NULL: ev->type = EV_NULL; break;
	case VT_BOOL:
		ev->type = EV_BOOL;
		ev->b = v->u.b;
		break;
	case VT_NUM:
		ev->type = EV_NUM;
		ev->n = v->u.n;
		break;
	default: {
		struct strbuf *sb = &e->evs[slot % CG_ARRAY_LEN(e->evs)];
		sb_reset(sb);
		value_format(v, sb);
		ev->type = EV_STR;
		ev->s = sb_str(sb);
	}
	}
}

/* Evidence: the chip, and every name the condition uses. *OTHER is set
 * when a value came from more than the asset's signature. */
static size_t rule_evidence(struct engine *e, const struct rule *r, struct evidence *ev, size_t max,
			    bool *other)
{
	size_t n = 0;
	if (e->env.c && n < max) {
		memset(&ev[n], 0, sizeof(ev[n]));
		ev[n].key = "chip";
		ev[n].type = EV_STR;
		ev[n++].s = e->env.c->id;
	}
	for (size_t i = 0; i < r->nrefs && n < max; i++) {
		if (strcmp(r->refs[i].name, "chip.id") == 0)
			continue;
		struct value v;
		bool o;
		verdict_watch(e, r->refs[i].e, &v, &o);
		*other = *other || o;
		value_evidence(e, r->refs[i].name, &v, &ev[n], n);
		n++;
	}
	return n;
}

/* A finding with its message as text. */
static void add(struct engine *e, const struct rule_info *ri, enum severity sev, enum fstatus st,
		const char *asset, const char *group, const char *file, int line, const char *msg,
		const char *note)
{
	struct report_emit f = {.rule = ri, .severity = sev, .status = st, .asset = asset,
				.group = group, .file = file, .line = line, .note = note, .text = msg};
	report_emit(e->rep, &f);
}

/* The evidence of rule SLOT for the current asset (INDETERMINATE adds
 * "indeterminate": true), as stored in the report: built and stored once
 * per signature when only the signature's facts went into it. */
static const struct report_evidence *evidence_for(struct engine *e, const struct rule *r,
						  size_t slot, bool indeterminate)
{
	struct evmemo *m = verdict_evmemo(e, slot);
	if (m && m->ev && m->indeterminate == indeterminate)
		return m->ev;
	struct evidence ev[16];
	bool other = false;
	size_t n = rule_evidence(e, r, ev, CG_ARRAY_LEN(ev) - (indeterminate ? 1 : 0), &other);
	if (indeterminate) {
		memset(&ev[n], 0, sizeof(ev[n]));
		ev[n].key = "indeterminate";
		ev[n].type = EV_BOOL;
		ev[n++].b = true;
	}
	const struct report_evidence *stored = report_evidence(e->rep, ev, n);
	if (m && !other) {
		m->ev = stored;
		m->indeterminate = indeterminate;
	}
	return stored;
}

/* The message template of rule R for the current signature (memo M):
 * literal text, the values fixed by the signature rendered, the asset id
 * left to the report, and the other values marked REPORT_PART_VALUE,
 * their indexes kept in M. */
static void make_template(struct engine *e, const struct rule *r, struct evmemo *m)
{
	const struct tmpl *t = &r->message;
	const char **part = xcalloc(t->n + 1, sizeof(*part));
	struct strbuf *fixed = xcalloc(t->n + 1, sizeof(*fixed));
	size_t *values = arena_alloc(&e->evrows, sizeof(*values) * (t->n + 1)), nvalues = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->segs[i].lit) {
			part[i] = t->segs[i].lit;
			continue;
		}
		if (t->segs[i].asset_id) {
			part[i] = REPORT_PART_ASSET; /* the finding's own asset id */
			continue;
		}
		struct value v;
		bool other;
		verdict_watch(e, t->segs[i].e, &v, &other);
		if (other) {
			part[i] = REPORT_PART_VALUE;
			values[nvalues++] = i;
			continue;
		}
		value_format(&v, &fixed[i]);
		part[i] = sb_str(&fixed[i]);
	}
	m->tmpl = report_template(e->rep, part, t->n);
	m->value_parts = values;
	m->nvalue_parts = nvalues;
	for (size_t i = 0; i < t->n; i++)
		sb_release(&fixed[i]);
	free(fixed);
	free(part);
}

/* Render rule R's message for the current asset into F. Parts whose value
 * depends only on the asset's signature are rendered once per (signature,
 * rule) into a template the report stores; e->msg then gets only the
 * per-asset values (quantity, site, ...), NUL-terminated each. Without a
 * memo, e->msg gets the whole text. Same text as tmpl_render. */
static void render_message(struct engine *e, const struct rule *r, size_t slot,
			   struct report_emit *f)
{
	const struct tmpl *t = &r->message;
	struct evmemo *m = verdict_evmemo(e, slot);
	if (!m) {
		tmpl_render(t, &e->env, &e->msg);
		f->text = e->msg.buf;
		return;
	}
	if (!m->tmpl)
		make_template(e, r, m);
	for (size_t k = 0; k < m->nvalue_parts; k++) {
		struct value v;
		expr_eval(t->segs[m->value_parts[k]].e, symbols_load, &e->env, &v);
		value_format(&v, &e->msg);
		sb_putc(&e->msg, '\0');
	}
	f->tmpl = m->tmpl;
	f->values = e->msg.buf;
	f->values_len = e->msg.len;
}

/* ---- the per-asset pass ---------------------------------------------------- */

static void builtin_model(struct engine *e, const struct asset *a, const struct catalog_match *m)
{
	struct strbuf *msg = &e->msg;
	char ex[96];
	sb_reset(msg);
	diag_excerpt(ex, sizeof(ex), a->model, strlen(a->model));
	struct evidence ev[2] = {{.key = "model", .type = EV_STR, .s = a->model}};
	size_t nev = 1;
	if (m->kind == MATCH_AMBIGUOUS) {
		sb_printf(msg, "%s: model '%s' matches several catalog chips:", a->id, ex);
		for (size_t i = 0; i < m->nothers; i++)
			sb_printf(msg, " %s", m->others[i]->id);
		builtin_add(e, BI_AMBIGUOUS_MODEL, SEV_ERROR, a->id, NULL, a->file, a->line, msg->buf, ev,
			    nev);
		return;
	}
	const struct chip *s = asset_model(e, a)->suggest;
	sb_printf(msg, "%s: model '%s' is not in the catalog", a->id, ex);
	if (s) {
		sb_printf(msg, " (did you mean '%s %s'?)", s->vendor->name, s->model);
		ev[nev].key = "suggestion";
		ev[nev].type = EV_STR;
		ev[nev++].s = s->id;
	}
	builtin_add(e, BI_UNKNOWN_MODEL, SEV_ERROR, a->id, NULL, a->file, a->line, msg->buf, ev, nev);
}

/* CG-IDENTITY-CONFLICT: collect recorded that the memory a tool reported
 * contradicts the model's (attrs.identity_conflict, beside attrs.memory_mib),
 * which says both figures. The attribute names are compared by first
 * byte before strcmp: this runs for every asset of a fleet. */
static void builtin_identity(struct engine *e, const struct asset *a)
{
	const char *conflict = NULL, *mem = NULL;
	for (size_t i = 0; i < a->nattrs; i++) {
		const char *n = a->attrs[i].name;
		if (n[0] == 'i' && strcmp(n, "identity_conflict") == 0)
			conflict = a->attrs[i].value;
		else if (n[0] == 'm' && strcmp(n, "memory_mib") == 0)
			mem = a->attrs[i].value;
	}
	if (!conflict || !*conflict)
		return;
	struct strbuf *msg = &e->msg;
	sb_reset(msg);
	/* collect's own words, which name both figures and the model; an
	 * inventory edited by hand is cut short rather than flood a report */
	size_t n = strlen(conflict), k = n > 512 ? 512 : n;
	while (k < n && k > 0 && ((unsigned char)conflict[k] & 0xc0) == 0x80)
		k--; /* not inside a character */
	sb_printf(msg, "%s: identity conflict: %.*s%s", a->id, (int)k, conflict, k < n ? "..." : "");
	struct evidence ev[3] = {{.key = "model", .type = EV_STR, .s = a->model},
				 {.key = "identity_conflict", .type = EV_STR, .s = conflict}};
	size_t nev = 2;
	if (mem)
		ev[nev++] = (struct evidence){.key = "memory_mib", .type = EV_STR, .s = mem};
	builtin_add(e, BI_IDENTITY_CONFLICT, SEV_WARNING, a->id, NULL, a->file, a->line, msg->buf,
		    ev, nev);
}

/* CG-UNKNOWN-SITE: the inventory lists its sites and A's is not among
 * them, so every site.* fact of A is unknown. */
static void builtin_site(struct engine *e, const struct asset *a)
{
	const struct inventory *inv = e->inv;
	struct strbuf *msg = &e->msg;
	char ex[96], sx[96];
	struct suggest sg;
	suggest_init(&sg, a->site);
	for (size_t i = 0; i < inv->nsites; i++)
		suggest_offer(&sg, inv->sites[i].id);
	sb_reset(msg);
	sb_printf(msg, "%s: site '%s' is not in the inventory's sites list", a->id,
		  diag_excerpt(ex, sizeof(ex), a->site, strlen(a->site)));
	struct evidence ev[2] = {{.key = "site", .type = EV_STR, .s = a->site}};
	size_t nev = 1;
	if (sg.best) {
		sb_printf(msg, " (did you mean '%s'?)", diag_excerpt(sx, sizeof(sx), sg.best, strlen(sg.best)));
		ev[nev++] = (struct evidence){.key = "suggestion", .type = EV_STR, .s = sg.best};
	}
	builtin_add(e, BI_UNKNOWN_SITE, SEV_WARNING, a->id, NULL, a->file, a->line, msg->buf, ev, nev);
}

/* The null operands that leave a condition undecided, each named once. */
struct null_names {
	struct strbuf *out;
	size_t n;
	bool literal;
	const char *seen[16];
	size_t seen_len[16], nseen;
};

static void null_name(void *ctx, const char *src, size_t len)
{
	struct null_names *nn = ctx;
	if (!src) {
		nn->literal = true;
		return;
	}
	for (size_t i = 0; i < nn->nseen; i++)
		if (nn->seen_len[i] == len && memcmp(nn->seen[i], src, len) == 0)
			return;
	if (nn->nseen < CG_ARRAY_LEN(nn->seen)) {
		nn->seen[nn->nseen] = src;
		nn->seen_len[nn->nseen++] = len;
	}
	sb_printf(nn->out, "%s%.*s", nn->n++ ? ", " : "", (int)len, src);
}

/* "NAME, NAME unknown": the names whose null value leaves the condition
 * undecided (not those a decided operand outvotes: in `a || b` with a
 * true, b's null does not matter); "a fact the pack leaves unknown" for
 * the literal null (something the sources leave open). A condition null
 * with neither (a division by zero) names every null it reads. */
static void null_names(struct engine *e, const struct rule *r, struct strbuf *out)
{
	struct null_names nn = {.out = out};
	expr_null_sources(r->when, symbols_load, &e->env, null_name, &nn);
	if (!nn.n && !nn.literal)
		for (size_t i = 0; i < r->nrefs; i++) {
			struct value v;
			expr_eval(r->refs[i].e, symbols_load, &e->env, &v);
			if (v.t == VT_NULL)
				sb_printf(out, "%s%s", nn.n++ ? ", " : "", r->refs[i].name);
		}
	if (nn.n)
		sb_printf(out, " unknown%s", nn.literal ? ", and a fact the pack leaves unknown" : "");
	else
		sb_puts(out, "a fact the pack leaves unknown");
}

static void asset_rule(struct engine *e, const struct run *x, const struct asset *a)
{
	const struct policy *p = e->pols[x->pi];
	const struct rule *r = &p->rules[x->ri];
	struct rule_info *info = e->ri[x->pi][x->ri];
	struct value v;
	info->evaluated = true;
	size_t slot = x->slot;
	/* most verdicts are a memoised false: not worth a call (fleet scale) */
	uint8_t memo = e->cur ? e->cur[slot] : VERDICT_DYNAMIC;
	if (memo == VERDICT_FALSE)
		return;
	if (memo == VERDICT_TRUE) {
		v.t = VT_BOOL;
		v.u.b = true;
	} else {
		verdict_eval(e, slot, r->when, &v);
	}
	if (v.t == VT_NULL) {
		if (!e->env.c)
			return; /* CG-UNKNOWN-MODEL already says why */
		waivers_undecided(e, info, a->id);
		sb_reset(&e->msg);
		sb_printf(&e->msg, "%s: cannot decide '%s': ", a->id, r->info.title);
		null_names(e, r, &e->msg);
		struct report_emit f = {
			.rule = info,
			.severity = r->watch ? SEV_INFO : SEV_WARNING,
			.status = FS_OPEN,
			.asset = a->id,
			.file = a->file,
			.line = a->line,
			.note = r->watch ? "indeterminate: a fact this rule needs is unknown; watch: "
					   "not in force, informational only"
					 : "indeterminate: a fact this rule needs is unknown",
			.stored_ev = evidence_for(e, r, slot, true),
			.text = e->msg.buf};
		report_emit(e->rep, &f);
		return;
	}
	if (!v.u.b)
		return;
	struct outcome o;
	rule_outcome(e, p, r, a, &o, NULL);
	if (r->watch) {
		/* a draft or a bill: said, capped at info, never failing */
		struct strbuf n = STRBUF_INIT;
		sb_puts(&n, "watch: not in force, informational only");
		if (o.note.len)
			sb_printf(&n, "; %s", o.note.buf);
		sb_release(&o.note);
		o.note = n;
		o.severity = SEV_INFO;
	}
	struct report_emit f = {.rule = info,
				.severity = o.severity,
				.status = o.status,
				.asset = a->id,
				.file = a->file,
				.line = a->line,
				.note = o.note.len ? o.note.buf : NULL};
	if (report_count_dropped(e->rep, &f)) {
		sb_release(&o.note);
		return;
	}
	sb_reset(&e->msg);
	if (r->message.n) {
		render_message(e, r, slot, &f);
	} else {
		sb_printf(&e->msg, "%s: %s", a->id, r->info.title);
		if (e->env.c)
			sb_printf(&e->msg, " (%s %s)", e->env.c->vendor->name, e->env.c->model);
		f.text = e->msg.buf;
	}
	f.stored_ev = evidence_for(e, r, slot, false);
	report_emit(e->rep, &f);
	sb_release(&o.note);
}

void engine_asset(struct engine *e, const struct asset *a)
{
	struct model_entry *me = asset_model(e, a);
	const struct chip *c = me->m.chip;
	e->last_model = me->model;
	verdict_select(e, a);
	e->env.a = a;
	e->env.c = c;
	e->env.site = NULL;
	e->group_seen = NULL;
	report_add_asset(e->rep, a->quantity);
	const char *jur = e->inv ? e->inv->jurisdiction : NULL;
	if (!me->origin_known || me->jur != jur || me->fab != e->origin_fab) {
		/* by the basis of the inventory's own pack (engine_begin_inventory) */
		me->origin = c ? chip_origin(c, e->origin_fab) : NULL;
		me->foreign = me->origin && jur && strcmp(me->origin, jur) != 0;
		me->jur = jur;
		me->fab = e->origin_fab;
		me->origin_known = true;
	}
	report_add_origin(e->rep, jur, me->origin, me->foreign, a->quantity, c ? c->tpp : NAN);
	if (!c)
		builtin_model(e, a, &me->m);
	if (a->nattrs)
		builtin_identity(e, a);
	if (e->inv && e->inv->has_sites && a->site) {
		e->env.site = inventory_site(e->inv, a->site);
		if (!e->env.site)
			builtin_site(e, a);
	}
	uint32_t cur = UINT32_MAX;
	size_t n = e->cur_todo ? e->cur_ntodo : e->nrun;
	for (size_t i = 0; i < n; i++) {
		const struct run *x = &e->run[e->cur_todo ? e->cur_todo[i] : i];
		if (x->pi != cur)
			e->env.p = e->pols[cur = x->pi];
		if (x->expo != UINT32_MAX)
			exposure_add(e, x, a);
		else
			asset_rule(e, x, a);
	}
	if (!e->cur_todo)
		verdict_learned(e);
}

/* ---- inventories ----------------------------------------------------------- */

/* The origin table of INV follows the origin_basis of the first pack of
 * its jurisdiction (else of the first pack applied): "foreign" there is
 * what that pack calls foreign. */
static bool origin_by_fab(const struct engine *e, const struct inventory *inv)
{
	for (size_t p = 0; p < e->npols; p++)
		if (inv->jurisdiction && strcmp(e->pols[p]->jurisdiction, inv->jurisdiction) == 0)
			return e->pols[p]->fab_basis;
	return e->npols && e->pols[0]->fab_basis;
}

void engine_begin_inventory(struct engine *e, const struct inventory *inv)
{
	verdict_reset(e); /* inventory.* may differ */
	e->inv = inv;
	e->env.inv = inv;
	e->origin_fab = origin_by_fab(e, inv);
	for (size_t i = 0; i < e->nmodels; i++)
		e->models[i].origin_known = false; /* another jurisdiction, maybe at the same address */
	free(e->waiver_used);
	free(e->waiver_undecided);
	free(e->just_used);
	e->waiver_used = xcalloc(inv->nwaivers + 1, sizeof(bool));
	e->waiver_undecided = xcalloc(inv->nwaivers + 1, sizeof(bool));
	e->just_used = xcalloc(inv->njusts + 1, sizeof(bool));
	records_index(e, inv);
	waivers_begin(e, inv);
}

static bool rule_known(const struct engine *e, const char *id)
{
	for (size_t p = 0; p < e->npols; p++)
		for (size_t r = 0; r < e->pols[p]->nrules; r++)
			if (strcmp(e->pols[p]->rules[r].info.id, id) == 0)
				return true;
	for (int i = 0; i < BI_COUNT; i++)
		if (strcmp(builtin[i].id, id) == 0)
			return true;
	return false;
}

void engine_end_inventory(struct engine *e)
{
	const struct inventory *inv = e->inv;
	if (!inv)
		return;
	waivers_report(e, false);
	for (size_t i = 0; i < inv->njusts; i++) {
		const struct justification *j = &inv->justs[i];
		if (e->just_used[i])
			continue;
		sb_reset(&e->msg);
		sb_printf(&e->msg, "justification for %s on %s matches no requirement%s", j->rule, j->asset,
			  rule_known(e, j->rule) ? "" : " (no such rule in the packs applied)");
		add(e, e->bi[BI_STALE_JUSTIFICATION], SEV_INFO, FS_OPEN, j->asset, NULL, j->file, j->line,
		    e->msg.buf, NULL);
	}
	e->inv = NULL;
	e->env.inv = NULL;
	e->indexed_inv = NULL; /* its memory may be another inventory's next */
}
