/* The human-readable report: a verdict line, findings grouped by severity
 * (waived, justified and baseline ones after the open ones), the exposure
 * and origin tables. Colour only when asked (the caller checks NO_COLOR
 * and isatty). */
#include <math.h>
#include <string.h>

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

static void finding_line(struct strbuf *sb, const struct style *st, const struct finding *f)
{
	bool open = f->status == FS_OPEN;
	sb_printf(sb, "%s%-7s%s %s%s%s", open ? sev_colour(st, f->severity) : st->dim,
		  severity_name(f->severity), st->off, st->bold, f->rule->id, st->off);
	if (!open)
		sb_printf(sb, " %s[%s]%s", st->dim, fstatus_name(f->status), st->off);
	sb_printf(sb, " %s", f->message);
	if (f->file) {
		sb_printf(sb, " %s(%s", st->dim, f->file);
		if (f->line)
			sb_printf(sb, ":%d", f->line);
		sb_printf(sb, ")%s", st->off);
	}
	sb_putc(sb, '\n');
	if (f->note)
		sb_printf(sb, "        %s%s%s\n", st->dim, f->note, st->off);
}

static void findings(const struct report *r, struct strbuf *sb, const struct style *st)
{
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nfindings; i++) {
			const struct finding *f = &r->findings[i];
			if ((f->status == FS_OPEN) != (pass == 0))
				continue;
			if (shown++ == 0)
				sb_puts(sb, "\nfindings:\n");
			finding_line(sb, st, f);
		}
	if (!shown)
		sb_puts(sb, "\nno findings\n");
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
		sb_printf(sb, "  %-26s %-24s %12s ", e->rule, e->group, units);
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

int report_write_text(const struct report *r, FILE *fp, bool color)
{
	const struct style *st = color ? &colour : &plain;
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s%s%s  %zu assets, %lld units, as of %s; policies:", r->failed ? st->err : st->bold,
		  r->failed ? "FAIL" : "PASS", st->off, r->assets, r->units, r->as_of);
	for (size_t i = 0; i < r->npolicies; i++)
		sb_printf(&sb, " %s", r->policies[i].id);
	if (!r->npolicies)
		sb_puts(&sb, " none");
	sb_printf(&sb, "\n  open: %zu error, %zu warning, %zu info; waived %zu, justified %zu, baseline %zu (fail on %s)\n",
		  r->open[SEV_ERROR], r->open[SEV_WARNING], r->open[SEV_INFO], r->waived, r->justified,
		  r->baseline, severity_name(r->fail_on));
	findings(r, &sb, st);
	exposure(r, &sb, st);
	origins(r, &sb);
	int rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len && !ferror(fp) ? 0 : -1;
	sb_release(&sb);
	return rc;
}
