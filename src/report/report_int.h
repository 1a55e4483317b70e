/* What src/report keeps behind struct report and the sink, shared by
 * report.c (records and findings), pool.c (what findings share) and
 * order.c (the order of findings, and report_keep). Not a public header:
 * nothing outside src/report includes it. */
#ifndef CHIPGATE_REPORT_INT_H
#define CHIPGATE_REPORT_INT_H

#include "report/report.h"
#include "util/hmap.h"

/* A finding's message is kept as text, or -- for a finding whose context
 * has a template -- as the values of the template's REPORT_PART_VALUE
 * parts, each NUL-terminated. struct report_msg has the alignment of
 * char, so that the text's address is one. */
struct report_msg {
	char text;
};
static inline const char *msg_text(const struct finding *f)
{
	return (const char *)f->msg;
}
static inline const struct report_msg *msg_of(const char *text)
{
	return (const struct report_msg *)(const void *)text;
}

struct report_template {
	size_t n;
	const char **part; /* REPORT_PART_VALUE, REPORT_PART_ASSET or stored text */
	size_t *len;
};

struct report_evidence {
	const struct evidence *ev;
	size_t n;
};

/* ---- pool.c: what findings share ------------------------------------------ */

struct report_pool;
struct report_pool *pool_new(void);
void pool_free(struct report_pool *p);
/* LEN bytes of S and a NUL, packed (not shared). */
const char *pool_pack(struct report_pool *p, const char *s, size_t len);
/* The one stored copy of S (NULL stays NULL); long strings are packed. */
const char *pool_intern(struct report_pool *p, const char *s);
/* The one stored copy of the evidence list EV (N entries, N > 0). */
const struct report_evidence *pool_evidence(struct report_pool *p, const struct evidence *ev,
					    size_t n);
/* The one stored copy of context C, whose strings, evidence and template
 * are stored already (R's own). */
const struct finding_ctx *pool_ctx(struct report_pool *p, const struct finding_ctx *c);
const struct report_template *pool_template(struct report_pool *p, const char *const *part,
					    size_t n);
/* N bytes aligned to ALIGN (a power of two), for big blocks too. */
void *pool_alloc(struct report_pool *p, size_t n, size_t align);

/* ---- order.c: the report's order, and report_keep ------------------------- */

/* The report's order of findings: severity (descending), rule id and
 * pack, asset, group, file, line, status, message. */
int finding_cmp(const struct finding *a, const struct finding *b);
/* Sort R's findings in that order, stably. */
void order_sort(struct report *r);

struct keep;
void keep_free(struct keep *k);
/* report_keep's add: keep F (its context C, whose group and note are not
 * stored yet; its message TEXT, or the values VALUES of VLEN bytes of
 * C's template) when it is among the first R->keep of its severity,
 * dropping the last one kept. F is counted already. */
void keep_offer(struct report *r, const struct finding *f, const struct finding_ctx *c,
		const char *text, const char *values, size_t vlen);
/* True when finding F (all set but its message and evidence) would not
 * be kept, whatever its message: it sorts after the last of the R->keep
 * kept of its severity. */
bool keep_drops(struct report *r, const struct report_emit *f);
/* The findings kept, into R->findings, sorted. */
void keep_gather(struct report *r);

/* Everything a report keeps that is not part of its model. */
struct report_store {
	struct report_pool *pool;
	struct keep *keep;             /* report_keep's heaps */
	const char *last_asset;        /* the asset id stored last: consecutive findings share it */
	bool findings_mapped;          /* r->findings came from big_alloc */
	size_t last_origin;            /* the origin row report_add_origin used last */
	/* origin rows by the pointers they were last added with (a catalog's
	 * country strings, an inventory's jurisdiction): most rows of a fleet
	 * find theirs here, without a string compare */
	struct ocache {
		const char *jurisdiction, *origin;
		size_t row; /* + 1; 0: empty */
	} ocache[64];
};
struct report_store *report_store_of(struct report *r);
/* The stored copy of context C, whose group and note are the caller's
 * (they are interned here) and whose evidence and template are R's. */
const struct finding_ctx *report_store_ctx(struct report *r, const struct finding_ctx *c);

/* The summary: F counted. */
void report_count(struct report *r, const struct finding *f);
/* The same, of a finding of severity SEV, status STATUS and rule RULE. */
void report_count_as(struct report *r, enum severity sev, enum fstatus status,
		     const struct rule_info *rule);

#endif
