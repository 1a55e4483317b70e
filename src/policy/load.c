/* Loading a policy pack: the header, named lists, rules (compiled once,
 * here), and the pack's own tests. Every error is appended to a list so
 * that `lint` can report all of them; an expression error names the pack
 * file, the line of the setting that holds the expression and the column
 * inside the expression. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void push(struct loader *L, const struct diag *d)
{
	diag_list_push(L->errs, d);
}

static void err_at(struct loader *L, const config_setting_t *s, const char *fmt, ...)
	CG_PRINTF(3, 4);
static void err_at(struct loader *L, const config_setting_t *s, const char *fmt, ...)
{
	struct diag d;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(&d, L->doc->path, s ? cfg_line(s) : 0, s ? cfg_col(L->doc, s) : 0, fmt, ap);
	va_end(ap);
	push(L, &d);
}

static const char *dup(struct loader *L, const char *s)
{
	return s ? arena_strdup(&L->p->arena, s) : NULL;
}

/* Compile the expression member NAME of S (required or not). */
static int compile(struct loader *L, const config_setting_t *s, const char *name, bool required,
		   enum vtype want, struct expr **out, const char **src_out)
{
	struct diag d;
	const char *src = NULL;
	*out = NULL;
	if (cfg_string(L->doc, s, name, required, &src, &d) != 0) {
		push(L, &d);
		return -1;
	}
	if (!src)
		return 0;
	struct expr_error ee;
	*out = expr_compile(&L->p->arena, src, strlen(src), want, &L->syms, &ee);
	if (!*out) {
		config_setting_t *m = config_setting_get_member(s, name);
		diag_set(&d, L->doc->path, cfg_line(m), (int)ee.offset + 1, "in '%s': %s", name, ee.msg);
		push(L, &d);
		return -1;
	}
	if (src_out)
		*src_out = dup(L, src);
	return 0;
}

/* ---- header and lists ------------------------------------------------- */

static bool valid_id(const char *s, bool upper)
{
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!(isdigit((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' ||
		      (upper ? isalpha((unsigned char)*p) : islower((unsigned char)*p))))
			return false;
	return true;
}

static int load_header(struct loader *L, config_setting_t *root)
{
	static const char *const keys[] = {"id",	   "title",	   "jurisdiction", "version",
					   "effective", "origin_basis", "references",	"description",
					   "reviewed",	"review_by",	"aliases",	NULL};
	struct policy *p = L->p;
	struct diag d;
	config_setting_t *h;
	const char *id = NULL, *title = NULL, *jur = NULL, *ver = NULL, *basis = NULL, *desc = NULL;
	p->effective = p->reviewed = p->review_by = CG_DATE_NONE;
	if (cfg_aggregate(L->doc, root, "policy", CONFIG_TYPE_GROUP, true, &h, &d) != 0 ||
	    cfg_check_members(L->doc, h, keys, &d) != 0 ||
	    cfg_string(L->doc, h, "id", true, &id, &d) != 0 ||
	    cfg_string(L->doc, h, "title", true, &title, &d) != 0 ||
	    cfg_string(L->doc, h, "jurisdiction", true, &jur, &d) != 0 ||
	    cfg_string(L->doc, h, "version", true, &ver, &d) != 0 ||
	    cfg_date(L->doc, h, "effective", false, &p->effective, &d) != 0 ||
	    cfg_date(L->doc, h, "reviewed", false, &p->reviewed, &d) != 0 ||
	    cfg_date(L->doc, h, "review_by", false, &p->review_by, &d) != 0 ||
	    cfg_string(L->doc, h, "origin_basis", false, &basis, &d) != 0 ||
	    cfg_string(L->doc, h, "description", false, &desc, &d) != 0 ||
	    cfg_strings(L->doc, h, "aliases", true, &p->arena, &p->aliases, &p->naliases, &d) != 0 ||
	    cfg_strings(L->doc, h, "references", true, &p->arena, &p->references, &p->nreferences,
			&d) != 0) {
		push(L, &d);
		return -1;
	}
	p->header_line = cfg_line(h);
	config_setting_t *rb = config_setting_get_member(h, "review_by");
	p->review_by_line = rb ? cfg_line(rb) : p->header_line;
	if (!valid_id(id, false)) {
		err_at(L, config_setting_get_member(h, "id"),
		       "invalid policy id '%s' (lowercase letters, digits, '-', '_', '.')", id);
		return -1;
	}
	for (size_t i = 0; i < p->naliases; i++)
		if (!valid_id(p->aliases[i], false) || strcmp(p->aliases[i], id) == 0) {
			err_at(L, config_setting_get_member(h, "aliases"),
			       "invalid alias '%s' (a policy id other than the pack's own)", p->aliases[i]);
			return -1;
		}
	if (p->reviewed != CG_DATE_NONE && p->review_by != CG_DATE_NONE &&
	    p->review_by < p->reviewed) {
		err_at(L, rb, "'review_by' is before 'reviewed'");
		return -1;
	}
	if (!country_code_valid(jur)) {
		err_at(L, config_setting_get_member(h, "jurisdiction"),
		       "'jurisdiction' must be an ISO 3166-1 alpha-2 code such as 'CN'");
		return -1;
	}
	if (basis && strcmp(basis, "vendor") != 0 && strcmp(basis, "fab") != 0) {
		err_at(L, config_setting_get_member(h, "origin_basis"),
		       "invalid origin_basis '%s' (expected one of: vendor, fab)", basis);
		return -1;
	}
	p->id = dup(L, id);
	p->title = dup(L, title);
	p->jurisdiction = dup(L, jur);
	p->version = dup(L, ver);
	p->description = dup(L, desc);
	p->fab_basis = basis && strcmp(basis, "fab") == 0;
	return 0;
}

static bool list_name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return s[-1] != '-';
}

