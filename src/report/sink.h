/* report/sink.h: the one way into a report for the code that evaluates
 * (src/policy): register the packs, rules and parameters a run applies,
 * count assets, units and exposure, and emit findings -- each with its
 * rule, asset or group, severity, status, message and evidence -- through
 * report_emit. How a report stores them (strings interned, evidence lists
 * and message templates shared, findings past report_keep's cap only
 * counted) is src/report's business and invisible here: the handles
 * report_evidence and report_template return are opaque.
 *
 * Once a run is over, the same code reads back what it found (the last
 * part of this header): a pack's tests run the engine into a report of
 * their own and compare its findings with those they expect, the
 * procurement review picks the open findings that still block an order,
 * and the waiver check asks whether a rule's finding on an asset was
 * undecided and how an exposure group came out. A finding is an opaque
 * handle whose fields report_finding_fields copies out.
 *
 * Must never: expose a report's storage, hand a reader anything through
 * which the report could be changed, or ask the caller to know
 * whether what it passes is copied, shared or dropped (everything given
 * is copied or counted before the call returns, except the file names of
 * findings, which must outlive the report: they are the inputs' paths). */
#ifndef CHIPGATE_REPORT_SINK_H
#define CHIPGATE_REPORT_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

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
	/* When it applies: state "watch" (findings capped at info, never
	 * failing the verdict); enabled (false: the pack has it off and
	 * --enable did not turn it on); in force on as_of, and if not why --
	 * "not-yet-effective", "expired", "suspended" (between two windows),
	 * "disabled", "pack-not-effective" -- with the detail as a sentence
	 * ("effective from 2026-01-15"); its windows [from, until) as dates,
	 * 2 per window, CG_DATE_NONE for an open end (NULL, 0: always). */
	bool watch, enabled, in_force;
	const char *skipped, *skipped_detail;
	const cg_date *windows;
	size_t nwindows;
};

/* A pack parameter and the value a run used: recorded in the report, and
 * so in the signed statement. */
struct report_param {
	const char *policy, *name, *type;
	const char *value, *dflt; /* as expressions print them */
	bool overridden;
};

/* One group of an exposure rule, decided. */
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
	/* a rule that asks for a domestic share: its minimum, and whether the
	 * share must be above it (domestic_above) or at least it
	 * (min_domestic_share); NAN when the rule has a foreign maximum.
	 * max_share is then 1 - the minimum, for display. */
	double min_domestic_share;
	bool domestic_above;
	double share_domestic; /* by the rule's weight */
};

struct report;
/* A stored evidence list, and a stored message template: handles to pass
 * back in report_emit, valid until report_free. */
struct report_evidence;
struct report_template;

/* Register; strings are copied into the report. A rule's stored copy is
 * returned once and stays valid (and writable: `evaluated`) until
 * report_free. */
void report_add_policy(struct report *r, const char *id, const char *title, const char *version,
		       const char *jurisdiction);
struct rule_info *report_add_rule(struct report *r, const struct rule_info *tmpl);
void report_add_param(struct report *r, const struct report_param *p);
/* Count an asset of QUANTITY units in the summary. */
void report_add_asset(struct report *r, long long quantity);
/* Add units and their TPP (per unit; NAN unknown) to the origin table of
 * (JURISDICTION, ORIGIN). The strings are looked up by address first:
 * they must not change while R is filled. */
void report_add_origin(struct report *r, const char *jurisdiction, const char *origin, bool foreign,
		       long long units, double tpp);
void report_add_exposure(struct report *r, const struct exposure_row *e);

/* EV (N entries) stored once for every finding that gives it: the same
 * list, by value, is the same handle. NULL when N is 0. */
const struct report_evidence *report_evidence(struct report *r, const struct evidence *ev, size_t n);

/* A message template: N parts, each fixed text, REPORT_PART_VALUE (a
 * value each finding gives, in order) or REPORT_PART_ASSET (the finding's
 * asset id). Stored once per call: make one per (rule, what fixes its
 * text) and reuse it. */
#define REPORT_PART_VALUE ((const char *)0)
extern const char REPORT_PART_ASSET[];
const struct report_template *report_template(struct report *r, const char *const *part, size_t n);

/* A finding, as the caller gives it. */
struct report_emit {
	const struct rule_info *rule; /* one report_add_rule returned */
	enum severity severity;       /* may be lower than the rule's */
	enum fstatus status;
	const char *asset; /* asset id; NULL for a group finding */
	const char *group; /* exposure group or pack id, or NULL */
	const char *file;  /* where the asset (or group) is: must outlive R */
	int line;
	const char *note; /* why waived or justified, what is missing; or NULL */
	/* the evidence: a stored list, or EV (NEV entries) to store */
	const struct report_evidence *stored_ev;
	const struct evidence *ev;
	size_t nev;
	/* the message: TEXT; or TMPL with the values of its REPORT_PART_VALUE
	 * parts in order, each NUL-terminated, VALUES_LEN bytes in all */
	const char *text;
	const struct report_template *tmpl;
	const char *values;
	size_t values_len;
};
void report_emit(struct report *r, const struct report_emit *f);
/* A report that lists only some findings (report_keep) counts the others:
 * when F -- everything set but its message and evidence -- will not be
 * listed whatever its message, it is counted here and true returned, and
 * the caller need not make its message (a fleet's millions of findings
 * are then never formatted). Otherwise false: report_emit it. */
bool report_count_dropped(struct report *r, const struct report_emit *f);

/* ---- reading back a finished run ---------------------------------------- */

struct finding; /* one finding of a report: an opaque handle here */

/* An empty report of the caller's own, dated AS_OF and failing at
 * FAIL_ON, for a run it makes (a pack's test). The caller owns it and
 * frees it with report_delete(). */
struct report *report_new(cg_date as_of, enum severity fail_on);
void report_delete(struct report *r);

/* Sort findings (severity desc, rule, asset, group), count the summary and
 * decide the verdict against fail_on. Call once, before writing. */
void report_finish(struct report *r);

/* R's findings (in report_finish's order once it ran): how many, and the
 * Ith of them, valid until R is freed. */
size_t report_nfindings(const struct report *r);
const struct finding *report_finding(const struct report *r, size_t i);

/* What a finding says, copied out by report_finding_fields. The strings
 * and the rule are R's and live as long as it does. */
struct finding_fields {
	const struct rule_info *rule;
	const char *asset; /* asset id, or NULL for a group finding */
	const char *group; /* exposure group, or NULL */
	const char *file;  /* where the asset (or waiver) is */
	const char *note;  /* why waived or justified, what is missing; or NULL */
	enum severity severity;
	enum fstatus status;
};
void report_finding_fields(const struct finding *f, struct finding_fields *out);

/* The exposure groups R decided: how many, and the Ith of them. */
size_t report_nexposure(const struct report *r);
const struct exposure_row *report_exposure_row(const struct report *r, size_t i);

#endif
