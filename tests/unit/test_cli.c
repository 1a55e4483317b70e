/* Unit tests for the command-line layer's shared parts: the option parser
 * (GNU order, "--", joined and separate values, clusters, abbreviations,
 * did-you-mean), the --help probe, the help text written from an option
 * table, and "did you mean". The command table here is the test's own: the
 * parser must know nothing of the real commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"

enum { OPT_LONG_ONLY = 0x300, OPT_FLAG_LONG };

static const struct cli_opt test_opts[] = {
	{'o', "output", "FILE", "write to FILE (default: standard output)", "@file"},
	{'f', "format", "FORMAT", "text or json", "text json"},
	{'q', "quiet", NULL, "say less", NULL},
	{'v', "verbose", NULL, "say more", NULL},
	{OPT_LONG_ONLY, "format-in", "FORMAT", "read as FORMAT", NULL},
	{OPT_FLAG_LONG, "color", "[WHEN]", "colour: auto, always or never", "auto always never"},
	{0, NULL, NULL, NULL, NULL},
};

static int cmd_test(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

const struct cli_command cli_commands[] = {
	{"test", cmd_test, "chipgate test [-o FILE] [-qv] OPERAND...", "a command for the tests",
	 test_opts, "@file", "  0  fine", "nowhere(1)"},
	{"other", cmd_test, "chipgate other", "another", test_opts, NULL, "  0  fine", "nowhere(1)"},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

/* The option codes (and values after '=') of ARGV parsed as "test", as a
 * string "o=FILE q f=json ..." and the operands after " | "; "ERR" when the
 * parser refused. */
static char *parse(int argc, const char *const *in)
{
	char **argv = calloc((size_t)argc + 1, sizeof(*argv));
	for (int i = 0; i < argc; i++)
		argv[i] = (char *)in[i];
	struct cli_args a;
	cli_args_init(&a, "test", argc, argv);
	struct strbuf sb = STRBUF_INIT;
	int c;
	while ((c = cli_args_next(&a)) > 0) {
		if (c < 256)
			sb_printf(&sb, "%c", c);
		else
			sb_printf(&sb, "#%x", c);
		if (a.arg)
			sb_printf(&sb, "=%s", a.arg);
		sb_putc(&sb, ' ');
	}
	if (c < 0) {
		sb_release(&sb);
		free(argv);
		return strdup("ERR");
	}
	sb_puts(&sb, "|");
	for (size_t i = 0; i < a.nops; i++)
		sb_printf(&sb, " %s", a.ops[i]);
	free(argv);
	return sb_detach(&sb);
}

#define PARSE(expect, ...)                                                                         \
	do {                                                                                       \
		const char *in_[] = {"test", __VA_ARGS__};                                         \
		char *got_ = parse((int)(sizeof(in_) / sizeof(in_[0])), in_);                      \
		assert_string_equal(got_, expect);                                                 \
		free(got_);                                                                        \
	} while (0)

static void test_order(void **state)
{
	(void)state;
	/* options before, between and after operands mean the same */
	PARSE("o=r.json | inv.cfg", "-o", "r.json", "inv.cfg");
	PARSE("o=r.json | inv.cfg", "inv.cfg", "-o", "r.json");
	PARSE("q o=x | a b c", "a", "-q", "b", "-o", "x", "c");
	/* operands keep their order; "-" is an operand */
	PARSE("| - b", "-", "b");
	/* "--" ends the options, once */
	PARSE("q | -o x --", "-q", "--", "-o", "x", "--");
	PARSE("|", "--");
	/* a value is taken whatever it looks like */
	PARSE("o=-q | a", "-o", "-q", "a");
	PARSE("o=-- | a", "-o", "--", "a");
}

static void test_spellings(void **state)
{
	(void)state;
	PARSE("o=r.json |", "-or.json");
	PARSE("o=r.json |", "--output=r.json");
	PARSE("o=r.json |", "--output", "r.json");
	PARSE("o= |", "--output=");
	PARSE("q v |", "-qv");
	PARSE("q v o=x |", "-qvo", "x");
	PARSE("q o=x |", "-qox");
	PARSE("#300=csv |", "--format-in", "csv");
	/* unique abbreviations; an exact name wins over a longer one */
	PARSE("o=x |", "--out", "x");
	PARSE("f=json |", "--format", "json");
	PARSE("#300=cfg |", "--format-i=cfg");
	/* an optional value only with '=' */
	PARSE("#301 | a", "--color", "a");
	PARSE("#301=never | a", "--color=never", "a");
	/* -h is every command's */
	PARSE("h |", "-h");
	PARSE("h |", "--help");
}

