/* A policy pack's rules: each `rules` entry checked against the keys a
 * rule may have, its kind's settings read (justification requirements,
 * exposure thresholds, signed approvals), its condition and message
 * template compiled once into the pack's arena, and the names its
 * condition reads kept for evidence. Part of the pack loader (load.c),
 * whose state and error helpers it shares through load_int.h; like the
 * rest of the loader it appends every error and never stops at the
 * first. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "policy/load_int.h"

/* ---- message templates ------------------------------------------------- */

/* "{asset.id}: {chip.vendor} ..." → segments; "{{" and "}}" are literal
 * braces. Each {...} is an expression of any type. */
static int compile_template(struct loader *L, const config_setting_t *s, const char *text,
			    struct tmpl *t)
{
	size_t n = strlen(text), cap = 8;
	struct arena *a = &L->p->arena;
	t->segs = arena_alloc(a, sizeof(*t->segs) * cap);
	t->n = 0;
	struct strbuf lit = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		if ((text[i] == '{' && text[i + 1] == '{') || (text[i] == '}' && text[i + 1] == '}')) {
			sb_putc(&lit, text[i]);
			i += 2;
			continue;
		}
		if (text[i] != '{') {
			sb_putc(&lit, text[i++]);
			continue;
		}
		const char *close = strchr(text + i + 1, '}');
		if (!close) {
			struct diag d;
			diag_set(&d, L->doc->path, cfg_line(s), (int)i + 1, "in 'message': unclosed '{'");
			loader_push(L, &d);
			rc = -1;
			break;
		}
		if (t->n + 2 >= cap) {
			struct tmpl_seg *ns = arena_alloc(a, sizeof(*ns) * cap * 2);
			memcpy(ns, t->segs, sizeof(*ns) * t->n);
			t->segs = ns;
			cap *= 2;
		}
		if (lit.len) {
			t->segs[t->n++].lit = arena_strdup(a, lit.buf);
			sb_reset(&lit);
		}
		struct expr_error ee;
		size_t elen = (size_t)(close - (text + i + 1));
		struct expr *e = expr_compile(a, text + i + 1, elen, VT_NULL, &L->syms, &ee);
		if (!e) {
			struct diag d;
			diag_set(&d, L->doc->path, cfg_line(s), (int)(i + 1 + ee.offset) + 1,
				 "in 'message': %s", ee.msg);
			loader_push(L, &d);
			rc = -1;
			break;
		}
		const char *b = text + i + 1, *end = close;
		while (b < end && isspace((unsigned char)*b))
			b++;
		while (end > b && isspace((unsigned char)end[-1]))
			end--;
		t->segs[t->n].lit = NULL;
		t->segs[t->n].asset_id = end - b == 8 && memcmp(b, "asset.id", 8) == 0;
		t->segs[t->n++].e = e;
		i = (size_t)(close - text) + 1;
	}
	if (rc == 0 && lit.len) {
		if (t->n + 1 >= cap) {
			struct tmpl_seg *ns = arena_alloc(a, sizeof(*ns) * (cap + 1));
			memcpy(ns, t->segs, sizeof(*ns) * t->n);
			t->segs = ns;
		}
		t->segs[t->n++].lit = arena_strdup(a, lit.buf);
	}
	sb_release(&lit);
	return rc;
}

/* ---- rules ------------------------------------------------------------ */

/* Names used by the condition, for evidence: every dotted word that
 * compiles alone. */
static void collect_refs(struct loader *L, struct rule *r, const char *src)
{
	struct arena *a = &L->p->arena;
	size_t cap = 8;
	r->refs = arena_alloc(a, sizeof(*r->refs) * cap);
	for (const char *p = src; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p++;
			while (*p && *p != q)
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (*p)
				p++;
			continue;
		}
		if (!(isalpha((unsigned char)*p) || *p == '_')) {
			p++;
			continue;
		}
		const char *s = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' ||
		       (*p == '-' && isalnum((unsigned char)p[1]) && memchr(s, '.', (size_t)(p - s))))
			p++;
		size_t n = (size_t)(p - s);
		if (!memchr(s, '.', n) && !(n == 5 && memcmp(s, "as_of", 5) == 0))
			continue;
		if (n > 6 && memcmp(s, "lists.", 6) == 0)
			continue;
		bool seen = false;
		for (size_t i = 0; i < r->nrefs && !seen; i++)
			seen = strlen(r->refs[i].name) == n && memcmp(r->refs[i].name, s, n) == 0;
		struct expr_error ee;
		struct expr *e = seen ? NULL : expr_compile(a, s, n, VT_NULL, &L->syms, &ee);
		if (!e)
			continue;
		if (r->nrefs == cap) {
			struct symref *nr = arena_alloc(a, sizeof(*nr) * cap * 2);
			memcpy(nr, r->refs, sizeof(*nr) * cap);
			r->refs = nr;
			cap *= 2;
		}
		r->refs[r->nrefs].name = arena_strndup(a, s, n);
		r->refs[r->nrefs++].e = e;
	}
}