static int load_list(struct loader *L, config_setting_t *m, struct plist *pl)
{
	int n = config_setting_length(m);
	struct value *items = arena_alloc(&L->p->arena, sizeof(*items) * (size_t)(n + 1));
	enum vtype it = VT_STR;
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		int t = config_setting_type(e);
		enum vtype vt = t == CONFIG_TYPE_STRING ? VT_STR
				: (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT)
					? VT_NUM
					: VT_NULL;
		if (vt == VT_NULL || (i > 0 && vt != it)) {
			err_at(L, m, "list '%s' must hold only strings or only numbers",
			       config_setting_name(m));
			return -1;
		}
		it = vt;
		if (vt == VT_STR) {
			const char *s = config_setting_get_string(e);
			struct diag d;
			if (text_validate(L->doc->path, s, strlen(s), &d) != 0) {
				err_at(L, m, "list '%s' item %d is not valid UTF-8", config_setting_name(m), i + 1);
				return -1;
			}
			items[i].t = VT_STR;
			items[i].u.s.p = arena_strdup(&L->p->arena, s);
			items[i].u.s.len = strlen(s);
		} else {
			items[i].t = VT_NUM;
			items[i].u.n = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(e)
							      : (double)config_setting_get_int64(e);
		}
	}
	pl->name = dup(L, config_setting_name(m));
	pl->item_type = it;
	pl->value.t = VT_LIST;
	pl->value.u.l.v = items;
	pl->value.u.l.n = (size_t)n;
	return 0;
}

