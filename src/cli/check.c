/* chipgate check: load the catalog, the inventories and the packs, evaluate,
 * and write the report — to stdout, or atomically to -o FILE. The exit code
 * says whether findings at or above --fail-on remain open. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "attest/attest.h"
#include "cli/cli.h"
#include "cli/pipeline.h"

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT, FMT_GITHUB, FMT_MARKDOWN, FMT_HTML,
	      FMT_GITLAB };

#define FORMAT_NAMES "text, json, sarif, junit, github, gitlab, markdown, html"

static const struct {
	const char *name;
	enum format fmt;
} formats[] = {
	{"text", FMT_TEXT},	    {"json", FMT_JSON},		{"sarif", FMT_SARIF}, {"junit", FMT_JUNIT},
	{"github", FMT_GITHUB},	    {"markdown", FMT_MARKDOWN}, {"md", FMT_MARKDOWN}, {"html", FMT_HTML},
	{"gitlab", FMT_GITLAB},
};

/* Codes of check's own long options (cli.h's are shared by commands). */
enum { OPT_MAX_FINDINGS = 0x180, OPT_MAX_RESULTS };

const struct cli_opt cli_check_opts[] = {
	PIPE_OPT_POLICY,
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT",
	 "write the report as " FORMAT_NAMES " (default: from the extension of -o, else text)",
	 "text json sarif junit github gitlab markdown html"},
	{'o', "output", "FILE",
	 "write the report to FILE, atomically, and the verdict to standard error (default: "
	 "standard output)",
	 "@file"},
	{OPT_FAIL_ON, "fail-on", "SEVERITY",
	 "exit 1 when an open finding is at least error, warning or info; never: do not fail "
	 "(default: error)",
	 "error warning info never"},
	{OPT_MAX_FINDINGS, "max-findings", "N",
	 "list at most N findings of each severity in text, markdown and html, open ones first, "
	 "and count the rest; 0: all (default: 50, 20, 200; github: 10 annotations per level)",
	 NULL},
	{OPT_MAX_RESULTS, "max-results", "N",
	 "write at most N SARIF results, aggregating the findings past them; 0: no cap "
	 "(default: 25000, what GitHub code scanning accepts)",
	 NULL},
	PIPE_OPT_AS_OF,
	PIPE_OPT_JUSTIFICATIONS,
	PIPE_OPT_FORMAT_IN,
	{OPT_SIGN, "sign", "KEY",
	 "sign the report with this private key into FILE.dsse.json beside -o FILE", "@file"},
	{OPT_BASELINE, "baseline", "REPORT",
	 "mark the findings an earlier JSON report already had as baseline (not failing)",
	 "@file"},
	{OPT_COLOR, "color", "[WHEN]",
	 "colour the text report and the verdict: auto, always (the same as --color alone) or "
	 "never (default: auto, which is never when NO_COLOR is set and not empty)",
	 "auto always never"},
	{'q', "quiet", NULL, "do not print the verdict on standard error when writing to -o FILE",
	 NULL},
	{0, NULL, NULL, NULL, NULL},
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

static bool ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The format the name given to -o implies when -f is not given: its
 * extension, in any case. -1 when the extension is unknown or missing. */
static int format_for(const char *path, enum format *f)
{
	static const struct {
		const char *ext;
		enum format fmt;
	} exts[] = {
		{".sarif.json", FMT_SARIF}, {".json", FMT_JSON},	 {".sarif", FMT_SARIF},
		{".xml", FMT_JUNIT},	    {".md", FMT_MARKDOWN},	 {".markdown", FMT_MARKDOWN},
		{".html", FMT_HTML},	    {".htm", FMT_HTML},		 {".txt", FMT_TEXT},
		{".text", FMT_TEXT},
	};
	*f = FMT_TEXT;
	if (!path)
		return 0;
	for (size_t i = 0; i < CG_ARRAY_LEN(exts); i++)
		if (ends_with_nocase(path, exts[i].ext)) {
			*f = exts[i].fmt;
			return 0;
		}
	return -1;
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
	case FMT_GITLAB: return report_write_gitlab(r, fp);
	default: return report_write_text(r, fp, color);
	}
}

