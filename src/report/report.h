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

#include "util/util.h"

#define REPORT_SCHEMA "chipgate.report/1"

enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV_NEVER };
enum fstatus { FS_OPEN, FS_WAIVED, FS_JUSTIFIED, FS_BASELINE };

const char *severity_name(enum severity s); /* "error" ... "never" */
int severity_parse(const char *s, enum severity *out);
const char *fstatus_name(enum fstatus s);
int fstatus_parse(const char *s, enum fstatus *out);

/* One piece of evidence: a named string, number, bool or null. */
enum ev_type { EV_NULL, EV_STR, EV_NUM, EV_BOOL };
struct evidence {
	const char *key;
	enum ev_type type;
	const char *s;
	double n;
	bool b;
};

/* What the report says about a rule (for SARIF's driver, JUnit, explain). */
struct rule_info {
	const char *id;
	const char *policy; /* pack id, or "chipgate" for built-in rules */
	const char *title;
	const char *kind;   /* "asset", "justification", "exposure", "builtin" */
	const char *when;   /* the condition's source, or NULL */
	const char *remediation;
	const char **references;
	size_t nreferences;
	enum severity severity;
	const char *file; /* where the rule is defined */
	int line;
	bool evaluated; /* the rule was applied to at least one asset or group */
};

struct finding {
	const struct rule_info *rule;
	enum severity severity; /* may be lower than the rule's (a weak justification) */
	enum fstatus status;
	const char *asset; /* asset id, or NULL for group findings */
	const char *group; /* exposure group, or NULL */
	const char *file;  /* where the asset (or waiver) is */
	int line;
	const char *message;
	const char *note; /* why waived/justified, or what a justification lacks */
	struct evidence *ev;
	size_t nev;
};

struct exposure_row {
	const char *policy;
	const char *rule;
	const char *group;
	long long units_foreign, units_total, units_unknown; /* unknown: origin not known */
	double tpp_foreign, tpp_total; /* quantity x TPP over assets with a known TPP */
	long long units_tpp_unknown;   /* units whose TPP is unknown */
	double share_units, share_tpp; /* NAN when the total is 0 */
	double share_weight;           /* by the rule's weight, compared with the maximum */
	double max_share;
	bool breach;
	bool indeterminate; /* unknown origins could decide the breach */
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
	bool failed;
};

/* Initialise an empty report; free with report_free(). */
void report_init(struct report *r, cg_date as_of, long long generated_at, enum severity fail_on);
void report_free(struct report *r);

/* Add records; strings are copied into the report's arena. */
void report_add_input(struct report *r, const char *path, const char *role, const char *sha256);
void report_add_policy(struct report *r, const char *id, const char *title, const char *version,
		       const char *jurisdiction);
/* A rule is registered once; the pointer stays valid until report_free. */
struct rule_info *report_add_rule(struct report *r, const struct rule_info *tmpl);
const struct rule_info *report_find_rule(const struct report *r, const char *policy, const char *id);
/* Add a finding; the message, note and evidence are copied. Returns it so
 * the caller can adjust it before report_finish(). */
struct finding *report_add_finding(struct report *r, const struct finding *f);
struct exposure_row *report_add_exposure(struct report *r, const struct exposure_row *e);
/* Add units/TPP to the origin table. */
void report_add_origin(struct report *r, const char *jurisdiction, const char *origin, bool foreign,
		       long long units, double tpp);

/* Sort findings (severity desc, rule, asset, group), count the summary and
 * decide the verdict against fail_on. Call once, before writing. */
void report_finish(struct report *r);

/* A number as the JSON report writes it (integers plain, others %.10g,
 * NAN as null); for writers of other formats that embed numbers. */
void report_json_number(struct strbuf *sb, double v);

/* Writers. Each writes the whole report to FP and returns 0, or -1 on a
 * write error. */
int report_write_json(const struct report *r, FILE *fp);
/* Human-readable text; COLOR adds ANSI colours. */
int report_write_text(const struct report *r, FILE *fp, bool color);

#endif
