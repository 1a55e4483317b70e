/* GitHub Actions workflow commands. GitHub shows 10 annotations of each
 * level (error, warning, notice) per step and drops the rest, so:
 *
 *     ::error title=chipgate FAIL::14 assets, 4512 units, as of ...: open 5 error, ...
 *     ::error file=inventories/example.cfg,line=64,title=CN-GOV-001::message
 *     ...
 *     chipgate: 24,217 more open findings not annotated (...); every finding: ...
 *
 * the verdict first (an error when the check fails, a notice when it
 * passes), then open findings, most severe first, at most 10 per level
 * with the verdict counted in its own, then a plain line counting the
 * open findings left out. Escaping follows @actions/core: in the message
 * %, CR and LF are percent-encoded; in properties also ':' and ','. An
 * inventory value can therefore never end the command or start another
 * one.
 *
 * Must never: let input reach the output unescaped. */
#include <string.h>

#include "report/report.h"

static void esc(struct strbuf *sb, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			sb_puts(sb, "%25");
			break;
		case '\r':
			sb_puts(sb, "%0D");
			break;
		case '\n':
			sb_puts(sb, "%0A");
			break;
		case ':':
			if (property)
				sb_puts(sb, "%3A");
			else
				sb_putc(sb, ':');
			break;
		case ',':
			if (property)
				sb_puts(sb, "%2C");
			else
				sb_putc(sb, ',');
			break;
		default:
			sb_putc(sb, *s);
		}
	}
}

static const char *command(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "notice";
}

static void annotation(struct strbuf *sb, const struct finding *f, struct strbuf *scratch)
{
	size_t line = sb->len;
	sb_printf(sb, "::%s ", command(f->severity));
	if (f->ctx->file) {
		sb_puts(sb, "file=");
		esc(sb, f->ctx->file, true);
		if (f->line > 0)
			sb_printf(sb, ",line=%d", f->line);
		sb_putc(sb, ',');
	}
	sb_puts(sb, "title=");
	esc(sb, f->ctx->rule->id, true);
	sb_puts(sb, "::");
	const char *m = report_message(f, scratch);
	esc(sb, m ? m : f->ctx->rule->id, false);
	if (f->ctx->note) {
		sb_puts(sb, " (");
		esc(sb, f->ctx->note, false);
		sb_putc(sb, ')');
	}
	sb_escape_controls(sb, line); /* what esc left: no terminal control in the log */
	sb_putc(sb, '\n');
}

/* The verdict, as the first line: an error annotation when failing. */
static void verdict(struct strbuf *sb, const struct report *r)
{
	sb_printf(sb,
	          "::%s title=chipgate %s::%zu assets, %lld units, as of %s: open %zu error, "
	          "%zu warning, %zu info; waived %zu, justified %zu, baseline %zu (fail on %s)\n",
	          r->failed ? "error" : "notice", r->failed ? "FAIL" : "PASS", r->assets, r->units,
	          r->as_of, r->open[SEV_ERROR], r->open[SEV_WARNING], r->open[SEV_INFO], r->waived,
	          r->justified, r->baseline, severity_name(r->fail_on));
}

int report_write_github(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT, scratch = STRBUF_INIT;
	size_t max = report_max_findings(&r->view, REPORT_GITHUB_MAX_ANNOTATIONS);
	if (max > REPORT_GITHUB_MAX_ANNOTATIONS)
		max = REPORT_GITHUB_MAX_ANNOTATIONS;
	verdict(&sb, r);
	/* per level: what may still be annotated; the verdict takes one */
	size_t room[3] = {max, max, max};
	int vlevel = r->failed ? SEV_ERROR : SEV_INFO;
	room[vlevel] = room[vlevel] ? room[vlevel] - 1 : 0;
	size_t shown[3] = {0};
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		int s = f->severity <= SEV_ERROR ? f->severity : SEV_ERROR;
		if (f->status != FS_OPEN || shown[s] >= room[s])
			continue;
		annotation(&sb, f, &scratch);
		shown[s]++;
	}
	size_t left = 0;
	for (int s = 0; s < 3; s++)
		left += r->open[s] - shown[s];
	if (left) {
		size_t from = sb.len;
		sb_puts(&sb, "chipgate: ");
		report_thousands(&sb, left);
		sb_printf(&sb, " more open finding%s not annotated (", left == 1 ? "" : "s");
		bool first = true;
		for (int s = SEV_ERROR; s >= SEV_INFO; s--) {
			if (r->open[s] == shown[s])
				continue;
			sb_puts(&sb, first ? "" : ", ");
			report_thousands(&sb, r->open[s] - shown[s]);
			sb_printf(&sb, " %s", severity_name((enum severity)s));
			first = false;
		}
		sb_printf(&sb, "): GitHub shows %zu annotations of each level per step", max);
		if (r->view.full_report)
			sb_printf(&sb, "; every finding: %s", r->view.full_report);
		else
			sb_puts(&sb, "; every finding is in the report of -f json or -f sarif");
		sb_escape_controls(&sb, from);
		sb_putc(&sb, '\n');
	}
	int rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len ? 0 : -1;
	sb_release(&sb);
	sb_release(&scratch);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
