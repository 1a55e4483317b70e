/* Option parsing, --help and colour for every command, driven by the
 * command's table of struct cli_opt (cli.h). The table is the one source:
 * the parser accepts what it lists, --help prints it, the completion
 * script is written from it, and tests/e2e/man.sh checks the man pages
 * against --help. Nothing here knows any one command. It must never
 * print a value from the command line except quoted as an excerpt. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const struct cli_opt help_opt = {'h', "help", NULL, "show this help and exit", NULL};

/* An option's value is optional when its placeholder is "[WHEN]": it is
 * then taken only from "--name=VALUE", never from the next argument. */
static bool optional_value(const struct cli_opt *o)
{
	return o->arg && o->arg[0] == '[';
}

void cli_args_init(struct cli_args *a, const char *cmd, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cli_find(cmd);
	a->argc = argc;
	a->argv = argv;
	a->next = 1;
	a->ops = argv + 1;
}

static int CG_PRINTF(3, 4) fail(struct cli_args *a, const char *hint, const char *fmt, ...)
{
	if (a->quiet)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (hint)
		sb_printf(&sb, " (did you mean '%s'?)", hint);
	cli_usage_error(a->cmd->name, "%s", sb_str(&sb));
	sb_release(&sb);
	return -1;
}

/* The table entry for the long option NAME (LEN bytes, no "--"): an exact
 * match, else the one option it abbreviates. NULL after reporting. */
static const struct cli_opt *find_long(struct cli_args *a, const char *name, size_t len)
{
	const struct cli_opt *prefix = NULL;
	size_t nprefix = 0;
	for (const struct cli_opt *o = a->cmd->opts; o->code; o++) {
		if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
			return o;
		if (len && strncmp(o->name, name, len) == 0) {
			prefix = o;
			nprefix++;
		}
	}
	if (len == 4 && memcmp(name, "help", 4) == 0)
		return &help_opt;
	if (nprefix == 1)
		return prefix;
	char word[72], ex[96];
	snprintf(word, sizeof(word), "--%.*s", (int)(len < 64 ? len : 64), name);
	diag_excerpt(ex, sizeof(ex), word, strlen(word));
	if (nprefix > 1)
		return fail(a, NULL, "option '%s' is ambiguous; spell it out (see --help)", ex), NULL;
	struct suggest s;
	suggest_init(&s, word + 2);
	for (const struct cli_opt *o = a->cmd->opts; o->code; o++)
		suggest_offer(&s, o->name);
	char hint[72];
	if (s.best)
		snprintf(hint, sizeof(hint), "--%s", s.best);
	return fail(a, s.best ? hint : NULL, "unknown option '%s'", ex), NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, int ch)
{
	if (ch == 'h')
		return &help_opt;
	for (const struct cli_opt *o = opts; o->code; o++)
		if (o->code == ch)
			return o;
	return NULL;
}

/* The next flag of a cluster "-abc", or an option whose value is the rest
 * of the cluster or the next argument. */
static int next_short(struct cli_args *a)
{
	int ch = (unsigned char)*a->cluster++;
	char word[3] = {'-', (char)ch, '\0'}, ex[16];
	diag_excerpt(ex, sizeof(ex), word, 2);
	const struct cli_opt *o = find_short(a->cmd->opts, ch);
	if (!o)
		return fail(a, NULL, "unknown option '%s'", ex);
	a->arg = NULL;
	if (o->arg && !optional_value(o)) {
		if (*a->cluster) {
			a->arg = a->cluster;
		} else if (a->next < a->argc) {
			a->arg = a->argv[a->next++];
		} else {
			a->cluster = NULL;
			return fail(a, NULL, "option '%s' needs a value", ex);
		}
		a->cluster = NULL;
	} else if (!*a->cluster) {
		a->cluster = NULL;
	}
	return o->code;
}

