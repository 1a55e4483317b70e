/* chipgate check: load the catalog, the inventories and the packs, evaluate,
 * and write the report — to stdout, or atomically to -o FILE. The exit code
 * says whether findings at or above --fail-on remain open. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attest/attest.h"
#include "cli/cli.h"
#include "cli/pipeline.h"

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT, FMT_GITHUB, FMT_MARKDOWN, FMT_HTML };

static const struct {
	const char *name;
	enum format fmt;
} formats[] = {
	{"text", FMT_TEXT},	    {"json", FMT_JSON},		{"sarif", FMT_SARIF}, {"junit", FMT_JUNIT},
	{"github", FMT_GITHUB},	    {"markdown", FMT_MARKDOWN}, {"md", FMT_MARKDOWN}, {"html", FMT_HTML},
};

static int parse_format(const char *s, enum format *f)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(formats); i++)
		if (strcmp(s, formats[i].name) == 0) {
			*f = formats[i].fmt;
			return 0;
		}
	return -1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The format a file name implies, when -f is not given. */
static enum format format_for(const char *path)
{
	static const struct {
		const char *ext;
		enum format fmt;
	} exts[] = {
		{".sarif.json", FMT_SARIF}, {".json", FMT_JSON},	 {".sarif", FMT_SARIF},
		{".xml", FMT_JUNIT},	    {".md", FMT_MARKDOWN},	 {".markdown", FMT_MARKDOWN},
		{".html", FMT_HTML},	    {".htm", FMT_HTML},
	};
	for (size_t i = 0; path && i < CG_ARRAY_LEN(exts); i++)
		if (ends_with(path, exts[i].ext))
			return exts[i].fmt;
	return FMT_TEXT;
}

static int write_format(const struct report *r, enum format fmt, FILE *fp, bool color)
{
	switch (fmt) {
	case FMT_JSON: return report_write_json(r, fp);
	case FMT_SARIF: return report_write_sarif(r, fp);
	case FMT_JUNIT: return report_write_junit(r, fp);
	case FMT_GITHUB: return report_write_github(r, fp);
	case FMT_MARKDOWN: return report_write_markdown(r, fp);
	case FMT_HTML: return report_write_html(r, fp);
	default: return report_write_text(r, fp, color);
	}
}

/* --baseline FILE: read the earlier JSON report (exit 2 when it is not
 * one), record it as an input and mark the findings it already had. */
