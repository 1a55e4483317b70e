/* Helpers shared by the subcommands: diagnostics and usage on stderr,
 * help on stdout, and the final check that writing stdout succeeded. */
#include "cli/cli.h"
#include "report/report.h"

#include <errno.h>
#include <string.h>

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const char *cli_suggest_command(const char *name)
{
	struct suggest s;
	suggest_init(&s, name);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		suggest_offer(&s, c->name);
	return s.best;
}

void cli_diag(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "chipgate: ");
	diag_format(d, &sb);
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), stderr);
	sb_release(&sb);
}

void cli_diag_list(const struct diag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		cli_diag(&l->v[i]);
}

int cli_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "chipgate: %s\n", sb_str(&sb));
	sb_release(&sb);
	return EXIT_ERROR;
}

static void print_usage(FILE *fp, const struct cli_command *c)
{
	fprintf(fp, "usage: %s\n", c->usage);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "chipgate: %s\n", sb_str(&sb));
	sb_release(&sb);
	const struct cli_command *c = cmd ? cli_find(cmd) : NULL;
	if (c)
		print_usage(stderr, c);
	return EXIT_ERROR;
}

int cli_help(const char *cmd)
{
	const struct cli_command *c = cli_find(cmd);
	if (c)
		cli_print_help(c, stdout);
	return cli_finish(EXIT_PASS);
}

int cli_write_output(const char *out, cli_writer write, const void *ctx)
{
	struct outfile of;
	struct diag d;
	if (outfile_open(&of, out, 0644, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if (write(of.fp, ctx) != 0) {
		outfile_abort(&of);
		return cli_error("%s: write error", out ? out : "<stdout>");
	}
	if (outfile_commit(&of, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}

void cli_put_text(const char *text, FILE *fp)
{
	struct strbuf safe = STRBUF_INIT;
	for (const char *p = text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		size_t from = safe.len;
		sb_add(&safe, p, nl ? (size_t)(nl - p) : strlen(p));
		report_escape_controls(&safe, from);
		if (!nl)
			break;
		sb_putc(&safe, '\n');
	}
	fputs(sb_str(&safe), fp);
	sb_release(&safe);
}

int cli_finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "chipgate: <stdout>: write error: %s\n", strerror(errno));
		return EXIT_ERROR;
	}
	return rc;
}