/* `signed_approval`: true, false, or "params.NAME" naming a bool parameter
 * (so that a user of a built-in pack can ask for signatures with
 * --param). A literal true needs the pack's own approvers; a parameter
 * does not, since the keyring may come with the run (--approvers), and
 * without one every justification is approval-invalid (approval.c). */
static int load_signed(struct loader *L, config_setting_t *g, struct rule *r)
{
	struct diag d;
	config_setting_t *m = g ? config_setting_get_member(g, "signed_approval") : NULL;
	if (m && config_setting_type(m) == CONFIG_TYPE_STRING) {
		const char *v = config_setting_get_string(m);
		const struct param *pr =
			strncmp(v, "params.", 7) == 0 ? param_find(L->p, v + 7, strlen(v + 7)) : NULL;
		if (!pr || pr->type != PT_BOOL) {
			if (pr)
				loader_err_at(L, m, "'signed_approval' names the parameter '%s', a %s, not a bool "
					     "parameter",
				       pr->name, param_type_name(pr->type));
			else if (strncmp(v, "params.", 7) == 0)
				loader_err_at(L, m, "'signed_approval' names '%s', but the pack has no parameter "
					     "'%s' (declare it in 'params' as a bool)",
				       v, v + 7);
			else
				loader_err_at(L, m, "'signed_approval' must be true, false or 'params.NAME' naming a "
					     "bool parameter, not '%s'",
				       v);
			return -1;
		}
		r->jreq.signed_approval = pr->value.u.b;
		r->jreq.signed_param = pr->name;
		return 0;
	}
	int sig = 0;
	if (g && cfg_bool(L->doc, g, "signed_approval", false, &sig, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	r->jreq.signed_approval = sig;
	if (sig && !L->has_approvers) {
		loader_err_at(L, m, "'signed_approval' needs a top-level 'approvers' list naming who may sign");
		return -1;
	}
	return 0;
}

static int load_jreq(struct loader *L, config_setting_t *s, struct rule *r)
{
	static const char *const keys[] = {"fields", "max_age_days", "alternatives_domestic",
					   "signed_approval", NULL};
	static const char *const deflt[] = {"reason", "alternatives", "approver", "approved_on"};
	struct diag d;
	config_setting_t *g;
	int dom = 0;
	r->jreq.max_age_days = -1;
	if (cfg_aggregate(L->doc, s, "justification", CONFIG_TYPE_GROUP, false, &g, &d) != 0 ||
	    (g && (cfg_check_members(L->doc, g, keys, &d) != 0 ||
		   cfg_strings(L->doc, g, "fields", false, &L->p->arena, &r->jreq.fields,
			       &r->jreq.nfields, &d) != 0 ||
		   cfg_int(L->doc, g, "max_age_days", false, 0, 36500, &r->jreq.max_age_days, &d) != 0 ||
		   cfg_bool(L->doc, g, "alternatives_domestic", false, &dom, &d) != 0))) {
		loader_push(L, &d);
		return -1;
	}
	r->jreq.alternatives_domestic = dom;
	if (load_signed(L, g, r) != 0)
		return -1;
	if (!g || !config_setting_get_member(g, "fields")) {
		r->jreq.fields = (const char **)deflt;
		r->jreq.nfields = CG_ARRAY_LEN(deflt);
	}
	return 0;
}

/* A share threshold: a number from 0 to 1, or "params.NAME" naming a
 * number parameter (its value then checked the same way). */
static int share_value(struct loader *L, config_setting_t *s, const char *name, double *out)
{
	struct diag d;
	config_setting_t *m = config_setting_get_member(s, name);
	if (m && config_setting_type(m) == CONFIG_TYPE_STRING) {
		const char *v = config_setting_get_string(m);
		const struct param *pr =
			strncmp(v, "params.", 7) == 0 ? param_find(L->p, v + 7, strlen(v + 7)) : NULL;
		if (!pr || pr->type != PT_NUMBER) {
			loader_err_at(L, m, "'%s' must be a number from 0 to 1 or 'params.NAME' naming a number "
				     "parameter, not '%s'",
			       name, v);
			return -1;
		}
		*out = pr->value.u.n;
		if (*out < 0 || *out > 1) {
			loader_err_at(L, m, "'%s': parameter '%s' is %g, not a share from 0 to 1", name, pr->name,
			       *out);
			return -1;
		}
		return 0;
	}
	if (cfg_number(L->doc, s, name, false, 0, 1, out, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	return 0;
}

/* Exactly one of max_foreign_share (the foreign share may be at most it),
 * min_domestic_share (the domestic share must be at least it) and
 * domestic_share_above (the domestic share must be above it). */
static int load_threshold(struct loader *L, config_setting_t *s, struct rule *r)
{
	static const char *const names[] = {"max_foreign_share", "min_domestic_share",
					    "domestic_share_above"};
	int n = 0, which = -1;
	for (int i = 0; i < 3; i++)
		if (config_setting_get_member(s, names[i])) {
			n++;
			which = i;
		}
	r->max_share = r->min_domestic = NAN;
	if (n != 1) {
		loader_err_at(L, s, "an exposure rule takes one of 'max_foreign_share', 'min_domestic_share' and "
			     "'domestic_share_above'%s",
		       n ? ", not several" : "");
		return -1;
	}
	r->domestic_above = which == 2;
	return share_value(L, s, names[which], which == 0 ? &r->max_share : &r->min_domestic);
}

static int load_exposure(struct loader *L, config_setting_t *s, struct rule *r)
{
	int rc = 0;
	if (loader_compile(L, s, "scope", false, VT_BOOL, &r->scope, &r->scope_src) != 0)
		rc = -1;
	if (loader_compile(L, s, "group_by", true, VT_STR, &r->group_by, &r->group_by_src) != 0)
		rc = -1;
	if (loader_compile(L, s, "weight", false, VT_NUM, &r->weight, &r->weight_src) != 0)
		rc = -1;
	if (load_threshold(L, s, r) != 0)
		rc = -1;
	if (config_setting_get_member(s, "when") || config_setting_get_member(s, "require") ||
	    config_setting_get_member(s, "message")) {
		loader_err_at(L, s, "an exposure rule takes 'scope', 'group_by' and 'weight', not 'when', "
			     "'require' or 'message'");
		rc = -1;
	}
	return rc;
}

static const char *const rule_keys[] = {
	"id",	     "title",	  "severity", "kind",  "when",	   "message",	"remediation",
	"references", "require", "justification", "scope", "group_by", "weight",
	"max_foreign_share", "min_domestic_share", "domestic_share_above", "effective", "until",
	"windows", "state", "enabled", "description",
	NULL};

static int load_rule(struct loader *L, config_setting_t *s, struct rule *r)
{
	struct policy *p = L->p;
	struct diag d;
	const char *id = NULL, *title = NULL, *sev = NULL, *kind = NULL, *msg = NULL, *rem = NULL,
		   *req = NULL, *state = NULL;
	int enabled = 1;
	/* the slot may hold what a previous, rejected rule left in it */
	memset(r, 0, sizeof(*r));
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		loader_err_at(L, s, "each rule must be a group { ... }");
		return -1;
	}
	if (cfg_check_members(L->doc, s, rule_keys, &d) != 0 ||
	    cfg_string(L->doc, s, "id", true, &id, &d) != 0 ||
	    cfg_string(L->doc, s, "title", true, &title, &d) != 0 ||
	    cfg_string(L->doc, s, "severity", true, &sev, &d) != 0 ||
	    cfg_string(L->doc, s, "kind", false, &kind, &d) != 0 ||
	    cfg_string(L->doc, s, "message", false, &msg, &d) != 0 ||
	    cfg_string(L->doc, s, "remediation", false, &rem, &d) != 0 ||
	    cfg_string(L->doc, s, "require", false, &req, &d) != 0 ||
	    cfg_string(L->doc, s, "state", false, &state, &d) != 0 ||
	    cfg_bool(L->doc, s, "enabled", false, &enabled, &d) != 0 ||
	    cfg_strings(L->doc, s, "references", true, &p->arena, &r->info.references,
			&r->info.nreferences, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	if (rule_lifetime(p, L->doc, s, r, L->errs) != 0)
		return -1;
	if (state && strcmp(state, "active") != 0 && strcmp(state, "watch") != 0) {
		loader_err_at(L, config_setting_get_member(s, "state"),
		       "invalid state '%s' (expected one of: active, watch)", state);
		return -1;
	}
	r->watch = state && strcmp(state, "watch") == 0;
	r->enabled = enabled;
	if (!loader_valid_id(id, true)) {
		loader_err_at(L, config_setting_get_member(s, "id"),
		       "invalid rule id '%s' (letters, digits, '-', '_', '.')", id);
		return -1;
	}
	if (severity_parse(sev, &r->info.severity) != 0 || r->info.severity == SEV_NEVER) {
		loader_err_at(L, config_setting_get_member(s, "severity"),
		       "invalid severity '%s' (expected one of: error, warning, info)", sev);
		return -1;
	}
	if (kind && strcmp(kind, "asset") != 0 && strcmp(kind, "exposure") != 0) {
		loader_err_at(L, config_setting_get_member(s, "kind"),
		       "invalid kind '%s' (expected one of: asset, exposure)", kind);
		return -1;
	}
	if (req && strcmp(req, "justification") != 0) {
		loader_err_at(L, config_setting_get_member(s, "require"),
		       "invalid require '%s' (expected 'justification')", req);
		return -1;
	}
	r->kind = kind && strcmp(kind, "exposure") == 0 ? RK_EXPOSURE
		  : req					    ? RK_JUSTIFICATION
							    : RK_ASSET;
	r->info.id = loader_dup(L, id);
	r->info.policy = p->id;
	r->info.title = loader_dup(L, title);
	r->info.kind = r->kind == RK_EXPOSURE ? "exposure" : r->kind == RK_JUSTIFICATION ? "justification" : "asset";
	r->info.remediation = loader_dup(L, rem);
	r->info.file = p->source;
	r->info.line = cfg_line(s);
	int rc = 0;
	if (r->kind == RK_EXPOSURE) {
		rc = load_exposure(L, s, r);
		r->info.when = r->scope_src;
	} else {
		if (loader_compile(L, s, "when", true, VT_BOOL, &r->when, &r->info.when) != 0)
			rc = -1;
		else
			collect_refs(L, r, r->info.when);
		if (r->kind == RK_JUSTIFICATION && load_jreq(L, s, r) != 0)
			rc = -1;
		else if (r->kind == RK_ASSET && config_setting_get_member(s, "justification")) {
			loader_err_at(L, config_setting_get_member(s, "justification"),
			       "'justification' needs require = \"justification\"");
			rc = -1;
		}
	}
	const char *m = msg ? msg : r->kind == RK_EXPOSURE ? "{policy.id}: {asset.site}" : "{asset.id}: ";
	if (msg && compile_template(L, config_setting_get_member(s, "message"), m, &r->message) != 0)
		rc = -1;
	return rc;
}

int loader_rules(struct loader *L, config_setting_t *root)
{
	struct diag d;
	config_setting_t *rs;
	if (cfg_aggregate(L->doc, root, "rules", CONFIG_TYPE_LIST, true, &rs, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	int n = config_setting_length(rs), rc = 0;
	L->p->rules = arena_alloc(&L->p->arena, sizeof(struct rule) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(rs, (unsigned)i);
		struct rule *r = &L->p->rules[L->p->nrules];
		if (load_rule(L, s, r) == 0)
			L->p->nrules++;
		else
			rc = -1;
		/* duplicates are found among every rule, loaded or not */
		const char *id = NULL, *prev = NULL;
		if (config_setting_lookup_string(s, "id", &id) != CONFIG_TRUE)
			continue;
		for (int j = 0; j < i; j++) {
			config_setting_t *o = config_setting_get_elem(rs, (unsigned)j);
			if (config_setting_lookup_string(o, "id", &prev) == CONFIG_TRUE &&
			    strcmp(prev, id) == 0) {
				loader_err_at(L, s, "duplicate rule id '%s' (first at line %d)", id, cfg_line(o));
				rc = -1;
				break;
			}
		}
	}
	return rc;
}
