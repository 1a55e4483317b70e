/* policy: policy packs (DESIGN §6-7) — loading and compiling a pack, and
 * the engine that evaluates compiled packs against resolved assets and
 * fills a report: per-asset rules, justification requirements, waivers,
 * exposure aggregates and the built-in CG-* rules.
 *
 * Must never: report an expression error at evaluation time (everything is
 * checked when the pack is compiled), allocate per asset on the evaluation
 * path except to record a finding, or guess an unknown fact (an expression
 * that evaluates to null is "indeterminate", not false). */
#ifndef CHIPGATE_POLICY_H
#define CHIPGATE_POLICY_H

#include <stdbool.h>

#include "catalog/catalog.h"
#include "ingest/ingest.h"
#include "report/sink.h"
#include "util/util.h"

struct policy; /* a compiled pack */
struct finding; /* a report's, read back through report/sink.h (review_block) */

/* An override of a pack parameter: --param [PACK:]NAME=VALUE. */
struct param_override {
	const char *pack;  /* a pack's id or alias; NULL: every pack that declares NAME */
	const char *name;
	const char *value; /* borrowed (argv) */
	size_t used;       /* how many packs declared it: set by policy_load_with */
};
/* Split ARG ("[PACK:]NAME=VALUE") into O (free with
 * param_override_release). -1 when it is not of that form. */
int param_override_parse(const char *arg, struct param_override *o);
void param_override_release(struct param_override *o);
/* What a load applies to each pack. */
struct policy_options {
	struct param_override *params;
	size_t nparams;
	/* --approvers FILE: the organisation's keyring for every pack that
	 * lists no approvers of its own, as read once (TEXT, LEN bytes; key
	 * paths are relative to FILE's directory); APPROVERS_USED counts the
	 * packs that took it. NULL: none. */
	const char *approvers, *approvers_text;
	size_t approvers_len, approvers_used;
};

/* Load and compile a pack from NAME: the name of an embedded pack
 * ("cn-cac", or an alias such as "cn-cac-2025") or a file path. Every
 * error found is appended to ERRS (lint wants them all); returns NULL when
 * there was any. The catalog is used to check list items that name chips;
 * it must outlive the policy. */
struct policy *policy_load(const char *name, const struct catalog *cat, struct diag_list *errs);
/* The same with OPT's parameter overrides (OPT may be NULL): each that
 * names a parameter of the pack is type-checked against the pack's
 * default (an error at the parameter's FILE:LINE when it does not fit)
 * and counted in its `used`. */
struct policy *policy_load_with(const char *name, const struct catalog *cat,
				struct policy_options *opt, struct diag_list *errs);
/* Compile pack text; FILE names it in diagnostics. */
struct policy *policy_load_text(const char *file, const char *text, size_t len,
				const struct catalog *cat, struct diag_list *errs);
struct policy *policy_load_text_with(const char *file, const char *text, size_t len,
				     const struct catalog *cat, struct policy_options *opt,
				     struct diag_list *errs);
void policy_free(struct policy *p);
/* An override that no pack of POLS (N) declared: fill D with the error
 * at the first pack's `params` line ("--param NAME: no such parameter
 * ... (did you mean ...)") and return -1. */
int params_unknown(struct policy *const *pols, size_t n, const struct param_override *o,
		   struct diag *d);

/* Turn on rule ID of P, which the pack has `enabled = false` (--enable);
 * 0, or -1 when P has no rule ID. */
int policy_enable_rule(struct policy *p, const char *id);
/* The rule id among POLS (N) closest to ID, for "did you mean", or NULL. */
const char *policy_suggest_rule(struct policy *const *pols, size_t n, const char *id);

/* A parameter as reports show it (policy_param fills the strbufs, which
 * the caller releases). */
struct policy_param {
	const char *name, *type, *description;
	struct strbuf value, dflt;
	bool overridden;
	int line;
};
size_t policy_nparams(const struct policy *p);
void policy_param(const struct policy *p, size_t i, struct policy_param *out);

/* Freshness: the pack's `reviewed` and `review_by` dates (CG_DATE_NONE
 * when not given). */
void policy_review_dates(const struct policy *p, cg_date *reviewed, cg_date *review_by);

const char *policy_id(const struct policy *p);
const char *policy_jurisdiction(const struct policy *p);
const char *policy_source(const struct policy *p); /* path, or "embedded:NAME.cfg" */
const char *policy_sha256(const struct policy *p);
/* True when NAME is an embedded pack or an alias of one. */
bool policy_is_embedded(const char *name);
/* The embedded pack NAME names, itself or as an alias ("cn-cac-2025" ->
 * "cn-cac"), static; NULL when none. */
const char *policy_embedded_name(const char *name);
/* Append the names of the embedded packs to SB, separated by SEP. */
void policy_list_embedded(struct strbuf *sb, const char *sep);
/* The embedded packs for a jurisdiction (NULL-terminated, static). */
size_t policy_embedded_for(const char *jurisdiction, const char **names, size_t max);
/* Every embedded pack name (NULL-terminated list written into names). */
size_t policy_embedded_all(const char **names, size_t max);

