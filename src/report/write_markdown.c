/* Markdown (GitHub-flavoured) for a pull-request comment or a job
 * summary: the verdict, the exact counts, the exposure table and a
 * findings table -- open findings first -- of at most max_findings of each
 * severity (REPORT_MARKDOWN_MAX_FINDINGS) with a count of the rest; rows
 * stop short of MD_BUDGET bytes, so the comment stays below GitHub's
 * 65,536-character limit whatever the cells hold.
 *
 * Every cell from the input goes through cell(): table pipes, Markdown
 * punctuation and HTML are escaped, line breaks become spaces, long text
 * is shortened, and '@' is split from what follows so an inventory value
 * cannot mention (and notify) anyone.
 *
 * Must never: let a value from the input end a cell, open a link, an
 * image or raw HTML, or ping a user. */
#include <math.h>
#include <string.h>

#include "report/report.h"

#define CELL_MAX 300     /* bytes of input text per cell */
#define MD_MAX_GROUPS 50 /* exposure rows */
#define MD_BUDGET 60000  /* bytes of the whole comment, before the last lines */

static void cell(struct strbuf *sb, const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++, n++) {
		/* cut at a character boundary */
		if (n >= CELL_MAX && (*p & 0xC0) != 0x80) {
			sb_puts(sb, "\xE2\x80\xA6");
			return;
		}
		switch (*p) {
		case '&':
			sb_puts(sb, "&amp;");
			break;
		case '<':
			sb_puts(sb, "&lt;");
			break;
		case '>':
			sb_puts(sb, "&gt;");
			break;
		case '@':
			sb_puts(sb, "@&#8203;");
			break;
		case '\n':
		case '\r':
		case '\t':
			sb_putc(sb, ' ');
			break;
		case '|':
		case '\\':
		case '`':
		case '*':
		case '_':
		case '[':
		case ']':
		case '#':
		case '~':
		case '$':
			sb_putc(sb, '\\');
			sb_putc(sb, (char)*p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				sb_putc(sb, ' ');
			else
				sb_putc(sb, (char)*p);
		}
	}
}

static void pct(struct strbuf *sb, double v)
{
	if (isnan(v))
		sb_puts(sb, "\xE2\x80\x93"); /* en dash */
	else
		sb_printf(sb, "%.1f%%", v * 100.0);
}

static void summary(struct strbuf *sb, const struct report *r)
{
	sb_printf(sb, "## chipgate: %s\n\n", r->failed ? "\xE2\x9D\x8C FAIL" : "\xE2\x9C\x85 PASS");
	sb_printf(sb, "%zu assets, %lld units, as of %s; fail on **%s**; policies: ", r->assets,
	          r->units, r->as_of, severity_name(r->fail_on));
	for (size_t i = 0; i < r->npolicies; i++) {
		if (i)
			sb_puts(sb, ", ");
		cell(sb, r->policies[i].id);
		if (r->policies[i].version && r->policies[i].version[0]) {
			sb_puts(sb, " ");
			cell(sb, r->policies[i].version);
		}
	}
	if (!r->npolicies)
		sb_puts(sb, "none");
	sb_puts(sb,
	        "\n\n| open errors | open warnings | open info | waived | justified | baseline |\n"
	        "|---:|---:|---:|---:|---:|---:|\n");
	sb_printf(sb, "| %zu | %zu | %zu | %zu | %zu | %zu |\n", r->open[SEV_ERROR],
	          r->open[SEV_WARNING], r->open[SEV_INFO], r->waived, r->justified, r->baseline);
}

