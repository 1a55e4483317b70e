/* report: the report model of DESIGN §8 and its writers. The JSON form is
 * canonical; every other format renders the same struct report. Findings
 * are compact (they can number in the hundreds of thousands for a large
 * fleet) and are written out streaming, never built as a JSON tree.
 *
 * Must never: write a partial report (writers fill a FILE* that the caller
 * commits atomically), or depend on the order findings were added (they are
 * sorted by severity, rule, asset before any output). */
#ifndef CHIPGATE_REPORT_H
#define CHIPGATE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/sink.h"
#include "util/util.h"

#define REPORT_SCHEMA "chipgate.report/1"

/* What many findings have in common -- the rule, group, file, note and
 * evidence -- is stored once per report and shared: a fleet's hundreds of
 * thousands of findings then take 32 bytes each. Read-only. */
struct finding_ctx {
	const struct rule_info *rule;
	const char *group; /* exposure group, or NULL */
	const char *file;  /* where the asset (or waiver) is */
	const char *note;  /* why waived/justified, or what a justification lacks */
	const struct evidence *ev;
	size_t nev;
	/* the report's: how the findings' messages are kept */
	const struct report_template *tmpl;
};

/* A finding's message, as the report keeps it: read it with
 * report_message() or report_put_message(); NULL when there is none. */
struct report_msg;

struct finding {
	const struct finding_ctx *ctx; /* never NULL */
	const char *asset;             /* asset id, or NULL for group findings */
	const struct report_msg *msg;
	int line;
	/* enum severity: may be lower than the rule's (a weak justification) */
	unsigned char severity;
	unsigned char status; /* enum fstatus */
};

/* The origin table: units and TPP per (jurisdiction, origin country). */
struct origin_row {
	const char *jurisdiction; /* the inventory's */
	const char *origin;       /* country, or NULL for unknown models */
	bool foreign;
	long long units;
	double tpp;
	long long units_tpp_unknown;
};

struct report_input {
	const char *path;
	const char *role; /* inventory | policy | catalog | justifications */
	char sha256[SHA256_HEX_LEN + 1];
};

struct report_policy {
	const char *id, *title, *version, *jurisdiction;
};

/* How the writers cut a fleet's report for the places it is read (zero:
 * each format's default), set by the caller after report_init. The JSON
 * report is always complete. */
#define REPORT_NO_CAP SIZE_MAX
#define REPORT_TEXT_MAX_FINDINGS 50     /* per severity */
#define REPORT_MARKDOWN_MAX_FINDINGS 20 /* per severity; and under GitHub's comment size */
#define REPORT_HTML_MAX_FINDINGS 200    /* per severity */
#define REPORT_GITHUB_MAX_ANNOTATIONS 10 /* per level: what GitHub shows of a step */
#define REPORT_SARIF_MAX_RESULTS 25000  /* what GitHub code scanning accepts of a run */
#define REPORT_GITLAB_MAX_ISSUES 25000  /* as many: a few MB, the two views alike */
#define REPORT_JUNIT_MAX_LINES 1000     /* of a testcase's failure, and of its system-out */
struct report_view {
	/* findings listed per severity by text, markdown and html (github:
	 * annotations per level, at most 10; junit: lines of a testcase's
	 * failure and of its system-out); REPORT_NO_CAP: all */
	size_t max_findings;
	/* SARIF results of the run, GitLab Code Quality issues; past it,
	 * findings are aggregated */
	size_t max_results;
	/* github: where the complete report can be read, for the line after
	 * the annotations (a path or URL), or NULL */
	const char *full_report;
};
/* VIEW's max_findings, or DEFAULT when it is 0. */
size_t report_max_findings(const struct report_view *view, size_t dflt);

struct report {
	struct arena arena;
	char as_of[11];
	char generated_at[21];
	enum severity fail_on;
	struct report_input *inputs;
	size_t ninputs, capi;
	struct report_policy *policies;
	size_t npolicies, capp;
	struct rule_info **rules;
	size_t nrules, capr;
	struct report_param *params;
	size_t nparams, capparams;
	struct finding *findings;
	size_t nfindings, capf;
	struct exposure_row *exposure;
	size_t nexposure, cape;
	struct origin_row *origins;
	size_t norigins, capo;
	/* summary */
	size_t assets;
	long long units;
	size_t open[3]; /* open findings by severity */
	size_t waived, justified, baseline;
	size_t total[3]; /* every finding by severity, whatever its status */
	bool failed;
	/* report_keep: at most this many findings of each severity are kept
	 * (0: all) */
	size_t keep;
	struct report_view view;
	struct report_store *store; /* what findings share, and report_keep's (report_int.h) */
};

/* Initialise an empty report; free with report_free(). */
void report_init(struct report *r, cg_date as_of, long long generated_at, enum severity fail_on);
void report_free(struct report *r);

