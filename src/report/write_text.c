/* The human-readable report: a verdict line, findings grouped by severity
 * (waived, justified and baseline ones after the open ones), the exposure
 * and origin tables. Colour only when asked (the caller checks NO_COLOR
 * and isatty). */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "report/chunks.h"
#include "report/report.h"

struct style {
	const char *err, *warn, *info, *dim, *bold, *off;
};

static const struct style colour = {"\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[1m",
				    "\033[0m"};
static const struct style plain = {"", "", "", "", "", ""};

static const char *sev_colour(const struct style *st, enum severity s)
{
	return s == SEV_ERROR ? st->err : s == SEV_WARNING ? st->warn : st->info;
}

static void pct(struct strbuf *sb, double v)
{
	if (isnan(v))
		sb_puts(sb, "     -");
	else
		sb_printf(sb, "%5.1f%%", v * 100.0);
}

/* Decimal digits of a line number (no printf: a fleet has many findings). */
static void put_int(struct strbuf *sb, int v)
{
	char buf[16];
	size_t n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		buf[sizeof(buf) - ++n] = (char)('0' + u % 10);
	while ((u /= 10) && n < sizeof(buf) - 1);
	if (v < 0)
		buf[sizeof(buf) - ++n] = '-';
	sb_add(sb, buf + sizeof(buf) - n, n);
}

/* The part of a finding's line before the message depends only on its
 * severity, rule, status and the style: kept from the previous line, as
 * is the file part after it (findings come sorted by rule). */
struct line_memo {
	enum severity sev;
	const struct rule_info *rule;
	enum fstatus status;
	struct strbuf prefix;
	const char *file;
	struct strbuf at; /* " (FILE" */
};

static void line_prefix(struct strbuf *sb, const struct style *st, const struct finding *f)
{
	bool open = f->status == FS_OPEN;
	const char *sev = severity_name(f->severity);
	sb_puts(sb, open ? sev_colour(st, f->severity) : st->dim);
	sb_puts(sb, sev);
	for (size_t n = strlen(sev); n < 7; n++)
		sb_putc(sb, ' '); /* "%-7s" */
	sb_puts(sb, st->off);
	sb_putc(sb, ' ');
	sb_puts(sb, st->bold);
	sb_puts(sb, f->ctx->rule->id);
	sb_puts(sb, st->off);
	if (!open || f->ctx->rule->watch) {
		sb_putc(sb, ' ');
		sb_puts(sb, st->dim);
		sb_putc(sb, '[');
		sb_puts(sb, open ? "watch" : fstatus_name(f->status));
		sb_putc(sb, ']');
		sb_puts(sb, st->off);
	}
	sb_putc(sb, ' ');
}

static void finding_line(struct strbuf *sb, const struct style *st, const struct finding *f,
			 struct line_memo *m)
{
	if (!m->rule || m->rule != f->ctx->rule || m->sev != f->severity || m->status != f->status) {
		sb_reset(&m->prefix);
		line_prefix(&m->prefix, st, f);
		m->rule = f->ctx->rule;
		m->sev = f->severity;
		m->status = f->status;
	}
	sb_add(sb, m->prefix.buf, m->prefix.len);
	size_t from = sb->len;
	report_put_message(sb, f);
	sb_escape_controls(sb, from); /* input text: no terminal control */
	if (f->ctx->file) {
		if (m->file != f->ctx->file || !m->at.len) {
			sb_reset(&m->at);
			sb_putc(&m->at, ' ');
			sb_puts(&m->at, st->dim);
			sb_putc(&m->at, '(');
			size_t at = m->at.len;
			sb_puts(&m->at, f->ctx->file);
			sb_escape_controls(&m->at, at);
			m->file = f->ctx->file;
		}
		sb_add(sb, m->at.buf, m->at.len);
		if (f->line) {
			sb_putc(sb, ':');
			put_int(sb, f->line);
		}
		sb_putc(sb, ')');
		sb_puts(sb, st->off);
	}
	sb_putc(sb, '\n');
	if (f->ctx->note) {
		sb_puts(sb, "        ");
		sb_puts(sb, st->dim);
		size_t nfrom = sb->len;
		sb_puts(sb, f->ctx->note);
		sb_escape_controls(sb, nfrom);
		sb_puts(sb, st->off);
		sb_putc(sb, '\n');
	}
}

/* ---- the findings, formatted on two threads ---------------------------------
 * A fleet's report has hundreds of thousands of lines, and formatting them
 * is most of the time spent writing it. The findings are cut into chunks
 * of TEXT_CHUNK, listed once for the open pass and once for the rest, and
 * formatted on two threads (chunks.c). Each thread has its own line memo,
 * so the text is the same as one thread's. */

