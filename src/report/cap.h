/* A listing of findings under a cap (SARIF results, GitLab issues): which
 * findings are listed on their own and which are counted into aggregates.
 * Private to src/report. */
#ifndef CHIPGATE_REPORT_CAP_H
#define CHIPGATE_REPORT_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "util/hmap.h"

#define CAP_AGG_ASSETS 10 /* assets an aggregate names */

/* An aggregate: findings with the same key -- rule, model, severity and
 * status at the finest grain (level 0); rule, severity and status (1);
 * severity and status (2); everything (3). */
struct cap_agg {
	const struct finding *first; /* in report order */
	const char *model;           /* level 0 only */
	size_t count, open;
	size_t assets[CAP_AGG_ASSETS]; /* finding indices */
	size_t nassets;
	uint64_t hash;
};

struct cap_plan {
	size_t cap; /* REPORT_NO_CAP: none */
	bool capped;
	bool (*include)(const struct finding *f); /* NULL: every finding is listed */
	unsigned char *own; /* per finding, when capped: listed on its own */
	size_t nown, first_own; /* listed on their own; the first of them */
	int level;
	struct cap_agg *g; /* the aggregates, in report order of their first findings */
	size_t ng, capg;
	struct hmap index; /* over g, by group key */
};

/* Plan the listing of R's findings that INCLUDE accepts (NULL: all) in at
 * most CAP entries (REPORT_NO_CAP: no cap): all on their own under it;
 * else the errors, open ones first, as many as leave room for the
 * aggregates of the rest, at the finest grain that leaves any. */
void cap_plan(struct cap_plan *p, const struct report *r, size_t cap,
	      bool (*include)(const struct finding *f));
void cap_plan_free(struct cap_plan *p);
/* Is finding I of R listed on its own? */
bool cap_own(const struct cap_plan *p, const struct report *r, size_t i);
/* A's fingerprint: its identity (policy, rule, grain, severity, status,
 * model), never its count, so stable while it exists. */
void cap_agg_fingerprint(const struct cap_plan *p, const struct cap_agg *a,
			 char hex[SHA256_HEX_LEN + 1]);
/* A's message: "N STATUS findings of RULE on MODEL, not listed one by one:
 * the WHAT is capped at CAP ENTRIES (--max-results); the first: ...". */
void cap_agg_text(const struct cap_plan *p, const struct cap_agg *a, const struct report *r,
		  const char *what, const char *entries, struct strbuf *t);
/* What an aggregate of P stands for: "rule and catalog model", ... */
const char *cap_grain(const struct cap_plan *p);

#endif
