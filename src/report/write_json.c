/* The canonical JSON report (DESIGN §8), written streaming in a fixed key
 * order with fixed number formatting, so identical inputs give identical
 * bytes. Numbers: integers as such, others with %.10g, unknown as null. */
#include <math.h>
#include <string.h>

#include "report/chunks.h"
#include "report/report.h"

void report_json_number(struct strbuf *sb, double v)
{
	if (isnan(v) || isinf(v))
		sb_puts(sb, "null");
	else if (v == floor(v) && fabs(v) < 1e15)
		sb_printf(sb, "%.0f", v);
	else
		sb_printf(sb, "%.10g", v);
}

static void key(struct strbuf *sb, const char *ind, const char *k)
{
	sb_puts(sb, ind);
	sb_putc(sb, '"');
	sb_puts(sb, k);
	sb_add(sb, "\": ", 3);
}

static void kstr(struct strbuf *sb, const char *ind, const char *k, const char *v, bool comma)
{
	key(sb, ind, k);
	if (v)
		sb_json_string(sb, v);
	else
		sb_puts(sb, "null");
	sb_puts(sb, comma ? ",\n" : "\n");
}

static void knum(struct strbuf *sb, const char *ind, const char *key, double v, bool comma)
{
	sb_printf(sb, "%s\"%s\": ", ind, key);
	report_json_number(sb, v);
	sb_puts(sb, comma ? ",\n" : "\n");
}

static void kint(struct strbuf *sb, const char *ind, const char *key, long long v, bool comma)
{
	sb_printf(sb, "%s\"%s\": %lld%s", ind, key, v, comma ? ",\n" : "\n");
}

static void kbool(struct strbuf *sb, const char *ind, const char *key, bool v, bool comma)
{
	sb_printf(sb, "%s\"%s\": %s%s", ind, key, v ? "true" : "false", comma ? ",\n" : "\n");
}

static void header(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "{\n");
	kstr(sb, "  ", "schema", REPORT_SCHEMA, true);
	sb_printf(sb, "  \"tool\": {\"name\": \"chipgate\", \"version\": \"%s\"},\n", CHIPGATE_VERSION);
	kstr(sb, "  ", "as_of", r->as_of, true);
	kstr(sb, "  ", "generated_at", r->generated_at, true);
	sb_puts(sb, "  \"inputs\": [");
	for (size_t i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];
		sb_puts(sb, i ? ",\n    {" : "\n    {");
		sb_puts(sb, "\"path\": ");
		sb_json_string(sb, in->path);
		sb_puts(sb, ", \"role\": ");
		sb_json_string(sb, in->role);
		sb_printf(sb, ", \"sha256\": \"%s\"}", in->sha256);
	}
	sb_puts(sb, r->ninputs ? "\n  ],\n" : "],\n");
	sb_puts(sb, "  \"policies\": [");
	for (size_t i = 0; i < r->npolicies; i++) {
		const struct report_policy *p = &r->policies[i];
		sb_puts(sb, i ? ",\n    {" : "\n    {");
		sb_puts(sb, "\"id\": ");
		sb_json_string(sb, p->id);
		sb_puts(sb, ", \"title\": ");
		sb_json_string(sb, p->title ? p->title : "");
		sb_puts(sb, ", \"version\": ");
		sb_json_string(sb, p->version ? p->version : "");
		sb_puts(sb, ", \"jurisdiction\": ");
		sb_json_string(sb, p->jurisdiction ? p->jurisdiction : "");
		sb_putc(sb, '}');
	}
	sb_puts(sb, r->npolicies ? "\n  ],\n" : "],\n");
	kstr(sb, "  ", "verdict", r->failed ? "fail" : "pass", true);
	kstr(sb, "  ", "fail_on", severity_name(r->fail_on), true);
	sb_printf(sb,
		  "  \"summary\": {\"assets\": %zu, \"units\": %lld, \"findings\": {\"error\": %zu, "
		  "\"warning\": %zu, \"info\": %zu}, \"waived\": %zu, \"justified\": %zu, "
		  "\"baseline\": %zu},\n",
		  r->assets, r->units, r->open[SEV_ERROR], r->open[SEV_WARNING], r->open[SEV_INFO],
		  r->waived, r->justified, r->baseline);
}

static void origins(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "  \"origin\": [");
	for (size_t i = 0; i < r->norigins; i++) {
		const struct origin_row *o = &r->origins[i];
		sb_puts(sb, i ? ",\n    {" : "\n    {");
		sb_puts(sb, "\"jurisdiction\": ");
		if (o->jurisdiction)
			sb_json_string(sb, o->jurisdiction);
		else
			sb_puts(sb, "null");
		sb_puts(sb, ", \"origin\": ");
		if (o->origin)
			sb_json_string(sb, o->origin);
		else
			sb_puts(sb, "null");
		sb_printf(sb, ", \"foreign\": %s, \"units\": %lld, \"tpp\": ", o->foreign ? "true" : "false",
			  o->units);
		report_json_number(sb, o->tpp);
		sb_printf(sb, ", \"units_tpp_unknown\": %lld}", o->units_tpp_unknown);
	}
	sb_puts(sb, r->norigins ? "\n  ],\n" : "],\n");
}

