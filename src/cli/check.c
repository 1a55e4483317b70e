/* chipgate check: load the catalog, the inventories and the packs, evaluate,
 * and write the report — to stdout, or atomically to -o FILE. The exit code
 * says whether findings at or above --fail-on remain open. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
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
	 "and count the rest; 0: all (default: 50, 20, 200; github: 10 annotations per level; "
	 "junit: 1000 lines of each testcase's failure and output)",
	 NULL},
	{OPT_MAX_RESULTS, "max-results", "N",
	 "write at most N SARIF results or GitLab issues, aggregating the findings past them; "
	 "0: no cap (default: 25000, what GitHub code scanning accepts)",
	 NULL},
	PIPE_OPT_AS_OF,
	PIPE_OPT_JUSTIFICATIONS,
	PIPE_OPT_FORMAT_IN,
	PIPE_OPT_SITES,
	PIPE_OPT_PARAM,
	PIPE_OPT_APPROVERS,
	PIPE_OPT_ENABLE,
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

/* Does FMT print the inputs' SHA-256 digests? JSON, SARIF (artifact
 * hashes) and HTML do; the others name the inputs at most. */
static bool shows_digests(enum format fmt)
{
	switch (fmt) {
	case FMT_TEXT:
	case FMT_MARKDOWN:
	case FMT_GITHUB:
	case FMT_JUNIT:
	case FMT_GITLAB: return false;
	default: return true;
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
	sb_escape_controls(&sb, from);
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), stderr);
	sb_release(&sb);
}

/* The name -f gives FMT (md is markdown). */
static const char *format_name(enum format fmt)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(formats); i++)
		if (formats[i].fmt == fmt)
			return formats[i].name;
	return "text";
}

static int put_json(FILE *fp, void *ctx)
{
	return report_write_json(ctx, fp);
}

/* Sign R into the envelope ENV (the outfile of FILE.dsse.json) with KEY:
 * a Statement whose subjects are R's inputs and whose predicate binds
 * the report file REP -- its name beside the envelope, its format and
 * the digest of its bytes, taken as they were written -- and holds the
 * JSON report: REP's own bytes with -f json, else rendered again for the
 * Statement. 0, or EXIT_ERROR after saying why. */
static int sign_report(const struct report *r, enum format fmt, struct outfile *rep,
		       const struct attest_key *key, struct outfile *env)
{
	struct attest_subject *subj = xcalloc(r->ninputs + 1, sizeof(*subj));
	for (size_t i = 0; i < r->ninputs; i++) {
		subj[i].name = r->inputs[i].path;
		memcpy(subj[i].sha256, r->inputs[i].sha256, sizeof(subj[i].sha256));
	}
	const char *slash = strrchr(rep->path, '/');
	struct attest_rendered rendered = {slash ? slash + 1 : rep->path, format_name(fmt), ""};
	memcpy(rendered.sha256, outfile_sha256(rep), sizeof(rendered.sha256));
	struct attest_report_json src = {NULL, NULL, put_json, (void *)r};
	if (fmt == FMT_JSON)
		src = (struct attest_report_json){rep->tmp, rendered.sha256, NULL, NULL};
	struct diag d;
	diag_clear(&d);
	int rc = attest_sign_report_stream(key, subj, r->ninputs, &rendered, &src, env->path, env->fp, &d);
	free(subj);
	if (rc == ATTEST_OK)
		return 0;
	if (ferror(env->fp)) /* a full disk says so, and names the envelope */
		outfile_write_error(env, &d);
	cli_diag(&d);
	return EXIT_ERROR;
}

/* --sign: the report OUT and its envelope OUT.dsse.json are written as a
 * pair (outfile_commit_pair): both complete, as synced temporary files,
 * before either replaces an old file, so a failure -- a report too large
 * to sign, a full disk -- leaves the old pair as it was; then renamed
 * under OUT's lock file, the report first and the envelope last, so an
 * envelope never stands beside a report it does not sign (see util.h).
 * The report is written first, and digested as it is written: the
 * envelope binds that digest. KEY was loaded before the work. */
