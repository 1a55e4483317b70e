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
#include "report/report.h"
#include "util/util.h"

struct policy; /* a compiled pack */

/* Load and compile a pack from NAME: the name of an embedded pack
 * ("cn-cac-2025") or a file path. Every error found is appended to ERRS
 * (lint wants them all); returns NULL when there was any. The catalog is
 * used to check list items that name chips; it must outlive the policy. */
struct policy *policy_load(const char *name, const struct catalog *cat, struct diag_list *errs);
/* Compile pack text; FILE names it in diagnostics. */
struct policy *policy_load_text(const char *file, const char *text, size_t len,
				const struct catalog *cat, struct diag_list *errs);
void policy_free(struct policy *p);

const char *policy_id(const struct policy *p);
const char *policy_jurisdiction(const struct policy *p);
const char *policy_source(const struct policy *p); /* path, or "embedded:NAME.cfg" */
const char *policy_sha256(const struct policy *p);
/* True when NAME is an embedded pack. */
bool policy_is_embedded(const char *name);
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
};
/* Run the `tests` of P. Returns 0 when the tests could run (failures are
 * counted in res), -1 with errs filled when a test's inventory is bad. */
int policy_run_tests(struct policy *p, const struct catalog *cat, struct lint_result *res,
		     struct diag_list *errs);

#endif