static int load_lists(struct loader *L, config_setting_t *root)
{
	struct diag d;
	config_setting_t *g;
	if (cfg_aggregate(L->doc, root, "lists", CONFIG_TYPE_GROUP, false, &g, &d) != 0) {
		push(L, &d);
		return -1;
	}
	int n = g ? config_setting_length(g) : 0;
	L->p->lists = arena_alloc(&L->p->arena, sizeof(struct plist) * (size_t)(n + 1));
	int rc = 0;
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		int t = config_setting_type(m);
		if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
			err_at(L, m, "list '%s' must be a list [ ... ], not a %s", config_setting_name(m),
			       cfg_type_name(t));
			rc = -1;
			continue;
		}
		if (!list_name_ok(config_setting_name(m))) {
			err_at(L, m, "list name '%s' cannot be used in expressions (use letters, digits, '_')",
			       config_setting_name(m));
			rc = -1;
			continue;
		}
		if (load_list(L, m, &L->p->lists[L->p->nlists]) != 0)
			rc = -1;
		else
			L->p->nlists++;
	}
	return rc;
}

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
			push(L, &d);
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
			push(L, &d);
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
				err_at(L, m, "'signed_approval' names the parameter '%s', a %s, not a bool "
					     "parameter",
				       pr->name, param_type_name(pr->type));
			else if (strncmp(v, "params.", 7) == 0)
				err_at(L, m, "'signed_approval' names '%s', but the pack has no parameter "
					     "'%s' (declare it in 'params' as a bool)",
				       v, v + 7);
			else
				err_at(L, m, "'signed_approval' must be true, false or 'params.NAME' naming a "
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
		push(L, &d);
		return -1;
	}
	r->jreq.signed_approval = sig;
	if (sig && !L->has_approvers) {
		err_at(L, m, "'signed_approval' needs a top-level 'approvers' list naming who may sign");
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
		push(L, &d);
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
			err_at(L, m, "'%s' must be a number from 0 to 1 or 'params.NAME' naming a number "
				     "parameter, not '%s'",
			       name, v);
			return -1;
		}
		*out = pr->value.u.n;
		if (*out < 0 || *out > 1) {
			err_at(L, m, "'%s': parameter '%s' is %g, not a share from 0 to 1", name, pr->name,
			       *out);
			return -1;
		}
		return 0;
	}
	if (cfg_number(L->doc, s, name, false, 0, 1, out, &d) != 0) {
		push(L, &d);
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
		err_at(L, s, "an exposure rule takes one of 'max_foreign_share', 'min_domestic_share' and "
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
	if (compile(L, s, "scope", false, VT_BOOL, &r->scope, &r->scope_src) != 0)
		rc = -1;
	if (compile(L, s, "group_by", true, VT_STR, &r->group_by, &r->group_by_src) != 0)
		rc = -1;
	if (compile(L, s, "weight", false, VT_NUM, &r->weight, &r->weight_src) != 0)
		rc = -1;
	if (load_threshold(L, s, r) != 0)
		rc = -1;
	if (config_setting_get_member(s, "when") || config_setting_get_member(s, "require") ||
	    config_setting_get_member(s, "message")) {
		err_at(L, s, "an exposure rule takes 'scope', 'group_by' and 'weight', not 'when', "
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
		err_at(L, s, "each rule must be a group { ... }");
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
		push(L, &d);
		return -1;
	}
	if (rule_lifetime(p, L->doc, s, r, L->errs) != 0)
		return -1;
	if (state && strcmp(state, "active") != 0 && strcmp(state, "watch") != 0) {
		err_at(L, config_setting_get_member(s, "state"),
		       "invalid state '%s' (expected one of: active, watch)", state);
		return -1;
	}
	r->watch = state && strcmp(state, "watch") == 0;
	r->enabled = enabled;
	if (!valid_id(id, true)) {
		err_at(L, config_setting_get_member(s, "id"),
		       "invalid rule id '%s' (letters, digits, '-', '_', '.')", id);
		return -1;
	}
	if (severity_parse(sev, &r->info.severity) != 0 || r->info.severity == SEV_NEVER) {
		err_at(L, config_setting_get_member(s, "severity"),
		       "invalid severity '%s' (expected one of: error, warning, info)", sev);
		return -1;
	}
	if (kind && strcmp(kind, "asset") != 0 && strcmp(kind, "exposure") != 0) {
		err_at(L, config_setting_get_member(s, "kind"),
		       "invalid kind '%s' (expected one of: asset, exposure)", kind);
		return -1;
	}
	if (req && strcmp(req, "justification") != 0) {
		err_at(L, config_setting_get_member(s, "require"),
		       "invalid require '%s' (expected 'justification')", req);
		return -1;
	}
	r->kind = kind && strcmp(kind, "exposure") == 0 ? RK_EXPOSURE
		  : req					    ? RK_JUSTIFICATION
							    : RK_ASSET;
	r->info.id = dup(L, id);
	r->info.policy = p->id;
	r->info.title = dup(L, title);
	r->info.kind = r->kind == RK_EXPOSURE ? "exposure" : r->kind == RK_JUSTIFICATION ? "justification" : "asset";
	r->info.remediation = dup(L, rem);
	r->info.file = p->source;
	r->info.line = cfg_line(s);
	int rc = 0;
	if (r->kind == RK_EXPOSURE) {
		rc = load_exposure(L, s, r);
		r->info.when = r->scope_src;
	} else {
		if (compile(L, s, "when", true, VT_BOOL, &r->when, &r->info.when) != 0)
			rc = -1;
		else
			collect_refs(L, r, r->info.when);
		if (r->kind == RK_JUSTIFICATION && load_jreq(L, s, r) != 0)
			rc = -1;
		else if (r->kind == RK_ASSET && config_setting_get_member(s, "justification")) {
			err_at(L, config_setting_get_member(s, "justification"),
			       "'justification' needs require = \"justification\"");
			rc = -1;
		}
	}
	const char *m = msg ? msg : r->kind == RK_EXPOSURE ? "{policy.id}: {asset.site}" : "{asset.id}: ";
	if (msg && compile_template(L, config_setting_get_member(s, "message"), m, &r->message) != 0)
		rc = -1;
	return rc;
}

static int load_rules(struct loader *L, config_setting_t *root)
{
	struct diag d;
	config_setting_t *rs;
	if (cfg_aggregate(L->doc, root, "rules", CONFIG_TYPE_LIST, true, &rs, &d) != 0) {
		push(L, &d);
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
				err_at(L, s, "duplicate rule id '%s' (first at line %d)", id, cfg_line(o));
				rc = -1;
				break;
			}
		}
	}
	return rc;
}