#define TEXT_CHUNK 4096
#define TEXT_PARALLEL_MIN (4 * TEXT_CHUNK) /* fewer findings: one thread */

struct text_chunks {
	const struct report *r;
	const struct style *st;
	size_t nper; /* chunks per pass */
	const struct report_listing *l;
};

/* Chunk K: the findings of pass K / nper (0: open ones) in its slice. */
static void format_chunk(void *ctx, size_t k, struct strbuf *sb, void *memo)
{
	const struct text_chunks *c = ctx;
	bool open_pass = k < c->nper;
	size_t lo, hi;
	chunk_range(k % c->nper, TEXT_CHUNK, c->r->nfindings, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct finding *f = &c->r->findings[i];
		if ((f->status == FS_OPEN) == open_pass && report_listed(c->l, f, i))
			finding_line(sb, c->st, f, memo);
	}
}

/* The findings, at most r->view.max_findings of each severity
 * (REPORT_TEXT_MAX_FINDINGS), open ones first, then a line counting the
 * rest. */
static int findings(const struct report *r, struct strbuf *sb, const struct style *st, FILE *fp)
{
	struct report_listing l;
	report_listing(r, report_max_findings(&r->view, REPORT_TEXT_MAX_FINDINGS), &l);
	if (!r->total[SEV_ERROR] && !r->total[SEV_WARNING] && !r->total[SEV_INFO]) {
		sb_puts(sb, "\nno findings\n");
		return 0;
	}
	sb_puts(sb, "\nfindings:\n");
	if (report_spill(sb, fp, 0) != 0) /* what precedes the findings */
		return -1;
	struct text_chunks c = {.r = r, .st = st, .l = &l};
	c.nper = (r->nfindings + TEXT_CHUNK - 1) / TEXT_CHUNK;
	struct line_memo m[2] = {{.prefix = STRBUF_INIT, .at = STRBUF_INIT},
				 {.prefix = STRBUF_INIT, .at = STRBUF_INIT}};
	size_t listed = l.listed[0] + l.listed[1] + l.listed[2];
	int rc = report_write_chunks(fp, 2 * c.nper, listed >= TEXT_PARALLEL_MIN, format_chunk,
				     &c, &m[0], &m[1]);
	for (int i = 0; i < 2; i++) {
		sb_release(&m[i].prefix);
		sb_release(&m[i].at);
	}
	if (report_left_out(r, &l)) {
		sb_puts(sb, st->dim);
		report_left_out_line(sb, r, &l);
		sb_printf(sb, "; --max-findings 0 lists all, -f json writes all%s\n", st->off);
	}
	return rc;
}

static void exposure(const struct report *r, struct strbuf *sb, const struct style *st)
{
	if (!r->nexposure)
		return;
	sb_printf(sb, "\nforeign share by group:\n  %-26s %-24s %12s %6s  %6s  %6s\n", "RULE", "GROUP",
		  "FOREIGN/ALL", "UNITS", "TPP", "MAX");
	for (size_t i = 0; i < r->nexposure; i++) {
		const struct exposure_row *e = &r->exposure[i];
		char units[48];
		snprintf(units, sizeof(units), "%lld/%lld", e->units_foreign, e->units_total);
		size_t from = sb->len;
		sb_printf(sb, "  %-26s %-24s %12s ", e->rule, e->group, units);
		sb_escape_controls(sb, from);
		pct(sb, e->share_units);
		sb_puts(sb, "  ");
		pct(sb, e->share_tpp);
		sb_puts(sb, "  ");
		pct(sb, e->max_share);
		if (e->breach)
			sb_printf(sb, "  %sbreach%s", st->err, st->off);
		else if (e->indeterminate)
			sb_printf(sb, "  %sindeterminate%s", st->warn, st->off);
		if (e->units_unknown)
			sb_printf(sb, "  (%lld units of unknown origin)", e->units_unknown);
		sb_putc(sb, '\n');
	}
}

static void origins(const struct report *r, struct strbuf *sb)
{
	if (!r->norigins)
		return;
	sb_puts(sb, "\nunits and TPP by origin:\n");
	for (size_t i = 0; i < r->norigins; i++) {
		const struct origin_row *o = &r->origins[i];
		sb_printf(sb, "  %-2s <- %-7s %-8s %8lld units  TPP %.0f", o->jurisdiction ? o->jurisdiction : "??",
			  o->origin ? o->origin : "unknown", o->origin ? (o->foreign ? "foreign" : "domestic") : "",
			  o->units, o->tpp);
		if (o->units_tpp_unknown)
			sb_printf(sb, " (%lld units with unknown TPP)", o->units_tpp_unknown);
		sb_putc(sb, '\n');
	}
}

