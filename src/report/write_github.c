/* GitHub Actions workflow commands: one annotation per open finding
 *
 *     ::error file=inventories/example.cfg,line=64,title=CN-GOV-001::message
 *
 * (warning and notice for the lower severities), then a notice with the
 * verdict. Escaping follows @actions/core: in the message %, CR and LF are
 * percent-encoded; in properties also ':' and ','. An inventory value can
 * therefore never end the command or start another one.
 *
 * Must never: let input reach the output unescaped. */
#include <string.h>

#include "report/chunks.h"
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
	report_escape_controls(sb, line); /* what esc left: no terminal control in the log */
	sb_putc(sb, '\n');
}

/* A fleet's annotations are formatted in chunks on two threads
 * (chunks.c), each with its own scratch buffer. */
#define GITHUB_CHUNK 4096
#define GITHUB_PARALLEL_MIN (4 * GITHUB_CHUNK)

static void format_chunk(void *ctx, size_t k, struct strbuf *sb, void *scratch)
{
	const struct report *r = ctx;
	size_t lo, hi;
	chunk_range(k, GITHUB_CHUNK, r->nfindings, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		if (r->findings[i].status == FS_OPEN)
			annotation(sb, &r->findings[i], scratch);
}

int report_write_github(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT, scratch[2] = {STRBUF_INIT, STRBUF_INIT};
	int rc = report_write_chunks(fp, (r->nfindings + GITHUB_CHUNK - 1) / GITHUB_CHUNK,
				     r->nfindings >= GITHUB_PARALLEL_MIN, format_chunk, (void *)r,
				     &scratch[0], &scratch[1]);
	sb_release(&scratch[0]);
	sb_release(&scratch[1]);
	sb_printf(&sb,
	          "::notice title=chipgate %s::%zu assets, %lld units, as of %s: open %zu error, "
	          "%zu warning, "
	          "%zu info; waived %zu, justified %zu, baseline %zu (fail on %s)\n",
	          r->failed ? "FAIL" : "PASS", r->assets, r->units, r->as_of, r->open[SEV_ERROR],
	          r->open[SEV_WARNING], r->open[SEV_INFO], r->waived, r->justified, r->baseline,
	          severity_name(r->fail_on));
	if (rc == 0)
		rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len ? 0 : -1;
	sb_release(&sb);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