static int write_signed(const struct report *r, enum format fmt, const char *out, bool color,
			const struct attest_key *key, const char *envelope)
{
	struct outfile rep, env;
	struct diag d;
	if (outfile_open(&rep, out, 0644, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	outfile_hash(&rep);
	int rc = write_format(r, fmt, rep.fp, color && fmt == FMT_TEXT) == 0 ? 0 : -1;
	if (rc != 0)
		outfile_write_error(&rep, &d);
	if (rc == 0)
		rc = outfile_finish(&rep, &d);
	if (rc == 0)
		rc = outfile_open(&env, envelope, 0644, &d);
	if (rc != 0) {
		outfile_abort(&rep);
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if (sign_report(r, fmt, &rep, key, &env) != 0) {
		outfile_abort(&env);
		outfile_abort(&rep);
		return EXIT_ERROR;
	}
	if (outfile_commit_pair(&rep, &env, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}

/* An unsigned -o FILE replaced the report an earlier signed run left
 * beside FILE.dsse.json: say that the envelope no longer matches (it
 * stays: it holds the only signed copy of the old report). */
static void warn_stale_envelope(const char *out)
{
	struct strbuf env = STRBUF_INIT;
	struct stat st;
	sb_printf(&env, "%s.dsse.json", out);
	if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && !path_is_descriptor(out) &&
	    stat(env.buf, &st) == 0 && S_ISREG(st.st_mode)) {
		char q[96];
		cli_error("warning: %s no longer matches the report it stands beside: it signs the "
			  "one this run replaced (sign with --sign, or remove it)",
			  diag_excerpt(q, sizeof(q), env.buf, env.len));
	}
	sb_release(&env);
}

/* Refuse outputs that would replace an input: the report and the
 * envelope against the inventories, packs, catalog overlays, the
 * justifications file, the baseline and the signing key. */
static int refuse_overwrites(const struct pipeline *pl, const struct pipeline_opts *o,
			     const char *out, const char *envelope, const char *baseline,
			     const char *key)
{
	size_t n;
	struct cli_input *pin = pipeline_input_files(pl, o, &n);
	struct cli_input *in = xcalloc(n + 2, sizeof(*in));
	memcpy(in, pin, n * sizeof(*in));
	free(pin);
	if (baseline)
		in[n++] = (struct cli_input){baseline, "the baseline"};
	if (key)
		in[n++] = (struct cli_input){key, "the signing key"};
	int rc = cli_refuse_overwrite(out, in, n);
	if (rc == 0)
		rc = cli_refuse_overwrite(envelope, in, n);
	free(in);
	return rc;
}

/* What the options of check asked for. */
struct check {
	struct pipeline_opts pipe;
	enum format fmt;
	enum severity fail_on;
	const char *out, *baseline, *sign_key, *color;
	char *envelope; /* OUT.dsse.json with --sign (malloc'd), else NULL */
	struct attest_key *key; /* --sign's key, loaded before the work; wiped when freed */
	bool quiet;
	struct report_view view; /* --max-findings, --max-results */
};

/* Load, evaluate and write: everything after the options. The baseline,
 * the pipeline and the report are released in one place, at out. */
static int check_run(const struct check *ck, char **inventories, size_t n)
{
	char ex[96];
	struct report base, r;
	bool have_base = false, have_report = false;
	char base_sha[SHA256_HEX_LEN + 1];
	if (ck->baseline) {
		if (load_baseline(ck->baseline, &base, base_sha) != 0)
			return EXIT_ERROR;
		have_base = true;
	}
	struct pipeline pl;
	int rc = pipeline_load(&pl, &ck->pipe, inventories, n);
	if (rc == 0)
		rc = refuse_overwrites(&pl, &ck->pipe, ck->out, ck->envelope, ck->baseline, ck->sign_key);
	if (rc != 0)
		goto out;
	long long now = time_now_epoch();
	if (now < 0) {
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		rc = cli_error("invalid SOURCE_DATE_EPOCH '%s' (seconds since 1970, at most year 9999)",
			       diag_excerpt(ex, sizeof(ex), sde, strlen(sde)));
		goto out;
	}
	report_init(&r, pl.as_of, now, ck->fail_on);
	have_report = true;
	set_view(&r, ck->fmt, &ck->view, ck->baseline || ck->sign_key);
	pipeline_inputs(&pl, &ck->pipe, &r);
	rc = pipeline_run(&pl, &r);
	if (rc == 0 && have_base)
		apply_baseline(&r, &base, ck->baseline, base_sha);
	bool paint = cli_use_color(ck->color, ck->out ? -1 : 1);
	if (rc == 0)
		rc = ck->key ? write_signed(&r, ck->fmt, ck->out, paint, ck->key, ck->envelope)
			     : write_report(&r, ck->fmt, ck->out, paint);
	if (rc == 0 && ck->out && !ck->key)
		warn_stale_envelope(ck->out);
	if (rc == 0 && ck->fmt == FMT_GITHUB)
		step_summary(&r);
	if (rc == 0 && ck->out && !ck->quiet)
		print_verdict(&r, ck->out, cli_use_color(ck->color, 2));
	if (rc == 0)
		rc = r.failed ? EXIT_FINDINGS : EXIT_PASS;
out:
	if (have_report)
		report_free(&r);
	if (have_base)
		report_free(&base);
	pipeline_free(&pl);
	return rc;
}

/* The outputs can be written, before any work: -o is not a directory,
 * its directory is writable, and with --sign the report and the envelope
 * are regular files (or none yet), never /dev/null or a FIFO. */
static int check_outputs(struct check *ck)
{
	if (!ck->sign_key)
		return cli_check_output(ck->out, NULL);
	if (!ck->out)
		return cli_usage_error("check", "--sign needs -o FILE: the envelope is written beside the report");
	if (cli_check_output(ck->out, "--sign needs -o to name a regular file (the envelope goes "
				      "beside it)") != 0)
		return EXIT_ERROR;
	struct strbuf env = STRBUF_INIT;
	sb_printf(&env, "%s.dsse.json", ck->out);
	ck->envelope = sb_detach(&env);
	return cli_check_output(ck->envelope, "--sign writes the envelope here: it must be a regular "
					      "file");
}

/* --sign's key, before any work: a key that cannot be used, or a
 * passphrase to type, comes first, not after the evaluation of a fleet.
 * It stays in OpenSSL's secure heap (locked in memory where it can be)
 * until check ends. */
static int load_key(struct check *ck)
{
	struct diag d;
	diag_clear(&d);
	if (attest_key_load_signing(ck->sign_key, ATTEST_PASS_PROMPT, NULL, &ck->key, &d) == ATTEST_OK)
		return 0;
	cli_diag(&d);
	return EXIT_ERROR;
}

int cmd_check(int argc, char **argv)
{
	struct check ck = {.pipe = {.stream = true}, .fmt = FMT_TEXT, .fail_on = SEV_ERROR,
			   .color = "auto"};
	bool fmt_set = false;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "check", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		const char *v = args.arg;
		switch (c) {
		case 'f':
			if (parse_format(v, &ck.fmt) != 0)
				return cli_usage_error("check", "unknown format '%s' (" FORMAT_NAMES ")",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			fmt_set = true;
			break;
		case 'o': ck.out = strcmp(v, "-") == 0 ? NULL : v; break;
		case OPT_FAIL_ON:
			if (severity_parse(v, &ck.fail_on) != 0)
				return cli_usage_error("check", "invalid --fail-on '%s' (error, warning, info, never)",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			break;
		case OPT_BASELINE: ck.baseline = v; break;
		case OPT_SIGN: ck.sign_key = v; break;
		case OPT_COLOR:
			if (!v)
				v = "always";
			else if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
				return cli_usage_error("check", "invalid --color '%s' (auto, always, never)",
						       diag_excerpt(ex, sizeof(ex), v, strlen(v)));
			ck.color = v;
			break;
		case 'q': ck.quiet = true; break;
		case OPT_MAX_FINDINGS:
			if (parse_cap(v, "--max-findings", &ck.view.max_findings) != 0)
				return EXIT_ERROR;
			break;
		case OPT_MAX_RESULTS:
			if (parse_cap(v, "--max-results", &ck.view.max_results) != 0)
				return EXIT_ERROR;
			break;
		default:
			if (pipeline_parse_opt(&ck.pipe, c, v, "check") != 0)
				return EXIT_ERROR;
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops == 0)
		return cli_usage_error("check", "no inventory given");
	if (!fmt_set && format_for(ck.out, &ck.fmt) != 0)
		return cli_usage_error("check",
				       "cannot tell the report format from the name '%s'; give -f FORMAT ("
				       FORMAT_NAMES ") or use its extension",
				       diag_excerpt(ex, sizeof(ex), ck.out, strlen(ck.out)));
	/* a digest nothing shows is not computed: a streamed CSV is then read
	 * without hashing (a signed report holds every digest) */
	ck.pipe.no_digest = !ck.sign_key && !shows_digests(ck.fmt);
	int rc = check_outputs(&ck);
	if (rc == 0 && ck.sign_key)
		rc = load_key(&ck);
	if (rc == 0)
		rc = check_run(&ck, args.ops, args.nops);
	attest_key_free(ck.key); /* wipes the private key */
	free(ck.envelope);
	return cli_finish(rc);
}