/* ---- approvers ----------------------------------------------------------- */

/* Who may sign approvals: `approvers = ( { name = "..."; key = "..."; } );`
 * Names are unique ignoring case (the requester is compared that way) and
 * so are keys: a key listed under two names would let one person approve
 * as another. */
static int load_approver(struct loader *L, config_setting_t *s, size_t idx)
{
	static const char *const keys[] = {"name", "key", NULL};
	struct policy *p = L->p;
	struct diag d;
	const char *name = NULL, *key = NULL;
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		err_at(L, s, "each approver must be a group { name = \"...\"; key = \"...\"; }");
		return -1;
	}
	if (cfg_check_members(L->doc, s, keys, &d) != 0 ||
	    cfg_string(L->doc, s, "name", true, &name, &d) != 0 ||
	    cfg_string(L->doc, s, "key", true, &key, &d) != 0) {
		push(L, &d);
		return -1;
	}
	const struct approver *prev = approval_find(p, name);
	if (prev) {
		err_at(L, config_setting_get_member(s, "name"), "duplicate approver '%s' (first at line %d)",
		       name, prev->line);
		return -1;
	}
	struct attest_key *k;
	struct strbuf why = STRBUF_INIT;
	if (approval_key_load(L->key_dir, L->inline_only, key, &k, &why) != 0) {
		err_at(L, config_setting_get_member(s, "key"), "approver '%s': %s", name, why.buf);
		sb_release(&why);
		return -1;
	}
	sb_release(&why);
	for (size_t i = 0; i < p->napprovers; i++)
		if (strcmp(attest_key_id(p->approvers[i].key), attest_key_id(k)) == 0) {
			err_at(L, config_setting_get_member(s, "key"),
			       "approver '%s' has the same key as '%s' (line %d): each approver needs a "
			       "key of their own",
			       name, p->approvers[i].name, p->approvers[i].line);
			attest_key_free(k);
			return -1;
		}
	attest_keyring_add(&p->approver_keys, k);
	struct approver *a = &p->approvers[idx];
	a->name = dup(L, name);
	a->key = k;
	a->line = cfg_line(s);
	return 0;
}

static int load_approvers(struct loader *L, config_setting_t *root)
{
	struct diag d;
	config_setting_t *as;
	L->has_approvers = config_setting_get_member(root, "approvers") != NULL;
	if (cfg_aggregate(L->doc, root, "approvers", CONFIG_TYPE_LIST, false, &as, &d) != 0) {
		push(L, &d);
		return -1;
	}
	int n = as ? config_setting_length(as) : 0, rc = 0;
	L->p->approvers = arena_alloc(&L->p->arena, sizeof(struct approver) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		if (load_approver(L, config_setting_get_elem(as, (unsigned)i), L->p->napprovers) == 0)
			L->p->napprovers++;
		else
			rc = -1;
	}
	if (as && n == 0) {
		err_at(L, as, "'approvers' is empty: list who may sign approvals, or remove it");
		rc = -1;
	}
	return rc;
}

