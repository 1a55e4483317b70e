/* Helpers shared by the subcommands: diagnostics and usage on stderr,
 * help on stdout, and the final check that writing stdout succeeded. */
#include "cli/cli.h"
#include "report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		outfile_write_error(&of, &d);
		outfile_abort(&of);
		cli_diag(&d);
		return EXIT_ERROR;
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
		sb_escape_controls(&safe, from);
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

/* ---- outputs that must not replace inputs ------------------------------------ */

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
	       : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

int cli_check_output(const char *out, const char *need)
{
	char ex[96];
	if (!out)
		return 0;
	diag_excerpt(ex, sizeof(ex), out, strlen(out));
	struct stat st;
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
		return cli_error("%s: is a directory", ex);
	if (stat(out, &st) == 0 && (!S_ISREG(st.st_mode) || path_is_descriptor(out))) {
		if (need)
			return cli_error("%s: %s, not %s", ex, need,
					 S_ISREG(st.st_mode) ? "a descriptor of this process"
							     : file_kind(st.st_mode));
		return 0; /* written through, never renamed over */
	}
	/* a temporary file goes beside it: fail now, not after the work */
	struct strbuf dir = STRBUF_INIT;
	const char *slash = strrchr(out, '/');
	if (slash)
		sb_add(&dir, out, slash == out ? 1 : (size_t)(slash - out));
	else
		sb_putc(&dir, '.');
	int rc = 0;
	if (access(dir.buf, W_OK | X_OK) != 0) {
		char dex[96];
		rc = cli_error("%s: cannot write in its directory '%s': %s", ex,
			       diag_excerpt(dex, sizeof(dex), dir.buf, dir.len), strerror(errno));
	}
	sb_release(&dir);
	return rc;
}

/* PATH made absolute through its directory (which must exist), for
 * comparing names that do not exist yet; NULL if it cannot be. */
static char *canonical_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct strbuf dir = STRBUF_INIT;
	if (slash)
		sb_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		sb_putc(&dir, '.');
	char *real = realpath(dir.buf, NULL);
	sb_release(&dir);
	if (!real)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s/%s", real, slash ? slash + 1 : path);
	free(real);
	return sb_detach(&sb);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether replacing OUT would replace the input IN: as files (OUT's
 * entry or what it points to, against IN or what it points to), or as
 * names when neither exists. */
static bool clashes(const char *out, const char *in)
{
	struct stat ol, os, il, is;
	bool have_ol = lstat(out, &ol) == 0, have_os = stat(out, &os) == 0;
	bool have_il, have_is;
	if (strcmp(in, "-") == 0) {
		have_il = false;
		have_is = fstat(0, &is) == 0;
	} else {
		have_il = lstat(in, &il) == 0;
		have_is = stat(in, &is) == 0;
	}
	if (have_ol || have_il || have_is) {
		bool hit = false;
		if (have_ol)
			hit = (have_il && same_file(&ol, &il)) || (have_is && same_file(&ol, &is));
		if (have_os)
			hit = hit || (have_il && same_file(&os, &il)) || (have_is && same_file(&os, &is));
		return hit;
	}
	if (strcmp(in, "-") == 0)
		return false;
	char *a = canonical_name(out), *b = canonical_name(in);
	bool hit = a && b ? strcmp(a, b) == 0 : strcmp(out, in) == 0;
	free(a);
	free(b);
	return hit;
}

int cli_refuse_overwrite(const char *out, const struct cli_input *in, size_t n)
{
	if (!out || strcmp(out, "-") == 0)
		return 0;
	struct stat st;
	/* a device, FIFO or socket is written through, not replaced */
	if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!in[i].path || strncmp(in[i].path, "embedded:", 9) == 0)
			continue;
		if (clashes(out, in[i].path)) {
			char ex[96];
			return cli_error("%s: would overwrite an input (%s)",
					 diag_excerpt(ex, sizeof(ex), out, strlen(out)), in[i].role);
		}
	}
	return 0;
}
