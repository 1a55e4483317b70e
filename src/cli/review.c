/* chipgate review: the command. It parses the options, loads what check
 * loads, judges every pending order (status ordered or planned) that a
 * `require = "justification"` rule applies to, with the open findings of
 * other rules at or above --fail-on that still block it (the same
 * evaluation check makes), and writes the review, most urgent first, on
 * stdout or atomically to -o FILE, in the format -f or the extension of
 * -o names. Exit 0 when every order is cleared, 1 otherwise, 2 on an
 * error. The verdicts come from the engine's own functions
 * (engine_review, pipeline_run for the findings, review_block); the
 * wording is review_render.c's.
 *
 * Must never: write text to a terminal with its control characters
 * (cli_put_text), nor replace one of the files it reads with -o. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "cli/review_render.h"

#define RFORMAT_NAMES "text, json, markdown, html"

static const struct {
	const char *name;
	enum review_format fmt;
} rformats[] = {
	{"text", RF_TEXT}, {"json", RF_JSON}, {"markdown", RF_MARKDOWN}, {"md", RF_MARKDOWN},
	{"html", RF_HTML},
};

static int parse_rformat(const char *s, enum review_format *f)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(rformats); i++)
		if (strcmp(s, rformats[i].name) == 0) {
			*f = rformats[i].fmt;
			return 0;
		}
	return -1;
}

static bool ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The format the name given to -o implies when -f is not given: its
 * extension, in any case. -1 when the extension is unknown or missing. */
static int rformat_for(const char *path, enum review_format *f)
{
	static const struct {
		const char *ext;
		enum review_format fmt;
	} exts[] = {
		{".json", RF_JSON}, {".md", RF_MARKDOWN}, {".markdown", RF_MARKDOWN},
		{".html", RF_HTML}, {".htm", RF_HTML},    {".txt", RF_TEXT},
		{".text", RF_TEXT},
	};
	*f = RF_TEXT;
	if (!path)
		return 0;
	for (size_t i = 0; i < CG_ARRAY_LEN(exts); i++)
		if (ends_with_nocase(path, exts[i].ext)) {
			*f = exts[i].fmt;
			return 0;
		}
	return -1;
}

const struct cli_opt cli_review_opts[] = {
	PIPE_OPT_POLICY,
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT",
	 "write the review as " RFORMAT_NAMES " (default: from the extension of -o, else text)",
	 "text json markdown html"},
	{'o', "output", "FILE",
	 "write the review to FILE, atomically, and the verdict to standard error (default: "
	 "standard output)",
	 "@file"},
	{OPT_FAIL_ON, "fail-on", "SEVERITY",
	 "an order is blocked by an open finding of another rule on it at or above error, warning "
	 "or info; never: by none (default: error)",
	 "error warning info never"},
	PIPE_OPT_AS_OF,
	PIPE_OPT_JUSTIFICATIONS,
	PIPE_OPT_SITES,
	PIPE_OPT_PARAM,
	PIPE_OPT_APPROVERS,
	PIPE_OPT_ENABLE,
	{'q', "quiet", NULL, "do not print the verdict on standard error when writing to -o FILE",
	 NULL},
	{0, NULL, NULL, NULL, NULL},
};

struct review_output {
	const char *text;
	enum review_format fmt;
};

static int put_review(FILE *fp, const void *ctx)
{
	const struct review_output *o = ctx;
	if (o->fmt == RF_TEXT)
		cli_put_text(o->text, fp); /* models from inputs: no raw control */
	else
		fputs(o->text, fp); /* escaped by their writers */
	return ferror(fp) ? -1 : 0;
}

/* With -o, the verdict goes to standard error, so a CI log shows it. */
static void print_verdict(const struct review_ctx *c, const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s  ", c->cleared == c->rv->n ? "PASS" : "FAIL");
	if (c->rv->n)
		review_cleared_line(c, &sb);
	else
		sb_puts(&sb, "no pending order needs a justification");
	sb_puts(&sb, "; review in ");
	size_t from = sb.len;
	sb_puts(&sb, out);
	sb_escape_controls(&sb, from);
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), stderr);
	sb_release(&sb);
}