/* The organisation's keyring (--approvers FILE: a libconfig file holding
 * only an `approvers` list, key paths relative to its directory), for a
 * pack that lists no approvers of its own: a pack's own list always wins,
 * so a regulator's pack cannot be given other signers by its user. Errors
 * are at the file's lines. */
static int load_approvers_file(struct loader *L)
{
	static const char *const top[] = {"approvers", NULL};
	struct policy_options *opt = L->opt;
	if (!opt || !opt->approvers || L->has_approvers)
		return 0;
	struct cfgdoc doc;
	struct diag d;
	if (cfgdoc_load_text(&doc, opt->approvers, opt->approvers_text, opt->approvers_len, &d) !=
	    0) {
		push(L, &d);
		return -1;
	}
	struct loader F = *L;
	const char *slash = strrchr(opt->approvers, '/');
	F.doc = &doc;
	F.key_dir = slash ? arena_strndup(&L->p->arena, opt->approvers,
					  (size_t)(slash - opt->approvers))
			  : ".";
	F.inline_only = false;
	config_setting_t *root = config_root_setting(&doc.cfg);
	int rc = -1;
	if (cfg_check_members(&doc, root, top, &d) != 0) {
		push(L, &d);
	} else if (!config_setting_get_member(root, "approvers")) {
		diag_set(&d, opt->approvers, 1, 0,
			 "no 'approvers' list: an approvers file holds approvers = ( { name = "
			 "\"...\"; key = \"...\"; }, ... );");
		push(L, &d);
	} else if (load_approvers(&F, root) == 0) {
		L->p->approvers_file = dup(L, opt->approvers);
		opt->approvers_used++;
		rc = 0;
	}
	cfgdoc_free(&doc);
	return rc;
}

/* ---- tests ------------------------------------------------------------ */

/* A test's `params = { NAME = VALUE; ... }`: each NAME a parameter of the
 * pack, each VALUE of its type (a bool, a number, a string; a date as a
 * string) and within its range or list, kept as --param would give it. */
static int load_test_params(struct loader *L, config_setting_t *s, struct ptest *t)
{
	struct diag d;
	config_setting_t *g;
	if (cfg_aggregate(L->doc, s, "params", CONFIG_TYPE_GROUP, false, &g, &d) != 0) {
		push(L, &d);
		return -1;
	}
	int n = g ? config_setting_length(g) : 0, rc = 0;
	t->param_names = arena_alloc(&L->p->arena, sizeof(char *) * (size_t)(n + 1));
	t->param_values = arena_alloc(&L->p->arena, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		const struct param *pr = param_find(L->p, name, strlen(name));
		if (!pr) {
			struct suggest sg;
			suggest_init(&sg, name);
			for (size_t k = 0; k < L->p->nparams; k++)
				suggest_offer(&sg, L->p->params[k].name);
			if (sg.best)
				err_at(L, m, "test '%s': no parameter '%s' in the pack (did you mean '%s'?)",
				       t->name, name, sg.best);
			else
				err_at(L, m, "test '%s': no parameter '%s' in the pack", t->name, name);
			rc = -1;
			continue;
		}
		char buf[64];
		const char *text = NULL;
		int ct = config_setting_type(m);
		if (pr->type == PT_BOOL && ct == CONFIG_TYPE_BOOL) {
			text = config_setting_get_bool(m) ? "true" : "false";
		} else if (pr->type == PT_NUMBER && (ct == CONFIG_TYPE_INT || ct == CONFIG_TYPE_INT64)) {
			snprintf(buf, sizeof(buf), "%lld", config_setting_get_int64(m));
			text = buf;
		} else if (pr->type == PT_NUMBER && ct == CONFIG_TYPE_FLOAT) {
			snprintf(buf, sizeof(buf), "%.17g", config_setting_get_float(m));
			text = buf;
		} else if ((pr->type == PT_STRING || pr->type == PT_DATE) && ct == CONFIG_TYPE_STRING) {
			text = config_setting_get_string(m);
		}
		struct strbuf why = STRBUF_INIT;
		if (!text)
			sb_printf(&why, "not a %s", param_type_name(pr->type));
		if (!text || param_check_text(L->p, pr, text, &why) != 0) {
			err_at(L, m, "test '%s': params: '%s' is %s (the parameter is a %s)", t->name,
			       name, sb_str(&why), param_type_name(pr->type));
			sb_release(&why);
			rc = -1;
			continue;
		}
		sb_release(&why);
		t->param_names[t->nparams] = pr->name;
		t->param_values[t->nparams++] = dup(L, text);
	}
	return rc;
}