static int next_long(struct cli_args *a, const char *word)
{
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cli_opt *o = find_long(a, name, len);
	if (!o)
		return -1;
	char flag[72];
	snprintf(flag, sizeof(flag), "--%s", o->name);
	a->arg = NULL;
	if (eq && !o->arg)
		return fail(a, NULL, "option '%s' takes no value", flag);
	if (eq) {
		a->arg = eq + 1;
	} else if (o->arg && !optional_value(o)) {
		if (a->next >= a->argc)
			return fail(a, NULL, "option '%s' needs a value", flag);
		a->arg = a->argv[a->next++];
	}
	return o->code;
}

int cli_args_next(struct cli_args *a)
{
	if (a->cluster)
		return next_short(a);
	while (a->next < a->argc) {
		char *w = a->argv[a->next++];
		if (a->ended || w[0] != '-' || w[1] == '\0') {
			a->ops[a->nops++] = w; /* never ahead of the element read */
			continue;
		}
		if (strcmp(w, "--") == 0) {
			a->ended = true;
			continue;
		}
		if (w[1] != '-') {
			a->cluster = w + 1;
			return next_short(a);
		}
		return next_long(a, w);
	}
	return 0;
}

bool cli_wants_help(const char *cmd, int argc, char **argv)
{
	char **copy = xcalloc((size_t)argc + 1, sizeof(*copy));
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	struct cli_args a;
	cli_args_init(&a, cmd, argc, copy);
	a.quiet = true;
	int c;
	while ((c = cli_args_next(&a)) > 0 && c != 'h')
		;
	free(copy);
	return c == 'h';
}

/* "  -o, --output FILE" or "      --as-of YYYY-MM-DD" into SB. */
static void spelling(struct strbuf *sb, const struct cli_opt *o)
{
	if (o->code < 256)
		sb_printf(sb, "  -%c, ", o->code);
	else
		sb_puts(sb, "      ");
	sb_printf(sb, "--%s", o->name);
	if (optional_value(o))
		sb_printf(sb, "[=%.*s]", (int)strlen(o->arg) - 2, o->arg + 1);
	else if (o->arg)
		sb_printf(sb, " %s", o->arg);
}

/* TEXT from column COL, wrapped before column 80 with continuation lines
 * indented to COL. The cursor is at column AT (past COL: a new line first). */
static void wrap(struct strbuf *sb, const char *text, size_t at, size_t col)
{
	if (at + 2 > col) {
		sb_putc(sb, '\n');
		at = 0;
	}
	for (; at < col; at++)
		sb_putc(sb, ' ');
	while (*text) {
		size_t n = strcspn(text, " ");
		if (at > col && at + 1 + n > 79) {
			sb_putc(sb, '\n');
			for (at = 0; at < col; at++)
				sb_putc(sb, ' ');
		} else if (at > col) {
			sb_putc(sb, ' ');
			at++;
		}
		sb_add(sb, text, n);
		at += n;
		text += n;
		while (*text == ' ')
			text++;
	}
	sb_putc(sb, '\n');
}

void cli_print_help(const struct cli_command *c, FILE *fp)
{
	enum { COL = 30 };
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "usage: %s\n\n%s.\n\noptions:\n", c->usage, c->summary);
	for (const struct cli_opt *o = c->opts;; o++) {
		const struct cli_opt *e = o->code ? o : &help_opt;
		size_t from = sb.len;
		spelling(&sb, e);
		wrap(&sb, e->help, sb.len - from, COL);
		if (!o->code)
			break;
	}
	sb_printf(&sb, "\nexit status:\n%s\n\nThe manual: %s.\n", c->exits, c->manual);
	fputs(sb_str(&sb), fp);
	sb_release(&sb);
}

bool cli_use_color(const char *when, int fd)
{
	if (when && strcmp(when, "always") == 0)
		return true;
	if (when && strcmp(when, "never") == 0)
		return false;
	const char *nc = getenv("NO_COLOR");
	return !(nc && *nc) && isatty(fd);
}
