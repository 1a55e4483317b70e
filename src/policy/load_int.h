/* The policy pack loader's shared state, private to src/policy/load.c
 * (the pack: header, lists, approvers, tests, and the entry points) and
 * src/policy/load_rule.c (rules and their message templates). A load
 * walks one libconfig document; every error is appended to L->errs, never
 * printed, so that `lint` can report all of them. Not a public header. */
#ifndef CHIPGATE_POLICY_LOAD_INT_H
#define CHIPGATE_POLICY_LOAD_INT_H

#include "policy/internal.h"
#include "util/cfg.h"

struct loader {
	struct policy *p;
	const struct cfgdoc *doc;
	const struct catalog *cat;
	struct diag_list *errs;
	struct expr_symbols syms;
	bool has_approvers; /* the pack has an `approvers` setting (valid or not) */
	struct policy_options *opt;
	/* where approvers' key paths are relative to: the pack's directory,
	 * or that of the --approvers file; INLINE_ONLY for an embedded pack */
	const char *key_dir;
	bool inline_only;
};

static inline void loader_push(struct loader *L, const struct diag *d)
{
	diag_list_push(L->errs, d);
}

/* A copy of S (or NULL) in the pack's arena. */
static inline const char *loader_dup(struct loader *L, const char *s)
{
	return s ? arena_strdup(&L->p->arena, s) : NULL;
}

/* Append an error at the line and column of setting S (or of the file). */
void loader_err_at(struct loader *L, const config_setting_t *s, const char *fmt, ...) CG_PRINTF(3, 4);

/* Compile the expression member NAME of S (required or not) into the
 * pack's arena; *SRC_OUT, if given, gets a copy of its text. 0, or -1 with
 * the error appended. */
int loader_compile(struct loader *L, const config_setting_t *s, const char *name, bool required,
		   enum vtype want, struct expr **out, const char **src_out);

/* A pack, rule or alias id: 1 to 64 of letters, digits, '-', '_', '.';
 * letters lower case unless UPPER allows both. */
bool loader_valid_id(const char *s, bool upper);

/* The pack's `rules` list (load_rule.c): each rule checked and compiled
 * into L->p->rules; a duplicate id is an error. 0, or -1 with errors. */
int loader_rules(struct loader *L, config_setting_t *root);

#endif