/* A test's `enable = ["RULE", ...]`: rules of the pack. */
static int load_test_enable(struct loader *L, config_setting_t *s, struct ptest *t)
{
	struct diag d;
	if (cfg_strings(L->doc, s, "enable", false, &L->p->arena, &t->enable, &t->nenable, &d) !=
	    0) {
		push(L, &d);
		return -1;
	}
	for (size_t i = 0; i < t->nenable; i++) {
		bool found = false;
		for (size_t r = 0; r < L->p->nrules && !found; r++)
			found = strcmp(L->p->rules[r].info.id, t->enable[i]) == 0;
		if (found)
			continue;
		struct policy *const one = L->p;
		const char *near = policy_suggest_rule(&one, 1, t->enable[i]);
		config_setting_t *m = config_setting_get_member(s, "enable");
		if (near)
			err_at(L, m, "test '%s': enable: no rule '%s' in the pack (did you mean '%s'?)",
			       t->name, t->enable[i], near);
		else
			err_at(L, m, "test '%s': enable: no rule '%s' in the pack", t->name,
			       t->enable[i]);
		return -1;
	}
	return 0;
}

static int load_tests(struct loader *L, config_setting_t *root)
{
	static const char *const keys[] = {"name",   "inventory", "catalog", "as_of",
					   "expect", "params",    "enable",  NULL};
	struct diag d;
	config_setting_t *ts;
	if (cfg_aggregate(L->doc, root, "tests", CONFIG_TYPE_LIST, false, &ts, &d) != 0) {
		push(L, &d);
		return -1;
	}
	int n = ts ? config_setting_length(ts) : 0, rc = 0;
	L->p->tests = arena_alloc(&L->p->arena, sizeof(struct ptest) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(ts, (unsigned)i);
		struct ptest *t = &L->p->tests[L->p->ntests];
		const char *name = NULL, *inv = NULL, *cat = NULL;
		t->as_of = CG_DATE_NONE;
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			err_at(L, s, "each test must be a group { ... }");
			rc = -1;
			continue;
		}
		if (cfg_check_members(L->doc, s, keys, &d) != 0 ||
		    cfg_string(L->doc, s, "name", true, &name, &d) != 0 ||
		    cfg_string(L->doc, s, "inventory", true, &inv, &d) != 0 ||
		    cfg_string(L->doc, s, "catalog", false, &cat, &d) != 0 ||
		    cfg_date(L->doc, s, "as_of", false, &t->as_of, &d) != 0 ||
		    cfg_strings(L->doc, s, "expect", false, &L->p->arena, &t->expect, &t->nexpect, &d) != 0) {
			push(L, &d);
			rc = -1;
			continue;
		}
		t->name = dup(L, name);
		t->inventory = dup(L, inv);
		t->catalog = dup(L, cat);
		t->inline_text = strchr(inv, '{') || strchr(inv, '\n') || strchr(inv, '=');
		t->line = cfg_line(s);
		t->nparams = t->nenable = 0;
		if (load_test_params(L, s, t) != 0 || load_test_enable(L, s, t) != 0) {
			rc = -1;
			continue;
		}
		if ((t->nparams || t->nenable) && !L->p->text) {
			L->p->text = arena_strndup(&L->p->arena, L->doc->buf, L->doc->len);
			L->p->text_len = L->doc->len;
		}
		L->p->ntests++;
	}
	return rc;
}

/* ---- the pack -------------------------------------------------------- */