/* ---- evaluation ---------------------------------------------------------- */

struct engine;

/* An engine that evaluates POLICIES (borrowed, n of them) into REPORT
 * (borrowed). AS_OF is the evaluation date. */
struct engine *engine_new(struct policy *const *policies, size_t n, const struct catalog *cat,
			  struct report *report, cg_date as_of);
void engine_free(struct engine *e);

/* Start an inventory: its jurisdiction, justifications and waivers are
 * used for the assets that follow. INV must stay valid until
 * engine_end_inventory. */
void engine_begin_inventory(struct engine *e, const struct inventory *inv);
/* Evaluate one asset (the asset may be a temporary: nothing is kept). */
void engine_asset(struct engine *e, const struct asset *a);
/* Stale waivers and justifications of this inventory. */
void engine_end_inventory(struct engine *e);
/* Exposure rows and breach findings; call once after every inventory. */
void engine_finish(struct engine *e);

/* ---- explain ---------------------------------------------------------------- */

/* Write, for asset A of INV, every rule of every policy: the expression,
 * the operand values (and where a null came from), the verdict; the chip's
 * derivation; every justification and waiver considered and why it did or
 * did not apply. */
void engine_explain(struct engine *e, const struct inventory *inv, const struct asset *a,
		    struct strbuf *out);

/* ---- lint: the pack's own tests ----------------------------------------- */

struct lint_result {
	size_t tests, failed;
	struct strbuf log; /* one line per test: "ok NAME" / "FAIL NAME: ..." */
	size_t unrun;      /* tests that could not run (their inventory is bad) */
};
/* Run the `tests` of P. Returns 0 when the tests could run (failures are
 * counted in res), -1 with errs filled when a test's inventory is bad. */
int policy_run_tests(struct policy *p, const struct catalog *cat, struct lint_result *res,
		     struct diag_list *errs);

/* ==========================================================================
 * Procurement review: the verdict on an order's justification
 * (one function shared by the engine, explain and review), the review of
 * pending orders, the domestic alternatives to an ordered chip, and signed
 * approvals. Implemented in outcome.c, review.c and approval.c.
 * ========================================================================== */

/* The DSSE payloadType of a signed approval (chipgate-review(1)). */
#define APPROVAL_PAYLOAD_TYPE "application/vnd.chipgate.approval+json"
/* A valid justification this close to the end of its validity is "expiring". */
#define JSTATE_EXPIRING_DAYS 30

/* The state of an order's justification, most urgent first: review sorts
 * by it, and a record with several problems takes the most urgent. */
enum jstate {
	JSTATE_MISSING,    /* no justification on file */
	JSTATE_INCOMPLETE, /* a required field is missing or empty, or an alternative is not acceptable */
	JSTATE_INVALID,    /* the approval is invalid: self-approval, approved after as_of, signature */
	JSTATE_EXPIRED,    /* past `expires`, or older than max_age_days */
	JSTATE_AWAITING,   /* waiting for approval: no approver, approved_on or signed approval yet */
	JSTATE_WEAK,       /* valid, but a named domestic alternative meets the stated need */
	JSTATE_EXPIRING,   /* valid, and out of date within JSTATE_EXPIRING_DAYS */
	JSTATE_APPROVED,   /* valid */
	JSTATE_COUNT
};
/* "missing", "incomplete", "approval-invalid", "expired", "awaiting-approval",
 * "weak", "expiring", "approved". */
const char *jstate_name(enum jstate s);
/* True for the states that satisfy the requirement (approved, expiring). */
bool jstate_satisfied(enum jstate s);

/* One problem with a justification. */
struct jreason {
	enum jstate state; /* the state this problem alone would put the record in */
	const char *field; /* the record field concerned (static or borrowed), or NULL */
	char *text;        /* "missing 'reason'" (owned by the verdict) */
};

/* The verdict on the justification of one asset under one rule. */
struct jverdict {
	enum jstate state;
	const struct justification *j; /* the record judged (the best of several); NULL: none */
	size_t nrecords;               /* records on file for this asset and rule */
	struct jreason *reasons;       /* every problem of j, in a fixed order */
	size_t nreasons, cap;
	cg_date valid_until;      /* last day j is in date (expires, max_age_days); CG_DATE_NONE: open */
	const char *signer;       /* signed approval verified: the approver who signed it */
	const char *signer_keyid; /* and the keyid of the key that verified */
};
/* Free what the verdict owns; it can be reused afterwards. */
void jverdict_release(struct jverdict *v);
/* The reasons' texts joined by "; ", appended to OUT. */
void jverdict_reasons(const struct jverdict *v, struct strbuf *out);

/* One order (asset, justification rule) under review. Everything is
 * borrowed from the inventory, the catalog and the packs, except the
 * verdict (review_release). */