static int load_baseline(const char *path, struct report *base, char sha256[SHA256_HEX_LEN + 1])
{
	char *buf;
	size_t len;
	struct diag d;
	if (file_read_all(path, &buf, &len, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = report_read_json_text(base, path, buf, len, &d);
	if (rc == 0)
		sha256_hex(buf, len, sha256);
	else
		cli_diag(&d);
	free(buf);
	return rc == 0 ? 0 : EXIT_ERROR;
}

static void apply_baseline(struct report *r, const struct report *base, const char *path,
			   const char *sha256)
{
	struct diag_list warn = {0};
	report_add_input(r, path, "baseline", sha256);
	report_apply_baseline(r, base, path, &warn);
	cli_diag_list(&warn);
	diag_list_release(&warn);
}

struct report_output {
	const struct report *r;
	enum format fmt;
	bool color;
};

static int put_report(FILE *fp, const void *ctx)
{
	const struct report_output *o = ctx;
	return write_format(o->r, o->fmt, fp, o->color);
}

static int write_report(const struct report *r, enum format fmt, const char *out)
{
	const char *nc = getenv("NO_COLOR"); /* no-color.org: set and not empty */
	struct report_output o = {r, fmt, !out && fmt == FMT_TEXT && isatty(1) && !(nc && *nc)};
	return cli_write_output(out, put_report, &o);
}

/* Sign the JSON form of R as a DSSE envelope beside OUT (OUT.dsse.json),
 * with every input as a subject. Done before the report is written, so a
 * key error leaves nothing behind. Returns 0 or EXIT_ERROR. */
static int sign_report(const struct report *r, const char *key, const char *out, char **envelope)
{
	char *json = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&json, &len);
	if (!mem || report_write_json(r, mem) != 0 || fclose(mem) != 0) {
		free(json);
		return cli_error("cannot render the report for signing");
	}
	struct attest_subject *subj = xcalloc(r->ninputs + 1, sizeof(*subj));
	for (size_t i = 0; i < r->ninputs; i++) {
		subj[i].name = r->inputs[i].path;
		memcpy(subj[i].sha256, r->inputs[i].sha256, sizeof(subj[i].sha256));
	}
	struct strbuf env = STRBUF_INIT;
	sb_printf(&env, "%s.dsse.json", out);
	struct diag d;
	diag_clear(&d);
	int rc = attest_sign_report(json, len, subj, r->ninputs, key, ATTEST_PASS_PROMPT, env.buf, &d);
	free(json);
	free(subj);
	if (rc != ATTEST_OK) {
		cli_diag(&d);
		sb_release(&env);
		return EXIT_ERROR;
	}
	*envelope = sb_detach(&env);
	return 0;
}

int cmd_check(int argc, char **argv)
{
	enum { OPT_FAIL_ON = PIPE_OPT_NEXT, OPT_BASELINE, OPT_SIGN };
	static const struct option opts[] = {
		{"policy", required_argument, NULL, 'p'},
		{"catalog", required_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"as-of", required_argument, NULL, PIPE_OPT_AS_OF},
		{"justifications", required_argument, NULL, PIPE_OPT_JUST},
		{"format-in", required_argument, NULL, PIPE_OPT_FORMAT_IN},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"sign", required_argument, NULL, OPT_SIGN},
		{NULL, 0, NULL, 0},
	};
	struct pipeline_opts o = {.stream = true};
	enum format fmt = FMT_TEXT;
	bool fmt_set = false;
	enum severity fail_on = SEV_ERROR;
	const char *out = NULL, *baseline = NULL, *sign_key = NULL;
	char *envelope = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:C:f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'C':
		case PIPE_OPT_AS_OF:
		case PIPE_OPT_JUST:
		case PIPE_OPT_FORMAT_IN:
			if (pipeline_parse_opt(&o, c, optarg, "check") != 0)
				return EXIT_ERROR;
			break;
		case 'f':
			if (parse_format(optarg, &fmt) != 0)
				return cli_usage_error("check",
						       "unknown format '%s' (text, json, sarif, junit, github, markdown, html)",
						       optarg);
			fmt_set = true;
			break;
		case 'o': out = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
		case OPT_FAIL_ON:
			if (severity_parse(optarg, &fail_on) != 0)
				return cli_usage_error("check", "invalid --fail-on '%s' (error, warning, info, never)",
						       optarg);
			break;
		case OPT_BASELINE: baseline = optarg; break;
		case OPT_SIGN: sign_key = optarg; break;
		default: return cli_usage_error("check", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("check", "no inventory given");
	if (!fmt_set)
		fmt = format_for(out);
	if (sign_key && !out)
		return cli_usage_error("check", "--sign needs -o FILE: the envelope is written beside the report");

	struct report base;
	char base_sha[SHA256_HEX_LEN + 1];
	if (baseline && load_baseline(baseline, &base, base_sha) != 0)
		return EXIT_ERROR;
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, argv + optind, (size_t)(argc - optind));
	if (rc != 0) {
		pipeline_free(&pl);
		if (baseline)
			report_free(&base);
		return rc;
	}
	long long now = time_now_epoch();
	if (now < 0) {
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		char ex[96];
		pipeline_free(&pl);
		if (baseline)
			report_free(&base);
		return cli_error("invalid SOURCE_DATE_EPOCH '%s' (seconds since 1970, at most year 9999)",
				 diag_excerpt(ex, sizeof(ex), sde, strlen(sde)));
	}
	struct report r;
	report_init(&r, pl.as_of, now, fail_on);
	pipeline_inputs(&pl, &o, &r);
	rc = pipeline_run(&pl, &r);
	if (rc == 0 && baseline)
		apply_baseline(&r, &base, baseline, base_sha);
	if (baseline)
		report_free(&base);
	if (rc == 0 && sign_key)
		rc = sign_report(&r, sign_key, out, &envelope);
	if (rc == 0)
		rc = write_report(&r, fmt, out);
	if (rc != 0 && envelope)
		unlink(envelope); /* no envelope for a report that was not written */
	free(envelope);
	if (rc == 0)
		rc = r.failed ? EXIT_FINDINGS : EXIT_PASS;
	report_free(&r);
	pipeline_free(&pl);
	return cli_finish(rc);
}
