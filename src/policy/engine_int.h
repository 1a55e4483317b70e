/* The engine's state, shared by engine.c, outcome.c (justifications and
 * waivers), exposure.c and explain.c. Not a public header. */
#ifndef CHIPGATE_POLICY_ENGINE_INT_H
#define CHIPGATE_POLICY_ENGINE_INT_H

#include "policy/internal.h"
#include "util/hmap.h"

enum builtin_rule { BI_UNKNOWN_MODEL, BI_AMBIGUOUS_MODEL, BI_STALE_WAIVER, BI_WAIVER_EXPIRING,
		    BI_STALE_JUSTIFICATION, BI_IDENTITY_CONFLICT, BI_UNKNOWN_SITE, BI_STALE_PACK,
		    BI_COUNT };

/* A model text as assets give it, and what the catalog makes of it. */
struct model_entry {
	const char *model; /* in the engine's arena */
	struct catalog_match m;
	const struct chip *suggest; /* for an unknown model: the closest chip, or NULL */
	/* the chip's origin for the origin table, and whether it is foreign to
	 * the jurisdiction JUR (by address) on the basis FAB it was found for */
	const char *origin, *jur;
	bool fab, foreign, origin_known;
};

/* What an exposure rule has counted for one group. Units and TPP are of
 * every asset in scope; weights by the rule's weight expression (units
 * when it has none). Origins are foreign, domestic or unknown (a model
 * not in the catalog). */
struct group_tally {
	const char *group;
	size_t glen;
	const char *file; /* where the group's first asset is */
	int line;
	long long units_foreign, units_total, units_unknown; /* unknown: origin */
	double tpp_foreign, tpp_total;                       /* quantity x TPP, TPP known */
	long long units_tpp_unknown;
	double weight_foreign, weight_total, weight_unknown, weight_domestic;
	long long scope_unknown; /* assets whose scope is null (counted in nullw_* too) */
	/* assets whose weight is null, by origin: foreign, domestic, unknown */
	long long nullw_foreign, nullw_domestic, nullw_unknown;
};

struct exposure_groups {
	const struct policy *p;
	const struct rule *r;
	struct rule_info *ri;
	struct group_tally *v; /* its groups, in the order first seen */
	size_t n, cap;
	struct hmap index; /* over v, by group */
};

/* Records (justifications or waivers) by the asset and rule they name:
 * KEYS[k] holds the first and last record of key k (asset NULL: a record
 * for every asset), NEXT[i] the next record of record i's key, SIZE_MAX
 * ending the chain; chains are in inventory order (records.c). */
struct rec_key {
	const char *asset, *rule;
	size_t first, last;
};
struct rec_index {
	struct hmap map; /* over keys */
	struct rec_key *keys;
	size_t nkeys, capkeys;
	size_t *next;
	size_t nrecords;
	/* the rule ids records name (over id), and the rules looked up so
	 * far by address (over rules) */
	struct hmap ids, rmap;
	const char **id;
	size_t nids, capid;
	struct rec_rule {
		const void *key;
		uint64_t hash; /* of its id */
		bool any;      /* a record names it */
	} *rules;
	size_t nrules, caprules;
	/* the last rules looked up, by address bits: a fleet asks for a few
	 * rules a million times each */
	struct rec_recent {
		const void *key;
		size_t rule; /* index into rules */
	} recent[16];
};
void rec_index_init(struct rec_index *x, size_t nrecords);
void rec_index_add(struct rec_index *x, size_t rec, const char *asset, const char *rule);
/* What X knows of rule RULE, found by RKEY, an address that stands for
 * the rule (its rule_info): a rule no record names is then told at once. */
const struct rec_rule *rec_index_rule(struct rec_index *x, const void *rkey, const char *rule);
/* The first record naming ASSET (NULL: every asset) and rule RULE (RR,
 * from rec_index_rule), or SIZE_MAX. */
size_t rec_index_first(const struct rec_index *x, const struct rec_rule *rr, const char *rule,
		       const char *asset);
void rec_index_release(struct rec_index *x);