/* Count findings, keep few: R keeps at most PER_SEVERITY findings of each
 * severity -- the first ones in the order people are shown them (see
 * report_listing) -- and only counts the others, so a fleet whose report
 * is read by people costs neither the memory nor the time of the findings
 * it will not show. Call after report_init, before any finding is added.
 * The summary still counts every finding; r->nfindings is what was kept.
 * Not for a report that is written whole (json, sarif, junit, gitlab),
 * signed, or given a baseline (report_apply_baseline refuses it).
 */
void report_keep(struct report *r, size_t per_severity);

/* Which findings a human-facing writer lists: at most MAX of each
 * severity; open ones first (those a baseline did not have: the new
 * ones), then the others; in report order within each. */
struct report_listing {
	size_t max;
	/* finding i of severity s is listed when i < end[s][0] (open) or
	 * i < end[s][1] (any other status) */
	size_t end[3][2];
	size_t listed[3];      /* per severity */
	size_t open_left[3];   /* open findings of a severity not listed */
};
void report_listing(const struct report *r, size_t max, struct report_listing *l);
static inline bool report_listed(const struct report_listing *l, const struct finding *f,
				 size_t i)
{
	return f->severity <= SEV_ERROR && i < l->end[f->severity][f->status != FS_OPEN];
}
/* Findings of R not listed under L, over all severities. */
size_t report_left_out(const struct report *r, const struct report_listing *l);
/* "… and 1,234 more findings not listed (1,200 error, 34 warning; 1,230 of
 * them open): at most 50 of each severity are shown" -- no newline;
 * nothing when every finding is listed. */
void report_left_out_line(struct strbuf *sb, const struct report *r, const struct report_listing *l);
/* 1234567 as "1,234,567". */
void report_thousands(struct strbuf *sb, unsigned long long v);

/* What a finding is about, for aggregating: its catalog chip id (the
 * "chip" evidence), or the model text an unknown model was given as
 * ("model"), or NULL. */
const char *report_finding_model(const struct finding *f);

/* Add records; strings are copied into the report's arena. (Policies,
 * rules, parameters, origins and exposure: see report/sink.h.) */
void report_add_input(struct report *r, const char *path, const char *role, const char *sha256);
const struct rule_info *report_find_rule(const struct report *r, const char *policy, const char *id);
/* Add a copy of F, a finding of R or of another report whose rule is
 * R's (report_find_rule): its message, note, group and evidence are
 * copied. */
void report_add_finding(struct report *r, const struct finding *f);
/* A finding's message: appended to SB; or returned, rendered into SCRATCH
 * (then valid until SCRATCH changes). NULL when the finding has none. */
void report_put_message(struct strbuf *sb, const struct finding *f);
const char *report_message(const struct finding *f, struct strbuf *scratch);

/* report_finish: see sink.h. */

/* A number as the JSON report writes it (integers plain, others %.10g,
 * NAN as null); for writers of other formats that embed numbers. */
void report_json_number(struct strbuf *sb, double v);
/* The evidence of a finding's context as a JSON object, as the JSON
 * report writes it. */
void report_json_evidence(struct strbuf *sb, const struct finding_ctx *c);

/* Writers. Each writes the whole report to FP and returns 0, or -1 on a
 * write error. */
int report_write_json(const struct report *r, FILE *fp);
/* Human-readable text; COLOR adds ANSI colours. */
int report_write_text(const struct report *r, FILE *fp, bool color);
/* The verdict and the counts in one line, no newline: "FAIL  14 assets,
 * 4512 units; open: 5 error, ... (fail on error)". For a CI log. */
void report_verdict_line(const struct report *r, struct strbuf *sb, bool color);

/* ==== CI-gate formats, reading reports, baseline and diff ====
 * write_sarif.c write_junit.c write_github.c write_markdown.c write_html.c
 * (writers), read_json.c (a JSON report back into a struct report) and
 * diff.c (finding identity, --baseline, `chipgate diff`). */

/* SARIF 2.1.0 (OASIS). Paths of findings are made relative to the current
 * directory when they lie below it; fingerprints hash policy, rule and
 * asset (or group), never the line. At most r->view.max_results results
 * (default REPORT_SARIF_MAX_RESULTS): past it the open errors are kept
 * and the rest is aggregated, one result per rule and catalog model, and
 * the run says so (write_sarif.c). */
int report_write_sarif(const struct report *r, FILE *fp);
/* JUnit XML (valid against Jenkins' junit-10.xsd): a testsuite per
 * policy (and "chipgate" for built-in checks), a testcase per rule;
 * failures are open findings at or above fail_on. */