/* Judge every pending order of PL against the findings in R and write
 * the review. Returns the exit code. */
static int review_write(const struct pipeline *pl, const struct report *r,
			enum review_format fmt, enum severity fail_on, const char *out, bool quiet)
{
	struct report scratch;
	/* engine_review's engine registers the packs again: into a report of
	 * its own, kept while the verdicts borrow from the engine */
	report_init(&scratch, pl->as_of, 0, fail_on);
	struct engine *e = engine_new(pl->pols, pl->npols, &pl->cat, &scratch, pl->as_of);
	struct review rv = REVIEW_INIT;
	for (size_t i = 0; i < pl->ninvs; i++)
		engine_review(e, &pl->invs[i], NULL, &rv);
	review_block(&rv, r, fail_on);
	review_sort(&rv);
	struct review_ctx cx = {pl, r, &rv, "", fail_on, 0, 0};
	date_format(pl->as_of, cx.as_of);
	for (size_t i = 0; i < rv.n; i++) {
		cx.cleared += rv.items[i].cleared;
		cx.blocked += rv.items[i].nblock > 0;
	}
	struct strbuf text = STRBUF_INIT;
	int rc = review_render(&cx, fmt, &text);
	if (rc == 0) {
		struct review_output ro = {sb_str(&text), fmt};
		rc = cli_write_output(out, put_review, &ro);
	}
	if (rc == 0 && out && !quiet)
		print_verdict(&cx, out);
	if (rc == 0)
		rc = cx.cleared == rv.n ? EXIT_PASS : EXIT_FINDINGS;
	sb_release(&text);
	review_release(&rv);
	engine_free(e);
	report_free(&scratch);
	return rc;
}

/* Evaluate PL as `check` would, into a report of its own, and write the
 * review of its pending orders. Returns the exit code. */
static int review_run(struct pipeline *pl, const struct pipeline_opts *o,
		      enum review_format fmt, enum severity fail_on, const char *out, bool quiet)
{
	struct report r;
	report_init(&r, pl->as_of, 0, fail_on);
	pipeline_inputs(pl, o, &r);
	int rc = pipeline_run(pl, &r);
	if (rc == 0)
		rc = review_write(pl, &r, fmt, fail_on, out, quiet);
	report_free(&r);
	return rc;
}

int cmd_review(int argc, char **argv)
{
	struct pipeline_opts o = {0};
	enum review_format fmt = RF_TEXT;
	enum severity fail_on = SEV_ERROR;
	bool fmt_set = false, quiet = false;
	const char *out = NULL;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "review", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		const char *v = args.arg;
		switch (c) {
		case 'f':
			if (parse_rformat(v, &fmt) != 0)
				return cli_usage_error("review", "unknown format '%s' (" RFORMAT_NAMES ")",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			fmt_set = true;
			break;
		case 'o': out = strcmp(v, "-") == 0 ? NULL : v; break;
		case OPT_FAIL_ON:
			if (severity_parse(v, &fail_on) != 0)
				return cli_usage_error("review",
						       "invalid --fail-on '%s' (error, warning, info, never)",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			break;
		case 'q': quiet = true; break;
		default:
			if (pipeline_parse_opt(&o, c, v, "review") != 0)
				return EXIT_ERROR;
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops == 0)
		return cli_usage_error("review", "no inventory given");
	if (!fmt_set && rformat_for(out, &fmt) != 0)
		return cli_usage_error("review",
				       "cannot tell the review format from the name '%s'; give -f FORMAT ("
				       RFORMAT_NAMES ") or use its extension",
				       diag_excerpt(ex, sizeof(ex), out, strlen(out)));
	if (cli_check_output(out, NULL) != 0)
		return EXIT_ERROR;
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, args.ops, args.nops);
	if (rc == 0) {
		/* the review must not replace what it reads */
		size_t n;
		struct cli_input *in = pipeline_input_files(&pl, &o, &n);
		rc = cli_refuse_overwrite(out, in, n);
		free(in);
	}
	if (rc == 0)
		rc = review_run(&pl, &o, fmt, fail_on, out, quiet);
	pipeline_free(&pl);
	return cli_finish(rc);
}