struct engine {
	struct arena arena;
	/* the signatures' verdict and evidence rows, each kind packed in its
	 * own arena: every asset reads a verdict row, and a few hundred
	 * kilobytes of them stay in cache where rows interleaved with the
	 * larger evidence rows would not */
	struct arena vrows, evrows;
	struct policy *const *pols;
	size_t npols;
	const struct catalog *cat;
	struct report *rep;
	cg_date as_of;
	struct rule_info *bi[BI_COUNT];
	struct rule_info ***ri; /* [policy][rule] */
	bool *in_force;         /* [policy] */
	/* the rules that apply on as_of (in force, enabled), in pack order:
	 * the only ones an asset is evaluated against */
	struct run {
		uint32_t pi, ri;
		uint32_t slot;
		uint32_t expo; /* exposure rules: their index in expos; else UINT32_MAX */
	} *run;
	size_t nrun;
	bool *active; /* [slot]: the rule is in run */
	const struct inventory *inv;
	bool *waiver_used, *just_used;
	/* [waiver]: its rule could not decide for its asset (an indeterminate
	 * finding), told in CG-STALE-WAIVER: known here, not looked for among
	 * the findings, which a capped report does not all keep */
	bool *waiver_undecided;
	/* the inventory's justifications and asset waivers by (asset, rule),
	 * made for INDEXED_INV (engine_begin_inventory, records.c) */
	struct rec_index just_index, waiver_index;
	const struct inventory *indexed_inv;
	/* the inventory's waivers, and whether each matched a finding; group
	 * waivers (exposure groups, packs) are kept for engine_finish, with
	 * their own flags, since a group spans inventories */
	struct gwaiver {
		const struct waiver *w;
		bool used;
	} *gwaivers;
	size_t ngwaivers, capgw;
	bool origin_fab; /* the origin table of this inventory is by fab country */
	struct env env;
	/* every model text seen, matched once */
	struct model_entry *models;
	size_t nmodels, capmodels;
	struct hmap model_index;
	struct exposure_groups *expos;
	size_t nexpos, cape;
	struct strbuf msg, note;
	/* Fleet scale: rule verdicts memoised per asset signature (model text,
	 * purpose, status, destination), see verdict.c; unless MEMO is false
	 * (CHIPGATE_NO_MEMO). */
	bool memo;
	size_t nslots;          /* rules over all packs */
	size_t *slot_base;      /* [policy] -> its first slot */
	struct vsig *vsigs;     /* signatures, in the order first seen */
	size_t nvsigs, capvsigs;
	struct hmap vsig_index; /* over vsigs */
	/* the attribute names (pointers) last looked up for the packs' names,
	 * and the answer: a CSV stream passes the same column names each row */
	const char *attr_seen[4];
	size_t nattr_seen; /* SIZE_MAX: nothing cached */
	bool attr_seen_lacks;
	uint8_t *cur;           /* verdicts of the current asset's signature */
	struct vsig *cur_sig;   /* that signature, or NULL (nothing memoised) */
	/* the indexes into run of the rules an asset of the current signature
	 * is evaluated against -- every rule but those whose memoised verdict
	 * (or exposure scope) is false -- once a first asset of it has set
	 * every verdict; NULL until then */
	const uint32_t *cur_todo;
	size_t cur_ntodo;
	/* the hash of the exposure group text last looked up, by its address
	 * and length, for the current asset only: exposure rules that group
	 * by the same name look up the same text (a name's value, or a
	 * function's result in its node's own buffer, stays put while one
	 * asset is evaluated) */
	const char *group_seen;
	size_t group_seen_len;
	uint64_t group_seen_hash;
	bool cur_no_attrs;      /* it has none of the attributes the packs name */
	const char *last_model; /* the cache's copy of the model text just resolved */
	struct strbuf evs[16];  /* evidence strings of the finding being added */
};

/* A memoised verdict: not yet known, false, true, null, or "depends on
 * more than the signature" (evaluate for every asset). */
enum { VERDICT_UNKNOWN, VERDICT_FALSE, VERDICT_TRUE, VERDICT_NULL, VERDICT_DYNAMIC };

