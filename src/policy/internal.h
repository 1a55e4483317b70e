/* Internal structures of the policy stage, shared by load.c and
 * load_rule.c (packs), symbols.c (names and their values), engine.c
 * (evaluation), explain.c and lint.c. Not a public header. */
#ifndef CHIPGATE_POLICY_INTERNAL_H
#define CHIPGATE_POLICY_INTERNAL_H

#include "attest/attest.h"
#include "policy/expr.h"
#include "policy/policy.h"
#include "util/cfg.h"

/* A named list of the pack (`lists.NAME`), as a constant value. */
struct plist {
	const char *name;
	struct value value; /* VT_LIST */
	enum vtype item_type;
};

/* A message template: literal text and {expression} segments. */
struct tmpl_seg {
	const char *lit; /* literal text (NUL-terminated) or NULL */
	struct expr *e;  /* or an expression */
	bool asset_id;   /* the expression is just asset.id */
};
struct tmpl {
	struct tmpl_seg *segs;
	size_t n;
};

enum rule_kind { RK_ASSET, RK_JUSTIFICATION, RK_EXPOSURE };

struct jreq {
	const char **fields;
	size_t nfields;
	long long max_age_days; /* -1: no limit */
	bool alternatives_domestic;
	bool signed_approval; /* the approver's signature over the record is required */
	const char *signed_param; /* the bool parameter that decided it, or NULL: a literal */
};

/* A name the condition refers to, for evidence and explain. */
struct symref {
	const char *name;
	struct expr *e; /* the name compiled alone */
};

/* A period a rule is in force: from FROM (inclusive) to UNTIL, the first
 * day it no longer applies; CG_DATE_NONE leaves that end open. */
struct window {
	cg_date from, until;
};

struct rule {
	struct rule_info info; /* copied into the report by the engine */
	enum rule_kind kind;
	/* when it applies: its windows, in order, not overlapping (none:
	 * always); a rule with `effective`/`until` has one */
	struct window *windows;
	size_t nwindows;
	bool watch;   /* state "watch": findings capped at info, never failing */
	bool enabled; /* `enabled = false` in the pack: off unless policy_enable_rule */
	struct expr *when;
	struct tmpl message;
	struct jreq jreq;
	struct symref *refs; /* names used by `when`, for evidence */
	size_t nrefs;
	/* exposure */
	struct expr *scope, *group_by, *weight;
	const char *scope_src, *group_by_src, *weight_src;
	double max_share;      /* max_foreign_share; NAN for a domestic threshold */
	double min_domestic;   /* min_domestic_share or domestic_share_above; NAN: none */
	bool domestic_above;   /* domestic_share_above: the domestic share must exceed it */
};

/* A parameter of the pack (`params`): its value, after --param, and the
 * pack's default. Expressions read it as the constant params.NAME. */
enum param_type { PT_BOOL, PT_NUMBER, PT_STRING, PT_DATE };
struct param {
	const char *name;
	enum param_type type;
	struct value value, dflt; /* VT_BOOL, VT_NUM, VT_STR or VT_DATE */
	const char **one_of;      /* allowed strings, or NULL */
	size_t none_of;
	double min, max;          /* numbers; -inf, inf when open */
	const char *description;
	bool overridden;
	int line;
};

/* A person who may sign approvals (`approvers` of the pack). */
struct approver {
	const char *name;
	const struct attest_key *key; /* owned by the pack's approver_keys */
	int line;
};

struct ptest {
	const char *name;
	const char *inventory; /* inline text or a path */
	const char *catalog;   /* inline catalog overlay for this test, or NULL */
	bool inline_text;
	cg_date as_of;
	const char **expect;
	size_t nexpect;
	/* the parameters this test sets (NAME to VALUE, as --param text) and
	 * the rules it turns on: the pack is loaded again with them */
	const char **param_names, **param_values;
	size_t nparams;
	const char **enable;
	size_t nenable;
	int line;
};

struct policy {
	struct arena arena;
	const char *id, *title, *jurisdiction, *version, *description;
	const char *source; /* path or "embedded:NAME.cfg" */
	const char *dir;    /* directory of the pack file, for test paths */
	/* the pack's text, kept when a test sets parameters or enables rules
	 * (lint.c loads it again with them); NULL otherwise */
	const char *text;
	size_t text_len;
	char sha256[SHA256_HEX_LEN + 1];
	cg_date effective;
	/* freshness: when the content was last checked against its sources,
	 * and the date after which it needs checking again (CG_DATE_NONE:
	 * not said) */
	cg_date reviewed, review_by;
	int header_line, review_by_line;
	const char **aliases; /* other names -p accepts for it */
	size_t naliases;
	struct param *params;
	size_t nparams;
	int params_line; /* of the `params` group, else the header's */
	bool fab_basis;
	const char **references;
	size_t nreferences;
	struct plist *lists;
	size_t nlists;
	struct rule *rules;
	size_t nrules;
	struct ptest *tests;
	size_t ntests;
	const char **attr_names; /* asset.attrs.NAME used by expressions */
	size_t nattr, capattr;
	struct approver *approvers;
	size_t napprovers;
	struct attest_keyring approver_keys; /* keys[i] is approvers[i]'s: no key is listed twice */
	const char *approvers_file; /* the approvers came from --approvers FILE; NULL: the pack's */
};