/* "    skipped ID: WHY, DETAIL" for a rule not in force: the reason read
 * as words, and the detail alone when it says the reason itself
 * ("suspended from D1, in force again from D2"). */
static void skipped_line(struct strbuf *sb, const struct rule_info *ri)
{
	const char *why = ri->skipped ? ri->skipped : "not in force";
	if (strcmp(why, "not-yet-effective") == 0)
		why = "not yet in force";
	else if (strcmp(why, "pack-not-effective") == 0)
		why = "pack not yet in force";
	const char *detail = ri->skipped_detail;
	if (detail && strncmp(detail, why, strlen(why)) == 0)
		sb_printf(sb, "    skipped %s: %s\n", ri->id, detail);
	else
		sb_printf(sb, "    skipped %s: %s%s%s\n", ri->id, why, detail ? ", " : "",
			  detail ? detail : "");
}

/* The rules of each pack in force on as_of, the others with why they
 * were skipped, and the parameters the run used. */
static void rules_section(const struct report *r, struct strbuf *sb)
{
	for (size_t p = 0; p < r->npolicies; p++) {
		const char *id = r->policies[p].id;
		size_t on = 0, off = 0, watch = 0;
		for (size_t i = 0; i < r->nrules; i++)
			if (strcmp(r->rules[i]->policy, id) == 0) {
				on += r->rules[i]->in_force;
				off += !r->rules[i]->in_force;
				watch += r->rules[i]->in_force && r->rules[i]->watch;
			}
		sb_printf(sb, "%s%s: %zu rules in force on %s", p ? "" : "\nrules:\n  ", id, on, r->as_of);
		if (watch)
			sb_printf(sb, " (%zu of them watch)", watch);
		sb_printf(sb, ", %zu skipped\n", off);
		for (size_t i = 0; i < r->nrules; i++) {
			const struct rule_info *ri = r->rules[i];
			if (strcmp(ri->policy, id) == 0 && !ri->in_force)
				skipped_line(sb, ri);
		}
		if (p + 1 < r->npolicies)
			sb_puts(sb, "  ");
	}
	for (size_t i = 0; i < r->nparams; i++) {
		const struct report_param *pp = &r->params[i];
		sb_printf(sb, "%s  %s: %s = %s", i ? "" : "\nparameters:\n", pp->policy, pp->name, pp->value);
		if (pp->overridden)
			sb_printf(sb, " (--param; default %s)", pp->dflt);
		sb_putc(sb, '\n');
	}
}

/* "FAIL  14 assets, 4512 units" */
static void verdict(struct strbuf *sb, const struct report *r, const struct style *st)
{
	sb_printf(sb, "%s%s%s  %zu assets, %lld units", r->failed ? st->err : st->bold,
		  r->failed ? "FAIL" : "PASS", st->off, r->assets, r->units);
}

/* "open: 5 error, 3 warning, 1 info; waived 1, justified 1, baseline 0 (fail on error)" */
static void counts(struct strbuf *sb, const struct report *r)
{
	sb_printf(sb, "open: %zu error, %zu warning, %zu info; waived %zu, justified %zu, baseline %zu (fail on %s)",
		  r->open[SEV_ERROR], r->open[SEV_WARNING], r->open[SEV_INFO], r->waived, r->justified,
		  r->baseline, severity_name(r->fail_on));
}

void report_verdict_line(const struct report *r, struct strbuf *sb, bool color)
{
	verdict(sb, r, color ? &colour : &plain);
	sb_puts(sb, "; ");
	counts(sb, r);
}

int report_write_text(const struct report *r, FILE *fp, bool color)
{
	const struct style *st = color ? &colour : &plain;
	struct strbuf sb = STRBUF_INIT;
	verdict(&sb, r, st);
	sb_printf(&sb, ", as of %s; policies:", r->as_of);
	for (size_t i = 0; i < r->npolicies; i++)
		sb_printf(&sb, " %s", r->policies[i].id);
	if (!r->npolicies)
		sb_puts(&sb, " none");
	sb_puts(&sb, "\n  ");
	counts(&sb, r);
	sb_putc(&sb, '\n');
	int rc = findings(r, &sb, st, fp);
	exposure(r, &sb, st);
	origins(r, &sb);
	rules_section(r, &sb);
	if (rc == 0)
		rc = report_spill(&sb, fp, 0);
	sb_release(&sb);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