int report_write_junit(const struct report *r, FILE *fp);
/* GitHub Actions workflow commands: the verdict first (::error when
 * failing, ::notice when passing), then at most 10 annotations per level
 * (::error file=...,line=...::msg), most severe first, the verdict's
 * level included, then one line saying how many more there are. */
int report_write_github(const struct report *r, FILE *fp);
/* Markdown for a pull-request comment or a job summary: the verdict, the
 * counts, the exposure table and at most max_findings findings per
 * severity (REPORT_MARKDOWN_MAX_FINDINGS), then a count of the rest; it
 * stays under GitHub's 65,536 characters. */
int report_write_markdown(const struct report *r, FILE *fp);
/* GitLab Code Quality (a JSON array of issues: description, check_name,
 * fingerprint -- the SARIF one --, severity info|minor|major|critical|
 * blocker, location.path, location.lines.begin), every open, baseline
 * finding; waived and justified ones are left out, as GitLab has no
 * suppression. */
int report_write_gitlab(const struct report *r, FILE *fp);
/* The fingerprint of a finding, as SARIF's partialFingerprints and
 * GitLab's fingerprint give it: SHA-256 of policy, rule and asset (or
 * group), in hex; SCRATCH is a buffer the caller reuses. */
void report_fingerprint(const struct finding *f, struct strbuf *scratch,
			char hex[SHA256_HEX_LEN + 1]);
/* PATH as reports name a file: relative to CWD when it lies below it. */
const char *report_relative_path(const char *path, const char *cwd);
/* One self-contained HTML page (inline CSS and SVG charts, no script, no
 * external resource). */
int report_write_html(const struct report *r, FILE *fp);
/* The HTML table of R's policies (id, version, jurisdiction, title),
 * escaped: the report's page and review's show the same one. */
void report_html_policies(const struct report *r, struct strbuf *sb);

/* Append S to SB escaped for XML/HTML text and attribute values: & < > " '
 * as entities; bytes that are not valid UTF-8 and characters XML 1.0 does
 * not allow become U+FFFD. */
void report_xml_escape(struct strbuf *sb, const char *s);

/* Read a JSON report (schema chipgate.report/1, as report_write_json
 * writes it) from BUF into R, which this initialises; NAME is used in
 * diagnostics. Duplicate members are rejected. Returns 0, or -1 with D
 * set to NAME:LINE:COL: message (R is then already freed). The caller
 * owns R and frees it with report_free(). */
int report_read_json_text(struct report *r, const char *name, const char *buf, size_t len,
			  struct diag *d);
/* The same, from the file PATH. */
int report_read_json(struct report *r, const char *path, struct diag *d);

/* A finding's identity across runs: policy, rule, and asset id (or group
 * for exposure findings) — never the file or line. Negative, 0, positive. */
int report_finding_key_cmp(const struct finding *a, const struct finding *b);

/* --baseline: mark R's open findings that BASE already reported (open or
 * baseline there, same identity, severity not higher now) as FS_BASELINE,
 * then re-run report_finish(). Rules that cannot be matched — every rule
 * of a policy BASE did not evaluate, and for a policy whose version
 * differs the rules that are new or whose kind or condition changed — are
 * described in WARN (one diagnostic per policy, file BASE_NAME) and, when
 * there are any, in one CG-BASELINE-MISMATCH info finding. Returns the
 * number of findings marked. */
size_t report_apply_baseline(struct report *r, const struct report *base, const char *base_name,
			     struct diag_list *warn);

/* chipgate diff: what changed between two reports. */
enum diff_change { DIFF_NEW, DIFF_RESOLVED, DIFF_CHANGED };
struct diff_finding {
	enum diff_change change;
	const struct finding *before, *after; /* NULL for new / resolved */
	bool gating; /* open at or above fail_on now, and was not before */
};
struct diff_exposure {
	const struct exposure_row *before, *after; /* NULL when the group is new / gone */
};
struct diff_policy {
	const char *id, *before, *after; /* versions; NULL when absent on that side */
};
struct report_diff {
	const struct report *before, *after;
	const char *before_name, *after_name;
	enum severity fail_on;
	struct diff_finding *f;
	size_t nf, capf;
	struct diff_exposure *x;
	size_t nx, capx;
	struct diff_policy *p;
	size_t np, capp;
	size_t nnew, nresolved, nchanged, ngating;
};
/* Compare BEFORE and AFTER (both finished); the diff points into them, so
 * they must outlive it. Free with report_diff_free(). */
void report_diff_compute(struct report_diff *d, const struct report *before, const char *before_name,
			 const struct report *after, const char *after_name, enum severity fail_on);
void report_diff_free(struct report_diff *d);
int report_diff_write_text(const struct report_diff *d, FILE *fp);
int report_diff_write_json(const struct report_diff *d, FILE *fp);

#endif