static void exposure(struct strbuf *sb, const struct report *r)
{
	if (!r->nexposure)
		return;
	sb_puts(sb, "\n### Foreign share by group\n\n"
	            "| Rule | Group | Foreign / all units | Units | TPP | Max | |\n"
	            "|---|---|---:|---:|---:|---:|---|\n");
	size_t n = r->nexposure < MD_MAX_GROUPS ? r->nexposure : MD_MAX_GROUPS;
	for (size_t i = 0; i < n; i++) {
		const struct exposure_row *e = &r->exposure[i];
		sb_puts(sb, "| ");
		cell(sb, e->rule);
		sb_puts(sb, " | ");
		cell(sb, e->group);
		sb_printf(sb, " | %lld / %lld | ", e->units_foreign, e->units_total);
		pct(sb, e->share_units);
		sb_puts(sb, " | ");
		pct(sb, e->share_tpp);
		sb_puts(sb, " | ");
		pct(sb, e->max_share);
		sb_printf(sb, " | %s |\n",
		          e->breach          ? "**breach**"
		          : e->indeterminate ? "indeterminate"
		                             : "");
	}
	if (r->nexposure > n)
		sb_printf(sb, "\n\xE2\x80\xA6 and %zu more groups (see the full report).\n",
		          r->nexposure - n);
}

static void finding_row(struct strbuf *sb, const struct finding *f)
{
	sb_printf(sb, "| %s | %s | ", severity_name(f->severity), fstatus_name(f->status));
	cell(sb, f->ctx->rule->id);
	sb_puts(sb, " | ");
	if (f->asset) {
		cell(sb, f->asset);
	} else {
		sb_puts(sb, "group ");
		cell(sb, f->ctx->group);
	}
	sb_puts(sb, " | ");
	if (f->ctx->file) {
		cell(sb, f->ctx->file);
		if (f->line)
			sb_printf(sb, ":%d", f->line);
	}
	sb_puts(sb, " | ");
	{
		struct strbuf scratch = STRBUF_INIT;
		const char *m = report_message(f, &scratch);
		cell(sb, m);
		sb_release(&scratch);
	}
	if (f->ctx->note) {
		sb_puts(sb, " \xE2\x80\x94 "); /* em dash */
		cell(sb, f->ctx->note);
	}
	sb_puts(sb, " |\n");
}

static void findings(struct strbuf *sb, const struct report *r)
{
	sb_puts(sb, "\n### Findings\n\n");
	if (!r->total[SEV_ERROR] && !r->total[SEV_WARNING] && !r->total[SEV_INFO]) {
		sb_puts(sb, "No findings.\n");
		return;
	}
	struct report_listing l;
	report_listing(r, report_max_findings(&r->view, REPORT_MARKDOWN_MAX_FINDINGS), &l);
	sb_puts(sb, "| Severity | Status | Rule | Asset | Location | Message |\n"
	            "|---|---|---|---|---|---|\n");
	size_t cut = 0, cut_open = 0; /* listed, but past the comment's budget */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nfindings; i++) {
			const struct finding *f = &r->findings[i];
			if ((f->status == FS_OPEN) != (pass == 0) || !report_listed(&l, f, i))
				continue;
			if (sb->len < MD_BUDGET) {
				finding_row(sb, f);
			} else {
				cut++;
				cut_open += f->status == FS_OPEN;
			}
		}
	if (report_left_out(r, &l)) {
		sb_puts(sb, "\n");
		report_left_out_line(sb, r, &l);
		sb_puts(sb, "; the full report has every one.\n");
	}
	if (cut) {
		sb_puts(sb, "\n\xE2\x80\xA6 and ");
		report_thousands(sb, cut);
		sb_printf(sb, " more row%s (", cut == 1 ? "" : "s");
		report_thousands(sb, cut_open);
		sb_puts(sb, " open) cut to keep this under GitHub's 65,536 characters.\n");
	}
}

int report_write_markdown(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	summary(&sb, r);
	exposure(&sb, r);
	findings(&sb, r);
	sb_printf(&sb, "\n<sub>chipgate %s, generated %s</sub>\n", CHIPGATE_VERSION,
	          r->generated_at);
	int rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len && !ferror(fp) ? 0 : -1;
	sb_release(&sb);
	return rc;
}
