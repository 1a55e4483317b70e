/* explain: why a rule did or did not fire for one asset — the chip's
 * derivation, and for every rule the condition, each operand's value
 * (and where a null came from), the verdict, and every justification and
 * waiver considered. Uses the same evaluation as the engine; records no
 * finding. */
#include <math.h>
#include <string.h>

#include "policy/engine_int.h"

struct trace_ctx {
	struct strbuf *out;
	const struct env *env;
};

static void trace(void *ctx, const char *src, size_t len, const struct expr_sym *sym,
		  const struct value *v)
{
	struct trace_ctx *t = ctx;
	sb_puts(t->out, "        ");
	sb_add(t->out, src, len);
	sb_puts(t->out, " = ");
	if (v->t == VT_STR) {
		sb_putc(t->out, '\'');
		value_format(v, t->out);
		sb_putc(t->out, '\'');
	} else {
		value_format(v, t->out);
	}
	if (v->t == VT_NULL && sym)
		sb_printf(t->out, "  (%s)", symbols_null_reason(t->env, sym));
	sb_putc(t->out, '\n');
}

static void show_expr(struct engine *e, const char *label, const char *src, const struct expr *x,
		      struct strbuf *out, struct value *v)
{
	struct trace_ctx t = {out, &e->env};
	sb_printf(out, "      %s: %s\n", label, src ? src : "");
	expr_eval_trace(x, symbols_load, &e->env, v, trace, &t);
}

static void explain_rule(struct engine *e, const struct policy *p, const struct rule *r,
			 const struct asset *a, struct strbuf *out)
{
	sb_printf(out, "  rule %s [%s, %s%s] %s\n", r->info.id, severity_name(r->info.severity),
		  r->info.kind, r->watch ? ", watch" : "", r->info.title);
	struct strbuf detail = STRBUF_INIT;
	const char *skip = rule_skip(e, p, r, &detail);
	if (skip) {
		sb_printf(out, "      skipped (%s): %s\n", skip, sb_str(&detail));
		sb_release(&detail);
		return;
	}
	sb_release(&detail);
	if (r->watch)
		sb_puts(out, "      watch: findings are informational (at most info) and never fail\n");
	struct value v;
	if (r->kind == RK_EXPOSURE) {
		if (r->scope) {
			show_expr(e, "scope", r->scope_src, r->scope, out, &v);
			if (v.t != VT_BOOL || !v.u.b) {
				sb_puts(out, "      -> not in scope\n");
				return;
			}
		}
		show_expr(e, "group_by", r->group_by_src, r->group_by, out, &v);
		if (r->weight)
			show_expr(e, "weight", r->weight_src, r->weight, out, &v);
		if (isnan(r->max_share))
			sb_printf(out, "      -> counted in its group (domestic share %s %.1f%%)\n",
				  r->domestic_above ? "above" : "at least", r->min_domestic * 100.0);
		else
			sb_printf(out, "      -> counted in its group (maximum foreign share %.1f%%)\n",
				  r->max_share * 100.0);
		return;
	}
	show_expr(e, "when", r->info.when, r->when, out, &v);
	if (v.t == VT_NULL) {
		sb_puts(out, "      -> indeterminate: a fact the condition needs is unknown\n");
		return;
	}
	if (!v.u.b) {
		sb_puts(out, "      -> does not apply\n");
		return;
	}
	struct outcome o;
	rule_outcome(e, p, r, a, &o, out);
	if (r->watch)
		o.severity = SEV_INFO;
	sb_printf(out, "      -> finding: %s, %s%s", severity_name(o.severity), fstatus_name(o.status),
		  r->watch ? " (watch)" : "");
	if (o.note.len)
		sb_printf(out, " (%s)", o.note.buf);
	sb_putc(out, '\n');
	sb_release(&o.note);
}

/* "rules in force on DATE: N of M; skipped: ID (reason), ..." for pack PI. */
static void rules_in_force(struct engine *e, size_t pi, struct strbuf *out)
{
	const struct policy *p = e->pols[pi];
	size_t n = 0;
	for (size_t r = 0; r < p->nrules; r++)
		n += e->active[e->slot_base[pi] + r];
	char d[11];
	date_format(e->as_of, d);
	sb_printf(out, "  rules in force on %s: %zu of %zu", d, n, p->nrules);
	if (n < p->nrules) {
		sb_puts(out, "; skipped:");
		for (size_t r = 0; r < p->nrules; r++) {
			struct strbuf detail = STRBUF_INIT;
			const char *skip = rule_skip(e, p, &p->rules[r], &detail);
			if (skip)
				sb_printf(out, " %s (%s)", p->rules[r].info.id, skip);
			sb_release(&detail);
		}
	}
	sb_putc(out, '\n');
}

void engine_explain(struct engine *e, const struct inventory *inv, const struct asset *a,
		    struct strbuf *out)
{
	struct catalog_match m;
	const struct chip *c = engine_resolve(e, a->model, &m);
	e->env.a = a;
	e->env.c = c;
	e->env.inv = inv;
	e->env.site = inventory_site(inv, a->site);
	char d[11];
	date_format(e->as_of, d);
	sb_printf(out, "asset %s (%s:%d), as of %s\n", a->id, a->file, a->line, d);
	if (inv->has_sites && a->site)
		sb_printf(out, "  site '%s': %s\n", a->site,
			  e->env.site ? "in the sites list" : "not in the sites list (site.* is null)");
	sb_printf(out, "  model '%s' -> ", a->model);
	if (c) {
		sb_printf(out, "%s (%s %s), matched via '%s'\n", c->id, c->vendor->name, c->model, m.via);
		sb_printf(out, "  vendor country %s, fab %s\n", c->vendor->country,
			  c->fab_country ? c->fab_country : "unknown");
		struct strbuf chip = STRBUF_INIT;
		catalog_explain_chip(c, &chip);
		for (const char *p = chip.buf; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			sb_puts(out, "  ");
			sb_add(out, p, n);
			sb_putc(out, '\n');
			p = nl ? nl + 1 : p + n;
		}
		sb_release(&chip);
	} else {
		sb_puts(out, m.kind == MATCH_AMBIGUOUS ? "ambiguous: every chip.* value is null\n"
						       : "not in the catalog: every chip.* value is null\n");
	}
	for (size_t pi = 0; pi < e->npols; pi++) {
		const struct policy *p = e->pols[pi];
		e->env.p = p;
		sb_printf(out, "\npolicy %s %s (%s, origin by %s)\n", p->id, p->version, p->jurisdiction,
			  p->fab_basis ? "fab country" : "vendor country");
		if (!e->in_force[pi]) {
			date_format(p->effective, d);
			sb_printf(out, "  not in force: effective from %s\n", d);
			continue;
		}
		rules_in_force(e, pi, out);
		for (size_t k = 0; k < p->nparams; k++) {
			struct strbuf v = STRBUF_INIT;
			value_format(&p->params[k].value, &v);
			sb_printf(out, "  parameter %s = %s%s\n", p->params[k].name, sb_str(&v),
				  p->params[k].overridden ? " (--param)" : "");
			sb_release(&v);
		}
		if (c) {
			int dom = chip_is_domestic(p, c);
			sb_printf(out, "  chip origin %s: %s\n",
				  chip_origin(c, p->fab_basis) ? chip_origin(c, p->fab_basis) : "unknown",
				  dom < 0 ? "unknown" : dom ? "domestic" : "foreign");
		}
		for (size_t ri = 0; ri < p->nrules; ri++)
			explain_rule(e, p, &p->rules[ri], a, out);
	}
}