struct review_item {
	const struct inventory *inv;
	const struct asset *asset;
	const struct chip *chip; /* NULL: the model is not in the catalog */
	const struct policy *pack;
	const struct rule_info *rule;  /* id, title, severity of the pack's rule */
	const char *const *fields;     /* the rule's justification.fields */
	size_t nfields;
	long long max_age_days; /* -1: no limit */
	bool alternatives_domestic, signed_approval;
	struct jverdict verdict;
	/* set by review_block: the other open findings on the asset that block
	 * it, rv->blocks[block0 .. block0 + nblock); and whether the order is
	 * cleared (its justification satisfies the rule and nothing blocks it) */
	size_t block0, nblock;
	bool cleared;
};
struct review {
	struct review_item *items;
	size_t n, cap;
	/* every item's blocking findings, item after item (borrowed from the
	 * report given to review_block, which must outlive them) */
	const struct finding **blocks;
	size_t nblocks, capb;
};
#define REVIEW_INIT {NULL, 0, 0, NULL, 0, 0}

/* Append to RV every asset of INV with status ordered or planned for which
 * a `require = "justification"` rule in force is true, with its verdict
 * on the engine's as_of. With ONLY, just that asset, whatever its status
 * (justify). E must not be between engine_begin/end_inventory. */
void engine_review(struct engine *e, const struct inventory *inv, const struct asset *only,
		   struct review *rv);
/* What else blocks each order: for every item of RV, the findings of R
 * (a report of the same inventories and packs, finished: `check`'s) that
 * are open, at or above FAIL_ON, on the item's asset (same id, read from
 * the same inventory or its justifications file), and not of the item's
 * own rule — so that review fails an order exactly when check would, on
 * any rule. Group findings (exposure) are on no asset. The blocking
 * findings are kept in R's order (most severe first); each item's
 * `cleared` is set. Call once, before review_sort. */
void review_block(struct review *rv, const struct report *r, enum severity fail_on);
/* Most urgent first: state, then orders not cleared before those cleared,
 * then days left, then asset and rule id. */
void review_sort(struct review *rv);
void review_release(struct review *rv);

/* A domestic chip that could replace an ordered one. */
struct alternative {
	const struct chip *chip;
	double distance; /* see policy_domestic_alternatives; NAN when nothing compares */
	int unknown;     /* figures known for the ordered chip but not for this one */
};
/* Every catalog chip that is domestic for P (its jurisdiction and origin
 * basis), ranked by closeness to ORDERED: fewest unknown figures first,
 * then the distance — the mean, over TPP, dense FP16 TFLOPS and memory
 * known for both chips, of |ln(alternative / ordered)| — then the id.
 * ORDERED may be NULL (all unknown). *OUT is malloc'd (caller frees);
 * returns the count. */
size_t policy_domestic_alternatives(const struct policy *p, const struct catalog *cat,
				    const struct chip *ordered, struct alternative **out);

/* The canonical JSON of justification record J — what an approval signs
 * (chipgate-review(1), CANONICAL JSON): an object of every field of the
 * record except `approval`; keys sorted bytewise; no whitespace; strings
 * with only '"', '\\' and control characters escaped; lists as arrays in
 * order; numbers in the shortest form that reads back to the same double
 * (integers below 2^53 without fraction or exponent); `need` as an object.
 * Appends to OUT and returns 0, or -1 with d when the record has a field
 * that cannot be signed (a group other than `need`). */
int justification_canonical_json(const struct justification *j, struct strbuf *out,
				 struct diag *d);
/* The canonical JSON of any JSON text (the same rules); 0, or -1 when
 * TEXT is not JSON. For tests and for comparing a signed record. */
int canonical_json_text(const char *text, size_t len, struct strbuf *out);

/* Whether KEY may sign an approval of record J under pack P, checked by
 * approve before it signs: the pack's justification rule J->rule and its
 * approvers list, the same that decide later whether the approval counts. */
enum approval_fit {
	APPROVAL_FIT_NO_RULE,   /* P has no justification rule J->rule */
	APPROVAL_FIT_NOT_ASKED, /* the rule asks for no signature and P does not list the approver */
	APPROVAL_FIT_OK,        /* KEY is the key P lists for J's approver */
	APPROVAL_FIT_WRONG_KEY, /* P lists another key for J's approver (*expected) */
	APPROVAL_FIT_UNLISTED,  /* the rule asks for a signature; P does not list J's approver */
	APPROVAL_FIT_NO_KEYRING, /* the rule asks for a signature; P has no approvers at all */
};
/* Why no approval can count for RULE of P, which asks for a signed one
 * while P has no approvers (its own or --approvers): the sentence, with
 * how to give a keyring, appended to OUT. */
void approval_no_keyring(const struct policy *p, const char *rule, struct strbuf *out);
/* Where P's approvers come from: the --approvers file, or NULL (the pack). */
const char *policy_approvers_file(const struct policy *p);
/* Whether P has any approvers (its own or from --approvers). */
bool policy_has_approvers(const struct policy *p);
struct attest_key;
enum approval_fit approval_key_fit(const struct policy *p, const struct justification *j,
				   const struct attest_key *key, const struct attest_key **expected);

#endif