/* --max-findings N, --max-results N: 0 is no cap (REPORT_NO_CAP). */
static int parse_cap(const char *v, const char *opt, size_t *out)
{
	long long n;
	char ex[96];
	if (parse_ll(v, 0, INT_MAX, &n) != 0)
		return cli_usage_error("check", "invalid %s '%s' (a count, 0 for no limit)", opt,
				       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
	*out = n ? (size_t)n : REPORT_NO_CAP;
	return 0;
}

/* The writers' view of R: the caps asked for and, for -f github, where
 * the complete report is. A report read by people (text, markdown, html,
 * github) whose findings are not all needed -- not signed, no baseline --
 * keeps only those it lists and counts the rest (report_keep): a fleet's
 * hundreds of thousands of findings are then never stored or sorted.
 * Call before the findings are added. */
static void set_view(struct report *r, enum format fmt, const struct report_view *v, bool whole)
{
	const char *sum = getenv("GITHUB_STEP_SUMMARY");
	bool summary = sum && *sum;
	r->view = *v;
	size_t keep = 0;
	switch (fmt) {
	case FMT_TEXT: keep = report_max_findings(v, REPORT_TEXT_MAX_FINDINGS); break;
	case FMT_MARKDOWN: keep = report_max_findings(v, REPORT_MARKDOWN_MAX_FINDINGS); break;
	case FMT_HTML: keep = report_max_findings(v, REPORT_HTML_MAX_FINDINGS); break;
	case FMT_GITHUB:
		/* the annotations, or the findings of the job summary */
		keep = report_max_findings(v, REPORT_GITHUB_MAX_ANNOTATIONS);
		if (summary && keep < report_max_findings(v, REPORT_MARKDOWN_MAX_FINDINGS))
			keep = report_max_findings(v, REPORT_MARKDOWN_MAX_FINDINGS);
		break;
	default: break;
	}
	if (!whole && keep != REPORT_NO_CAP)
		report_keep(r, keep);
	if (fmt == FMT_GITHUB && !r->view.full_report) {
		const char *server = getenv("GITHUB_SERVER_URL"), *repo = getenv("GITHUB_REPOSITORY"),
			   *run = getenv("GITHUB_RUN_ID");
		static char url[512];
		if (server && *server && repo && *repo && run && *run &&
		    (size_t)snprintf(url, sizeof(url), "%s/%s/actions/runs/%s%s", server, repo, run,
				     summary ? " (its summary)" : "") < sizeof(url))
			r->view.full_report = url;
	}
}

/* -f github with GITHUB_STEP_SUMMARY set: the Markdown report (verdict,
 * counts, exposure, the first findings) is appended to that file, which
 * GitHub shows on the run's page. Failing that is a warning: the
 * annotations and the exit status are the gate. */
static void step_summary(const struct report *r)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (!path || !*path)
		return;
	FILE *fp = fopen(path, "ae");
	int rc = fp ? report_write_markdown(r, fp) : -1;
	int err = errno;
	if (fp && fclose(fp) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		cli_error("warning: %s: cannot append the job summary (GITHUB_STEP_SUMMARY): %s", path,
			  strerror(err));
}

/* --baseline FILE: read the earlier JSON report (exit 2 when it is not
 * one), record it as an input and mark the findings it already had. */
static int load_baseline(const char *path, struct report *base, char sha256[SHA256_HEX_LEN + 1])
{
	char *buf;
	size_t len;
	struct diag d;
	if (file_read_text(path, &buf, &len, &d) != 0) {
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

static int write_report(const struct report *r, enum format fmt, const char *out, bool color)
{
	struct report_output o = {r, fmt, color && fmt == FMT_TEXT};
	return cli_write_output(out, put_report, &o);
}

/* With -o, the verdict goes to standard error, so a CI log shows it. */
static void print_verdict(const struct report *r, const char *out, bool color)
{
	struct strbuf sb = STRBUF_INIT;
	report_verdict_line(r, &sb, color);
	size_t from = sb.len;
	sb_printf(&sb, "; report in %s", out);
	report_escape_controls(&sb, from);
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), stderr);
	sb_release(&sb);
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
	struct pipeline_opts o = {.stream = true};
	struct report_view view = {0};
	enum format fmt = FMT_TEXT;
	bool fmt_set = false, quiet = false;
	enum severity fail_on = SEV_ERROR;
	const char *out = NULL, *baseline = NULL, *sign_key = NULL, *color = "auto";
	char *envelope = NULL;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "check", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		const char *v = args.arg;
		switch (c) {
		case 'f':
			if (parse_format(v, &fmt) != 0)
				return cli_usage_error("check", "unknown format '%s' (" FORMAT_NAMES ")",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			fmt_set = true;
			break;
		case 'o': out = strcmp(v, "-") == 0 ? NULL : v; break;
		case OPT_FAIL_ON:
			if (severity_parse(v, &fail_on) != 0)
				return cli_usage_error("check", "invalid --fail-on '%s' (error, warning, info, never)",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			break;
		case OPT_BASELINE: baseline = v; break;
		case OPT_SIGN: sign_key = v; break;
		case OPT_COLOR:
			if (!v)
				v = "always";
			else if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
				return cli_usage_error("check", "invalid --color '%s' (auto, always, never)",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			color = v;
			break;
		case 'q': quiet = true; break;
		case OPT_MAX_FINDINGS:
			if (parse_cap(v, "--max-findings", &view.max_findings) != 0)
				return EXIT_ERROR;
			break;
		case OPT_MAX_RESULTS:
			if (parse_cap(v, "--max-results", &view.max_results) != 0)
				return EXIT_ERROR;
			break;
		default:
			if (pipeline_parse_opt(&o, c, v, "check") != 0)
				return EXIT_ERROR;
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops == 0)
		return cli_usage_error("check", "no inventory given");
	if (!fmt_set && format_for(out, &fmt) != 0)
		return cli_usage_error("check",
				       "cannot tell the report format from the name '%s'; give -f FORMAT ("
				       FORMAT_NAMES ") or use its extension",
				       diag_excerpt(ex, sizeof(ex), out, strlen(out)));
	if (sign_key && !out)
		return cli_usage_error("check", "--sign needs -o FILE: the envelope is written beside the report");

	struct report base;
	char base_sha[SHA256_HEX_LEN + 1];
	if (baseline && load_baseline(baseline, &base, base_sha) != 0)
		return EXIT_ERROR;
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, args.ops, args.nops);
	if (rc != 0) {
		pipeline_free(&pl);
		if (baseline)
			report_free(&base);
		return rc;
	}
	long long now = time_now_epoch();
	if (now < 0) {
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		pipeline_free(&pl);
		if (baseline)
			report_free(&base);
		return cli_error("invalid SOURCE_DATE_EPOCH '%s' (seconds since 1970, at most year 9999)",
				 diag_excerpt(ex, sizeof(ex), sde, strlen(sde)));
	}
	struct report r;
	report_init(&r, pl.as_of, now, fail_on);
	set_view(&r, fmt, &view, baseline || sign_key);
	pipeline_inputs(&pl, &o, &r);
	rc = pipeline_run(&pl, &r);
	if (rc == 0 && baseline)
		apply_baseline(&r, &base, baseline, base_sha);
	if (baseline)
		report_free(&base);
	if (rc == 0 && sign_key)
		rc = sign_report(&r, sign_key, out, &envelope);
	if (rc == 0)
		rc = write_report(&r, fmt, out, cli_use_color(color, out ? -1 : 1));
	if (rc == 0 && fmt == FMT_GITHUB)
		step_summary(&r);
	if (rc == 0 && out && !quiet)
		print_verdict(&r, out, cli_use_color(color, 2));
	if (rc != 0 && envelope)
		unlink(envelope); /* no envelope for a report that was not written */
	free(envelope);
	if (rc == 0)
		rc = r.failed ? EXIT_FINDINGS : EXIT_PASS;
	report_free(&r);
	pipeline_free(&pl);
	return cli_finish(rc);
}