static void exposure(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "  \"exposure\": [");
	for (size_t i = 0; i < r->nexposure; i++) {
		const struct exposure_row *e = &r->exposure[i];
		const char *in = "      ";
		sb_puts(sb, i ? ",\n    {\n" : "\n    {\n");
		kstr(sb, in, "policy", e->policy, true);
		kstr(sb, in, "rule", e->rule, true);
		kstr(sb, in, "group", e->group, true);
		kint(sb, in, "units_foreign", e->units_foreign, true);
		kint(sb, in, "units_total", e->units_total, true);
		kint(sb, in, "units_unknown", e->units_unknown, true);
		knum(sb, in, "tpp_foreign", e->tpp_foreign, true);
		knum(sb, in, "tpp_total", e->tpp_total, true);
		kint(sb, in, "units_tpp_unknown", e->units_tpp_unknown, true);
		knum(sb, in, "share_units", e->share_units, true);
		knum(sb, in, "share_tpp", e->share_tpp, true);
		knum(sb, in, "share_weight", e->share_weight, true);
		knum(sb, in, "max_foreign_share", e->max_share, true);
		if (!isnan(e->min_domestic_share)) { /* a domestic-share rule's own threshold */
			knum(sb, in, "share_domestic", e->share_domestic, true);
			knum(sb, in, e->domestic_above ? "domestic_share_above" : "min_domestic_share",
			     e->min_domestic_share, true);
		}
		kbool(sb, in, "indeterminate", e->indeterminate, true);
		kbool(sb, in, "breach", e->breach, false);
		sb_puts(sb, "    }");
	}
	sb_puts(sb, r->nexposure ? "\n  ],\n" : "],\n");
}

static void lifetime(struct strbuf *sb, const char *in, const struct rule_info *ri);

static void rules(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "  \"rules\": [");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule_info *ri = r->rules[i];
		const char *in = "      ";
		sb_puts(sb, i ? ",\n    {\n" : "\n    {\n");
		kstr(sb, in, "id", ri->id, true);
		kstr(sb, in, "policy", ri->policy, true);
		kstr(sb, in, "title", ri->title, true);
		kstr(sb, in, "kind", ri->kind, true);
		kstr(sb, in, "severity", severity_name(ri->severity), true);
		kstr(sb, in, "when", ri->when, true);
		kstr(sb, in, "remediation", ri->remediation, true);
		sb_printf(sb, "%s\"references\": [", in);
		for (size_t j = 0; j < ri->nreferences; j++) {
			if (j)
				sb_puts(sb, ", ");
			sb_json_string(sb, ri->references[j]);
		}
		sb_puts(sb, "],\n");
		kstr(sb, in, "file", ri->file, true);
		kint(sb, in, "line", ri->line, true);
		kbool(sb, in, "evaluated", ri->evaluated, true);
		lifetime(sb, in, ri);
		sb_puts(sb, "    }");
	}
	sb_puts(sb, r->nrules ? "\n  ],\n" : "],\n");
}

/* Whether the rule was in force on as_of, and if not why; its state and
 * windows. */
static void lifetime(struct strbuf *sb, const char *in, const struct rule_info *ri)
{
	kstr(sb, in, "state", ri->watch ? "watch" : "active", true);
	kbool(sb, in, "enabled", ri->enabled, true);
	kbool(sb, in, "in_force", ri->in_force, true);
	kstr(sb, in, "skipped", ri->skipped, true);
	kstr(sb, in, "skipped_detail", ri->skipped_detail, true);
	sb_printf(sb, "%s\"windows\": [", in);
	for (size_t j = 0; j < ri->nwindows; j++) {
		char d[11];
		sb_puts(sb, j ? ", {\"effective\": " : "{\"effective\": ");
		for (int k = 0; k < 2; k++) {
			cg_date v = ri->windows[2 * j + (size_t)k];
			if (k)
				sb_puts(sb, ", \"until\": ");
			if (v == CG_DATE_NONE) {
				sb_puts(sb, "null");
			} else {
				date_format(v, d);
				sb_printf(sb, "\"%s\"", d);
			}
		}
		sb_putc(sb, '}');
	}
	sb_puts(sb, "]\n");
}

/* The parameters of the packs, with the value this run used. */
static void params(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "  \"parameters\": [");
	for (size_t i = 0; i < r->nparams; i++) {
		const struct report_param *p = &r->params[i];
		sb_puts(sb, i ? ",\n    {" : "\n    {");
		sb_puts(sb, "\"policy\": ");
		sb_json_string(sb, p->policy);
		sb_puts(sb, ", \"name\": ");
		sb_json_string(sb, p->name);
		sb_puts(sb, ", \"type\": ");
		sb_json_string(sb, p->type);
		sb_puts(sb, ", \"value\": ");
		sb_json_string(sb, p->value);
		sb_puts(sb, ", \"default\": ");
		sb_json_string(sb, p->dflt);
		sb_printf(sb, ", \"overridden\": %s}", p->overridden ? "true" : "false");
	}
	sb_puts(sb, r->nparams ? "\n  ],\n" : "],\n");
}

