/* Loading a policy pack: the header, named lists, approvers, the pack's
 * own tests, and the entry points that read a pack from a file, text or
 * the embedded packs. The rules and their message templates are read by
 * load_rule.c through the shared loader state of load_int.h. Every error
 * is appended to a list so that `lint` can report all of them; an
 * expression error names the pack file, the line of the setting that
 * holds the expression and the column inside the expression. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "policy/load_int.h"

void loader_err_at(struct loader *L, const config_setting_t *s, const char *fmt, ...)
{
	struct diag d;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(&d, L->doc->path, s ? cfg_line(s) : 0, s ? cfg_col(L->doc, s) : 0, fmt, ap);
	va_end(ap);
	loader_push(L, &d);
}

int loader_compile(struct loader *L, const config_setting_t *s, const char *name, bool required,
		   enum vtype want, struct expr **out, const char **src_out)
{
	struct diag d;
	const char *src = NULL;
	*out = NULL;
	if (cfg_string(L->doc, s, name, required, &src, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	if (!src)
		return 0;
	struct expr_error ee;
	*out = expr_compile(&L->p->arena, src, strlen(src), want, &L->syms, &ee);
	if (!*out) {
		config_setting_t *m = config_setting_get_member(s, name);
		diag_set(&d, L->doc->path, cfg_line(m), (int)ee.offset + 1, "in '%s': %s", name, ee.msg);
		loader_push(L, &d);
		return -1;
	}
	if (src_out)
		*src_out = loader_dup(L, src);
	return 0;
}

/* ---- header and lists ------------------------------------------------- */

bool loader_valid_id(const char *s, bool upper)
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
		loader_push(L, &d);
		return -1;
	}
	p->header_line = cfg_line(h);
	config_setting_t *rb = config_setting_get_member(h, "review_by");
	p->review_by_line = rb ? cfg_line(rb) : p->header_line;
	if (!loader_valid_id(id, false)) {
		loader_err_at(L, config_setting_get_member(h, "id"),
		       "invalid policy id '%s' (lowercase letters, digits, '-', '_', '.')", id);
		return -1;
	}
	for (size_t i = 0; i < p->naliases; i++)
		if (!loader_valid_id(p->aliases[i], false) || strcmp(p->aliases[i], id) == 0) {
			loader_err_at(L, config_setting_get_member(h, "aliases"),
			       "invalid alias '%s' (a policy id other than the pack's own)", p->aliases[i]);
			return -1;
		}
	if (p->reviewed != CG_DATE_NONE && p->review_by != CG_DATE_NONE &&
	    p->review_by < p->reviewed) {
		loader_err_at(L, rb, "'review_by' is before 'reviewed'");
		return -1;
	}
	if (!country_code_valid(jur)) {
		loader_err_at(L, config_setting_get_member(h, "jurisdiction"),
		       "'jurisdiction' must be an ISO 3166-1 alpha-2 code such as 'CN'");
		return -1;
	}
	if (basis && strcmp(basis, "vendor") != 0 && strcmp(basis, "fab") != 0) {
		loader_err_at(L, config_setting_get_member(h, "origin_basis"),
		       "invalid origin_basis '%s' (expected one of: vendor, fab)", basis);
		return -1;
	}
	p->id = loader_dup(L, id);
	p->title = loader_dup(L, title);
	p->jurisdiction = loader_dup(L, jur);
	p->version = loader_dup(L, ver);
	p->description = loader_dup(L, desc);
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
			loader_err_at(L, m, "list '%s' must hold only strings or only numbers",
			       config_setting_name(m));
			return -1;
		}
		it = vt;
		if (vt == VT_STR) {
			const char *s = config_setting_get_string(e);
			struct diag d;
			if (text_validate(L->doc->path, s, strlen(s), &d) != 0) {
				loader_err_at(L, m, "list '%s' item %d is not valid UTF-8", config_setting_name(m), i + 1);
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
	pl->name = loader_dup(L, config_setting_name(m));
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
		loader_push(L, &d);
		return -1;
	}
	int n = g ? config_setting_length(g) : 0;
	L->p->lists = arena_alloc(&L->p->arena, sizeof(struct plist) * (size_t)(n + 1));
	int rc = 0;
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		int t = config_setting_type(m);
		if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
			loader_err_at(L, m, "list '%s' must be a list [ ... ], not a %s", config_setting_name(m),
			       cfg_type_name(t));
			rc = -1;
			continue;
		}
		if (!list_name_ok(config_setting_name(m))) {
			loader_err_at(L, m, "list name '%s' cannot be used in expressions (use letters, digits, '_')",
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
		loader_err_at(L, s, "each approver must be a group { name = \"...\"; key = \"...\"; }");
		return -1;
	}
	if (cfg_check_members(L->doc, s, keys, &d) != 0 ||
	    cfg_string(L->doc, s, "name", true, &name, &d) != 0 ||
	    cfg_string(L->doc, s, "key", true, &key, &d) != 0) {
		loader_push(L, &d);
		return -1;
	}
	const struct approver *prev = approval_find(p, name);
	if (prev) {
		loader_err_at(L, config_setting_get_member(s, "name"), "duplicate approver '%s' (first at line %d)",
		       name, prev->line);
		return -1;
	}
	struct attest_key *k;
	struct strbuf why = STRBUF_INIT;
	if (approval_key_load(L->key_dir, L->inline_only, key, &k, &why) != 0) {
		loader_err_at(L, config_setting_get_member(s, "key"), "approver '%s': %s", name, why.buf);
		sb_release(&why);
		return -1;
	}
	sb_release(&why);
	for (size_t i = 0; i < p->napprovers; i++)
		if (strcmp(attest_key_id(p->approvers[i].key), attest_key_id(k)) == 0) {
			loader_err_at(L, config_setting_get_member(s, "key"),
			       "approver '%s' has the same key as '%s' (line %d): each approver needs a "
			       "key of their own",
			       name, p->approvers[i].name, p->approvers[i].line);
			attest_key_free(k);
			return -1;
		}
	attest_keyring_add(&p->approver_keys, k);
	struct approver *a = &p->approvers[idx];
	a->name = loader_dup(L, name);
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
		loader_push(L, &d);
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
		loader_err_at(L, as, "'approvers' is empty: list who may sign approvals, or remove it");
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
		loader_push(L, &d);
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
		loader_push(L, &d);
	} else if (!config_setting_get_member(root, "approvers")) {
		diag_set(&d, opt->approvers, 1, 0,
			 "no 'approvers' list: an approvers file holds approvers = ( { name = "
			 "\"...\"; key = \"...\"; }, ... );");
		loader_push(L, &d);
	} else if (load_approvers(&F, root) == 0) {
		L->p->approvers_file = loader_dup(L, opt->approvers);
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
		loader_push(L, &d);
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
				loader_err_at(L, m, "test '%s': no parameter '%s' in the pack (did you mean '%s'?)",
				       t->name, name, sg.best);
			else
				loader_err_at(L, m, "test '%s': no parameter '%s' in the pack", t->name, name);
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
			loader_err_at(L, m, "test '%s': params: '%s' is %s (the parameter is a %s)", t->name,
			       name, sb_str(&why), param_type_name(pr->type));
			sb_release(&why);
			rc = -1;
			continue;
		}
		sb_release(&why);
		t->param_names[t->nparams] = pr->name;
		t->param_values[t->nparams++] = loader_dup(L, text);
	}
	return rc;
}