static void test_refusals(void **state)
{
	(void)state;
	PARSE("ERR", "-x");
	PARSE("ERR", "--bogus");
	PARSE("ERR", "--forma", "json"); /* format or format-in */
	PARSE("ERR", "-o");              /* no value */
	PARSE("ERR", "a", "--output");
	PARSE("ERR", "--quiet=yes");     /* a flag takes no value */
	PARSE("ERR", "-qx");
	PARSE("ERR", "--=x");
}

static void test_wants_help(void **state)
{
	(void)state;
	char *a1[] = {"test", "inv.cfg", "--help", NULL};
	assert_true(cli_wants_help("test", 3, a1));
	char *a2[] = {"test", "-qh", NULL};
	assert_true(cli_wants_help("test", 2, a2));
	char *a3[] = {"test", "-o", "-h", NULL}; /* the value of -o */
	assert_false(cli_wants_help("test", 3, a3));
	char *a4[] = {"test", "--", "-h", NULL}; /* an operand */
	assert_false(cli_wants_help("test", 3, a4));
	char *a5[] = {"test", "--output=--help", "x", NULL};
	assert_false(cli_wants_help("test", 3, a5));
	/* the probe reorders nothing: argv is as it was */
	char *a6[] = {"test", "a", "-q", "b", NULL};
	assert_false(cli_wants_help("test", 4, a6));
	assert_string_equal(a6[1], "a");
	assert_string_equal(a6[2], "-q");
	assert_string_equal(a6[3], "b");
}

static void test_help_text(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	cli_print_help(&cli_commands[0], fp);
	fclose(fp);
	assert_true(strncmp(text, "usage: chipgate test [-o FILE] [-qv] OPERAND...\n\n", 49) == 0);
	assert_non_null(strstr(text, "\n  -o, --output FILE  "));
	assert_non_null(strstr(text, "write to FILE (default: standard output)\n"));
	assert_non_null(strstr(text, "\n      --format-in FORMAT  "));
	assert_non_null(strstr(text, "\n      --color[=WHEN]  "));
	assert_non_null(strstr(text, "\n  -h, --help  "));
	assert_non_null(strstr(text, "\nexit status:\n  0  fine\n"));
	assert_non_null(strstr(text, "nowhere(1)"));
	/* every line fits 80 columns */
	for (char *p = text, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p < 80);
	free(text);
}

static const char *suggest_of(const char *word, const char *const *cands)
{
	struct suggest s;
	suggest_init(&s, word);
	for (; *cands; cands++)
		suggest_offer(&s, *cands);
	return s.best;
}

static void test_suggest(void **state)
{
	(void)state;
	static const char *const cmds[] = {"check", "explain", "lint",   "catalog", "collect",
					   "review", "justify", "approve", "keygen", "verify",
					   "diff",   NULL};
	assert_string_equal(suggest_of("chek", cmds), "check");
	assert_string_equal(suggest_of("chekc", cmds), "check"); /* a swap is one edit */
	assert_string_equal(suggest_of("verfiy", cmds), "verify");
	assert_string_equal(suggest_of("colect", cmds), "collect");
	assert_null(suggest_of("frobnicate", cmds));
	assert_null(suggest_of("check", cmds)); /* itself is no suggestion */
	assert_null(suggest_of("x", cmds));
	static const char *const ids[] = {"bj1-h20-train", "bj1-h20-ord-0903", "sh2-h20-ord-0815",
					  NULL};
	assert_string_equal(suggest_of("bj1-h20-ord-093", ids), "bj1-h20-ord-0903");
	assert_string_equal(suggest_of("sh2-h20-ord-815", ids), "sh2-h20-ord-0815");
	assert_null(suggest_of("gz3-h100-gov", ids));
	/* short words allow one edit, longer ones a third of their length, at most 3 */
	static const char *const far[] = {"abcdefghijkl", NULL};
	assert_string_equal(suggest_of("abcdefghixyz", far), "abcdefghijkl");
	assert_null(suggest_of("abcdefgwxyz", far));
	static const char *const tie[] = {"cat", "car", NULL};
	assert_string_equal(suggest_of("cas", tie), "cat"); /* the first on a tie */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),	   cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_refusals),   cmocka_unit_test(test_wants_help),
		cmocka_unit_test(test_help_text),  cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