/* Set up the memo for the packs (engine_new); choose the current
 * signature for an asset (engine_asset, after engine_resolve); forget all
 * signatures (a new inventory: inventory.* may differ); release. */
void verdict_init(struct engine *e);
void verdict_select(struct engine *e, const struct asset *a);
/* After an asset evaluated against every rule: the current signature's
 * rules to run from now on (e->cur_todo). */
void verdict_learned(struct engine *e);
/* The memo of the current signature's findings of rule SLOT (made at the
 * first), or NULL when nothing is memoised. */
struct evmemo *verdict_evmemo(struct engine *e, size_t slot);
void verdict_reset(struct engine *e);
void verdict_free(struct engine *e);
/* Evaluate condition WHEN of rule SLOT for the current asset into V, from
 * the memo when the signature decides it. */
void verdict_eval(struct engine *e, size_t slot, const struct expr *when, struct value *v);
/* Evaluate E as expr_eval does, and set *OTHER when it loaded a name the
 * signature does not fix. */
void verdict_watch(struct engine *e, const struct expr *x, struct value *v, bool *other);

/* What a rule's findings share for one signature, when only the
 * signature's facts made it: the evidence list and the message template
 * as the report stores them, and which parts of the template are
 * rendered for each asset. */
struct evmemo {
	const struct report_evidence *ev;
	bool indeterminate; /* ev is the list of an indeterminate (null) verdict */
	const struct report_template *tmpl; /* NULL until the first finding */
	const size_t *value_parts;          /* indexes of its REPORT_PART_VALUE parts */
	size_t nvalue_parts;
};

/* The outcome of a rule whose condition is true for an asset. */
struct outcome {
	enum fstatus status;
	enum severity severity;
	struct strbuf note; /* caller releases */
};

/* Decide justification and waiver for a true condition. With EXPLAIN,
 * describe every record considered; without, mark the records used. */
void rule_outcome(struct engine *e, const struct policy *p, const struct rule *r,
		  const struct asset *a, struct outcome *o, struct strbuf *explain);
/* Count asset A in exposure rule X (e->run's entry) of E. */
void exposure_add(struct engine *e, const struct run *x, const struct asset *a);

/* Why rule R of P does not apply on E's as_of: NULL when it does; else a
 * reason ("not-yet-effective", "expired", "suspended", "disabled",
 * "pack-not-effective"), with a sentence appended to DETAIL when it is not
 * NULL ("effective from 2026-01-15"). */
const char *rule_skip(const struct engine *e, const struct policy *p, const struct rule *r,
		      struct strbuf *detail);

/* Index INV's justifications and waivers (records.c). */
void records_index(struct engine *e, const struct inventory *inv);

/* ---- waivers.c: waivers of any finding, and why one matched nothing --------- */

/* A finding of rule RI (of pack P, or a built-in when P is NULL) on ASSET
 * or GROUP is open: apply the first waiver in date that names it (status
 * and note in O; O->status must be FS_OPEN), mark the waivers that name
 * it used, and with EXPLAIN describe each. Asset waivers come from the
 * current inventory, group waivers from every inventory begun. */
void waiver_apply(struct engine *e, const struct rule_info *ri, const char *asset,
		  const char *group, struct outcome *o, struct strbuf *explain);
/* Record INV's group waivers (engine_begin_inventory). */
void waivers_begin(struct engine *e, const struct inventory *inv);
/* Rule RI could not decide for ASSET: note it for the waivers naming both. */
void waivers_undecided(struct engine *e, const struct rule_info *ri, const char *asset);
/* CG-STALE-WAIVER and CG-WAIVER-EXPIRING for the current inventory's
 * asset waivers (engine_end_inventory), and for every group waiver
 * (engine_finish, GROUPS true). */
void waivers_report(struct engine *e, bool groups);
/* Add a finding of built-in rule B, waived when a waiver names it. */
void builtin_add(struct engine *e, int b, enum severity sev, const char *asset, const char *group,
		 const char *file, int line, const char *msg, const struct evidence *ev, size_t nev);

#endif