/* ---- embedded.c --------------------------------------------------------------- */

/* NAME ends in ".cfg" (a file, never an embedded pack's name). */
bool policy_has_cfg_suffix(const char *s);
/* D's message for NAME, neither a file nor an embedded pack: the packs
 * there are, and the closest name. */
void policy_no_such_pack(const char *name, struct diag *d);

/* ---- lifetime.c --------------------------------------------------------------- */

/* Read rule S's `effective`/`until` or `windows` into R (in P's arena);
 * errors go to ERRS. 0 or -1. */
int rule_lifetime(struct policy *p, const struct cfgdoc *doc, config_setting_t *s, struct rule *r,
		  struct diag_list *errs);

/* ---- params.c ---------------------------------------------------------------- */

/* Read the `params` group of ROOT into P, applying OPT's overrides.
 * Errors go to ERRS; -1 when there was any. */
int params_load(struct policy *p, const struct cfgdoc *doc, config_setting_t *root,
		struct policy_options *opt, struct diag_list *errs);
/* P's parameter NAME (LEN bytes), or NULL. */
const struct param *param_find(const struct policy *p, const char *name, size_t len);
const char *param_type_name(enum param_type t);
/* Does TEXT, as --param would give it, fit parameter PR (type, range,
 * list)? 0, or -1 with why not in WHY. */
int param_check_text(struct policy *p, const struct param *pr, const char *text,
		     struct strbuf *why);

/* ---- symbols.c -------------------------------------------------------------- */

/* The values an expression can load for one asset. */
struct env {
	const struct policy *p;
	const struct asset *a;
	const struct chip *c; /* NULL: model unknown */
	const struct inventory *inv;
	const struct site *site; /* the asset's, from the inventory's sites; NULL: none */
	cg_date as_of;
	struct value *tags; /* scratch for asset.tags */
	size_t tagcap;
};

int symbols_resolve(void *ctx, const char *name, size_t len, struct expr_sym *out, char *hint,
		    size_t hint_size);
void symbols_load(void *env, int slot, int arg, struct value *out);
/* Is the value of SLOT fixed by an asset's signature — chip.*, asset.model,
 * purpose, status, destination, inventory.*, as_of? (verdict.c memoises
 * the conditions that read nothing else.) */
bool symbols_slot_signature(int slot);
/* True for asset.attrs.NAME, whose value is null on an asset without NAME. */
bool symbols_slot_attr(int slot);
/* True for site.*, null for every asset of an inventory without sites. */
bool symbols_slot_site(int slot);
/* Why a name is null for this asset ("not set in the inventory", ...). */
const char *symbols_null_reason(const struct env *env, const struct expr_sym *sym);
void env_release(struct env *env);

/* ---- engine.c --------------------------------------------------------------- */

/* Render a template into OUT. */
void tmpl_render(const struct tmpl *t, struct env *env, struct strbuf *out);
/* Is chip C domestic for policy P (origin equals its jurisdiction)? -1 unknown. */
int chip_is_domestic(const struct policy *p, const struct chip *c);
/* Resolve a model name through the engine's cache. */
const struct chip *engine_resolve(struct engine *e, const char *model, struct catalog_match *m);

/* ---- outcome.c: the verdict on justifications ------------------------------- */

/* Judge every justification of INV for asset A and rule R of pack P on the
 * engine's as_of; V gets the best (see jverdict_best in outcome.c). With
 * EXPLAIN, one line per record considered is appended; with MARK, the
 * records considered are marked used (stale-justification detection).
 * The caller releases V. */
void jverdict_best(struct engine *e, const struct inventory *inv, const struct policy *p,
		   const struct rule *r, const struct asset *a, struct jverdict *v,
		   struct strbuf *explain, bool mark);
/* Add a problem to V. */
void jverdict_add(struct jverdict *v, enum jstate state, const char *field, const char *fmt, ...)
	CG_PRINTF(4, 5);

/* ---- approval.c: signed approvals ---------------------------------------------- */

/* Load an approver's public key: KEY is inline PEM, or a path relative to
 * DIR (absolute paths as they are); with INLINE_ONLY (an embedded pack)
 * only inline PEM. The caller owns *out. 0, or -1 with the reason in WHY. */
int approval_key_load(const char *dir, bool inline_only, const char *key, struct attest_key **out,
		      struct strbuf *why);
/* The approver of P called NAME (case folded), or NULL. */
const struct approver *approval_find(const struct policy *p, const char *name);
/* Check the signed approval of J (rule R requires one): add a reason to V
 * for each way it fails; on success set v->signer and v->signer_keyid. */
void approval_check(const struct policy *p, const struct justification *j, struct jverdict *v);

#endif