/* A test's `enable = ["RULE", ...]`: rules of the pack. */
static int load_test_enable(struct loader *L, config_setting_t *s, struct ptest *t)
{
	struct diag d;
	if (cfg_strings(L->doc, s, "enable", false, &L->p->arena, &t->enable, &t->nenable, &d) !=
	    0) {
		loader_push(L, &d);
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
			loader_err_at(L, m, "test '%s': enable: no rule '%s' in the pack (did you mean '%s'?)",
			       t->name, t->enable[i], near);
		else
			loader_err_at(L, m, "test '%s': enable: no rule '%s' in the pack", t->name,
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
		loader_push(L, &d);
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
			loader_err_at(L, s, "each test must be a group { ... }");
			rc = -1;
			continue;
		}
		if (cfg_check_members(L->doc, s, keys, &d) != 0 ||
		    cfg_string(L->doc, s, "name", true, &name, &d) != 0 ||
		    cfg_string(L->doc, s, "inventory", true, &inv, &d) != 0 ||
		    cfg_string(L->doc, s, "catalog", false, &cat, &d) != 0 ||
		    cfg_date(L->doc, s, "as_of", false, &t->as_of, &d) != 0 ||
		    cfg_strings(L->doc, s, "expect", false, &L->p->arena, &t->expect, &t->nexpect, &d) != 0) {
			loader_push(L, &d);
			rc = -1;
			continue;
		}
		t->name = loader_dup(L, name);
		t->inventory = loader_dup(L, inv);
		t->catalog = loader_dup(L, cat);
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
		loader_push(&L, &d);
	if (load_header(&L, root) == 0) {
		params_load(p, doc, root, opt, errs);
		load_lists(&L, root);
		load_approvers(&L, root);
		load_approvers_file(&L);
		loader_rules(&L, root);
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

