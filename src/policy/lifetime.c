/* When a rule applies: `effective` and `until` (the first day it no
 * longer applies), or `windows`, a list of such periods for a rule that
 * was suspended and put in force again; each date may be a date parameter
 * of the pack ("params.NAME"). Read when the pack is loaded, checked for
 * order and overlap; the engine decides with them (rule_skip). */
#include <string.h>

#include "policy/internal.h"

struct lt {
	struct policy *p;
	const struct cfgdoc *doc;
	struct diag_list *errs;
};

static void push(struct lt *L, const struct diag *d)
{
	diag_list_push(L->errs, d);
}

static void err_at(struct lt *L, const config_setting_t *s, const char *fmt, ...) CG_PRINTF(3, 4);
static void err_at(struct lt *L, const config_setting_t *s, const char *fmt, ...)
{
	struct diag d;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(&d, L->doc->path, s ? cfg_line(s) : 0, s ? cfg_col(L->doc, s) : 0, fmt, ap);
	va_end(ap);
	push(L, &d);
}

/* The date member NAME of G: "YYYY-MM-DD", or "params.NAME" naming a date
 * parameter (so that a date the sources leave open, such as the end of a
 * suspension, can be overridden with --param). *OUT is CG_DATE_NONE when
 * absent. */
static int rule_date(struct lt *L, config_setting_t *g, const char *name, cg_date *out)
{
	struct diag d;
	const char *v = NULL;
	*out = CG_DATE_NONE;
	if (cfg_string(L->doc, g, name, false, &v, &d) != 0) {
		push(L, &d);
		return -1;
	}
	if (!v)
		return 0;
	config_setting_t *m = config_setting_get_member(g, name);
	if (strncmp(v, "params.", 7) == 0) {
		const struct param *pr = param_find(L->p, v + 7, strlen(v + 7));
		if (!pr || pr->type != PT_DATE) {
			err_at(L, m, "'%s' names %s '%s', not a date parameter of the pack", name,
			       pr ? "the parameter" : "no parameter", v + 7);
			return -1;
		}
		*out = pr->value.u.d;
		return 0;
	}
	if (date_parse(v, out) != 0) {
		err_at(L, m, "'%s' is not a date (YYYY-MM-DD) or 'params.NAME': '%s'", name, v);
		return -1;
	}
	return 0;
}

/* One window { effective = ...; until = ...; } into W. */
static int load_window(struct lt *L, config_setting_t *g, struct window *w)
{
	static const char *const keys[] = {"effective", "until", "note", NULL};
	struct diag d;
	const char *note = NULL;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err_at(L, g, "each window must be a group { effective = ...; until = ...; }");
		return -1;
	}
	if (cfg_check_members(L->doc, g, keys, &d) != 0 ||
	    cfg_string(L->doc, g, "note", false, &note, &d) != 0) {
		push(L, &d);
		return -1;
	}
	if (rule_date(L, g, "effective", &w->from) != 0 || rule_date(L, g, "until", &w->until) != 0)
		return -1;
	if (w->from == CG_DATE_NONE && w->until == CG_DATE_NONE) {
		err_at(L, g, "a window needs 'effective', 'until' or both");
		return -1;
	}
	if (w->from != CG_DATE_NONE && w->until != CG_DATE_NONE && w->until <= w->from) {
		char a[11], b[11];
		date_format(w->from, a);
		date_format(w->until, b);
		err_at(
		    L, g,
		    "'until' %s is not after 'effective' %s ('until' is the first day the rule no "
		    "longer applies)",
		    b, a);
		return -1;
	}
	return 0;
}

/* `effective`/`until`, or `windows` (in order, not overlapping; only the
 * first may be open at its start, only the last at its end). */
int rule_lifetime(struct policy *p, const struct cfgdoc *doc, config_setting_t *s, struct rule *r,
                  struct diag_list *errs)
{
	struct lt lt = {p, doc, errs}, *L = &lt;
	struct diag d;
	config_setting_t *ws;
	if (cfg_aggregate(L->doc, s, "windows", CONFIG_TYPE_LIST, false, &ws, &d) != 0) {
		push(L, &d);
		return -1;
	}
	if (!ws) {
		struct window w;
		if (rule_date(L, s, "effective", &w.from) != 0 ||
		    rule_date(L, s, "until", &w.until) != 0)
			return -1;
		if (w.from == CG_DATE_NONE && w.until == CG_DATE_NONE)
			return 0;
		if (w.from != CG_DATE_NONE && w.until != CG_DATE_NONE && w.until <= w.from) {
			err_at(L, config_setting_get_member(s, "until"),
			       "'until' is not after 'effective' ('until' is the first day the "
			       "rule no "
			       "longer applies)");
			return -1;
		}
		r->windows = arena_alloc(&L->p->arena, sizeof(*r->windows));
		r->windows[0] = w;
		r->nwindows = 1;
		return 0;
	}
	if (config_setting_get_member(s, "effective") || config_setting_get_member(s, "until")) {
		err_at(L, ws, "a rule takes 'windows' or 'effective' and 'until', not both");
		return -1;
	}
	int n = config_setting_length(ws);
	if (n == 0) {
		err_at(L, ws, "'windows' is empty: leave it out for a rule that always applies");
		return -1;
	}
	r->windows = arena_alloc(&L->p->arena, sizeof(*r->windows) * (size_t)n);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(ws, (unsigned)i);
		struct window *w = &r->windows[i];
		if (load_window(L, g, w) != 0)
			return -1;
		if (i > 0 && w->from == CG_DATE_NONE) {
			err_at(L, g, "only the first window may leave out 'effective'");
			return -1;
		}
		if (i < n - 1 && w->until == CG_DATE_NONE) {
			err_at(L, g, "only the last window may leave out 'until'");
			return -1;
		}
		if (i > 0 && w->from < r->windows[i - 1].until) {
			err_at(L, g,
			       "window %d starts before window %d ends (windows go in order and do "
			       "not "
			       "overlap)",
			       i + 1, i);
			return -1;
		}
	}
	r->nwindows = (size_t)n;
	return 0;
}