void report_json_evidence(struct strbuf *sb, const struct finding_ctx *c)
{
	sb_putc(sb, '{');
	for (size_t i = 0; i < c->nev; i++) {
		const struct evidence *e = &c->ev[i];
		if (i)
			sb_puts(sb, ", ");
		sb_json_string(sb, e->key);
		sb_puts(sb, ": ");
		switch (e->type) {
		case EV_STR: sb_json_string(sb, e->s ? e->s : ""); break;
		case EV_NUM: report_json_number(sb, e->n); break;
		case EV_BOOL: sb_puts(sb, e->b ? "true" : "false"); break;
		default: sb_puts(sb, "null");
		}
	}
	sb_putc(sb, '}');
}

/* The text of the context last rendered: findings share contexts (rule,
 * group, file, note, evidence; see report_add_finding), and sorted
 * findings of one rule often repeat one. Up to the severity (A), from the
 * group to the line number (B), and from the note to the end (C). */
struct ctx_memo {
	const struct finding_ctx *ctx;
	struct strbuf a, b, c;
	struct strbuf msg; /* scratch for a message kept in parts */
};

static void render_ctx(const struct finding_ctx *x, struct ctx_memo *m)
{
	const char *in = "      ";
	sb_reset(&m->a);
	kstr(&m->a, in, "rule", x->rule->id, true);
	kstr(&m->a, in, "policy", x->rule->policy, true);
	sb_reset(&m->b);
	if (x->group)
		kstr(&m->b, in, "group", x->group, true);
	key(&m->b, in, "location");
	sb_puts(&m->b, "{\"file\": ");
	if (x->file)
		sb_json_string(&m->b, x->file);
	else
		sb_puts(&m->b, "null");
	sb_puts(&m->b, ", \"line\": ");
	sb_reset(&m->c);
	if (x->note)
		kstr(&m->c, in, "note", x->note, true);
	key(&m->c, in, "evidence");
	report_json_evidence(&m->c, x);
	sb_puts(&m->c, "\n    }");
	m->ctx = x;
}

static void finding(const struct finding *f, struct strbuf *sb, struct ctx_memo *m)
{
	const char *in = "      ";
	if (f->ctx != m->ctx)
		render_ctx(f->ctx, m);
	sb_puts(sb, "    {\n");
	sb_add(sb, m->a.buf, m->a.len);
	kstr(sb, in, "severity", severity_name(f->severity), true);
	kstr(sb, in, "status", fstatus_name(f->status), true);
	kstr(sb, in, "asset", f->asset, true);
	sb_add(sb, m->b.buf, m->b.len);
	char num[16];
	int n = snprintf(num, sizeof(num), "%d", f->line);
	sb_add(sb, num, (size_t)n);
	sb_puts(sb, "},\n");
	kstr(sb, in, "message", report_message(f, &m->msg), true);
	sb_add(sb, m->c.buf, m->c.len);
}

/* A fleet's findings are formatted in chunks on two threads (chunks.c),
 * each with its own evidence memo. */
#define JSON_CHUNK 2048
#define JSON_PARALLEL_MIN (4 * JSON_CHUNK)

static void format_chunk(void *ctx, size_t k, struct strbuf *sb, void *memo)
{
	const struct report *r = ctx;
	size_t lo, hi;
	chunk_range(k, JSON_CHUNK, r->nfindings, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		sb_puts(sb, i ? ",\n" : "\n");
		finding(&r->findings[i], sb, memo);
	}
}

int report_write_json(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	header(r, &sb);
	origins(r, &sb);
	exposure(r, &sb);
	rules(r, &sb);
	params(r, &sb);
	sb_puts(&sb, "  \"findings\": [");
	int rc = report_spill(&sb, fp, 0);
	struct ctx_memo memo[2] = {{NULL, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT},
				   {NULL, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}};
	if (rc == 0)
		rc = report_write_chunks(fp, (r->nfindings + JSON_CHUNK - 1) / JSON_CHUNK,
					 r->nfindings >= JSON_PARALLEL_MIN, format_chunk, (void *)r,
					 &memo[0], &memo[1]);
	sb_puts(&sb, r->nfindings ? "\n  ]\n}\n" : "]\n}\n");
	if (rc == 0)
		rc = report_spill(&sb, fp, 0);
	sb_release(&sb);
	for (int i = 0; i < 2; i++) {
		sb_release(&memo[i].a);
		sb_release(&memo[i].b);
		sb_release(&memo[i].c);
		sb_release(&memo[i].msg);
	}
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