static struct policy *load_doc(const struct cfgdoc *doc, const char *source, const struct catalog *cat,
			       struct policy_options *opt, struct diag_list *errs)
{
	static const char *const top[] = {"policy", "params", "lists", "approvers", "rules", "tests",
					  NULL};
	struct policy *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	p->source = arena_strdup(&p->arena, source);
	memcpy(p->sha256, doc->sha256, sizeof(p->sha256));
	const char *slash = strrchr(source, '/');
	p->dir = slash ? arena_strndup(&p->arena, source, (size_t)(slash - source)) : ".";
	struct loader L = {p, doc, cat, errs, {symbols_resolve, p}, false, opt, p->dir,
			   strncmp(source, "embedded:", 9) == 0};
	size_t before = errs->n;
	config_setting_t *root = config_root_setting(&doc->cfg);
	struct diag d;
	if (cfg_check_members(doc, root, top, &d) != 0)
		push(&L, &d);
	if (load_header(&L, root) == 0) {
		params_load(p, doc, root, opt, errs);
		load_lists(&L, root);
		load_approvers(&L, root);
		load_approvers_file(&L);
		load_rules(&L, root);
		load_tests(&L, root);
	}
	if (errs->n != before) {
		policy_free(p);
		return NULL;
	}
	return p;
}

struct policy *policy_load_text_with(const char *file, const char *text, size_t len,
				     const struct catalog *cat, struct policy_options *opt,
				     struct diag_list *errs)
{
	struct cfgdoc doc;
	struct diag d;
	if (cfgdoc_load_text(&doc, file, text, len, &d) != 0) {
		diag_list_push(errs, &d);
		return NULL;
	}
	struct policy *p = load_doc(&doc, file, cat, opt, errs);
	cfgdoc_free(&doc);
	return p;
}

struct policy *policy_load_text(const char *file, const char *text, size_t len,
				const struct catalog *cat, struct diag_list *errs)
{
	return policy_load_text_with(file, text, len, cat, NULL, errs);
}

struct policy *policy_load_with(const char *name, const struct catalog *cat,
				struct policy_options *opt, struct diag_list *errs)
{
	const char *emb = policy_embedded_name(name);
	if (emb) {
		char buf[160], src[176];
		snprintf(buf, sizeof(buf), "%s.cfg", emb);
		snprintf(src, sizeof(src), "embedded:%s", buf);
		const struct embedded_file *f = embedded_find(buf);
		return policy_load_text_with(src, (const char *)f->data, f->len, cat, opt, errs);
	}
	struct cfgdoc doc;
	struct diag d;
	if (cfgdoc_load_file(&doc, name, &d) != 0) {
		if (!strchr(name, '/') && !policy_has_cfg_suffix(name))
			policy_no_such_pack(name, &d);
		diag_list_push(errs, &d);
		return NULL;
	}
	struct policy *p = load_doc(&doc, name, cat, opt, errs);
	cfgdoc_free(&doc);
	return p;
}

struct policy *policy_load(const char *name, const struct catalog *cat, struct diag_list *errs)
{
	return policy_load_with(name, cat, NULL, errs);
}

int policy_enable_rule(struct policy *p, const char *id)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].info.id, id) == 0) {
			p->rules[i].enabled = true;
			return 0;
		}
	return -1;
}

const char *policy_suggest_rule(struct policy *const *pols, size_t n, const char *id)
{
	struct suggest s;
	suggest_init(&s, id);
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < pols[i]->nrules; r++)
			suggest_offer(&s, pols[i]->rules[r].info.id);
	return s.best;
}

void policy_review_dates(const struct policy *p, cg_date *reviewed, cg_date *review_by)
{
	*reviewed = p->reviewed;
	*review_by = p->review_by;
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	free(p->attr_names);
	attest_keyring_release(&p->approver_keys);
	arena_release(&p->arena);
	free(p);
}

const char *policy_id(const struct policy *p)
{
	return p->id;
}

const char *policy_jurisdiction(const struct policy *p)
{
	return p->jurisdiction;
}

const char *policy_source(const struct policy *p)
{
	return p->source;
}

const char *policy_approvers_file(const struct policy *p)
{
	return p->approvers_file;
}

bool policy_has_approvers(const struct policy *p)
{
	return p->napprovers > 0;
}

const char *policy_sha256(const struct policy *p)
{
	return p->sha256;
}

