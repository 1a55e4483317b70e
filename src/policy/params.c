/* Pack parameters (`params`): the choices a pack leaves to its user where
 * its sources leave one (a threshold, a connective, a date), each with a
 * default in the pack and an override on the command line (--param
 * [PACK:]NAME=VALUE), type-checked against the default. Expressions read
 * them as constants (params.NAME), so an override costs nothing per asset.
 *
 * Must never accept an override that does not fit: a value of the wrong
 * type, outside the range or the listed values, or a name no pack
 * declares is an error at the pack's FILE:LINE, and nothing is evaluated. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy/internal.h"

static const char *const type_names[] = {"bool", "number", "string", "date"};

const char *param_type_name(enum param_type t)
{
	return type_names[t];
}

const struct param *param_find(const struct policy *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (strlen(p->params[i].name) == len && memcmp(p->params[i].name, name, len) == 0)
			return &p->params[i];
	return NULL;
}

static void push_at(struct diag_list *errs, const char *file, int line, const char *fmt, ...)
    CG_PRINTF(4, 5);
static void push_at(struct diag_list *errs, const char *file, int line, const char *fmt, ...)
{
	struct diag d;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(&d, file, line, 0, fmt, ap);
	va_end(ap);
	diag_list_push(errs, &d);
}

static bool name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Does V fit PR's range and list? Writes why not into WHY. */
static bool fits(const struct param *pr, const struct value *v, struct strbuf *why)
{
	if (v->t == VT_NUM && (v->u.n < pr->min || v->u.n > pr->max)) {
		sb_printf(why, "out of its range ");
		if (isinf(pr->min))
			sb_printf(why, "(at most %g)", pr->max);
		else if (isinf(pr->max))
			sb_printf(why, "(at least %g)", pr->min);
		else
			sb_printf(why, "(%g to %g)", pr->min, pr->max);
		return false;
	}
	if (v->t == VT_STR && pr->one_of) {
		for (size_t i = 0; i < pr->none_of; i++)
			if (strlen(pr->one_of[i]) == v->u.s.len &&
			    memcmp(pr->one_of[i], v->u.s.p, v->u.s.len) == 0)
				return true;
		sb_puts(why, "not one of: ");
		for (size_t i = 0; i < pr->none_of; i++)
			sb_printf(why, "%s%s", i ? ", " : "", pr->one_of[i]);
		return false;
	}
	return true;
}

/* TEXT as a value of PR's type, into OUT (strings copied into A). 0, or
 * -1 with why in WHY. */
static int parse_as(struct arena *a, const struct param *pr, const char *text, struct value *out,
                    struct strbuf *why)
{
	memset(out, 0, sizeof(*out));
	switch (pr->type) {
	case PT_BOOL:
		if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0) {
			sb_puts(why, "not a bool (true or false)");
			return -1;
		}
		out->t = VT_BOOL;
		out->u.b = text[0] == 't';
		break;
	case PT_NUMBER:
		if (parse_double(text, &out->u.n) != 0) {
			sb_puts(why, "not a number");
			return -1;
		}
		out->t = VT_NUM;
		break;
	case PT_DATE:
		if (date_parse(text, &out->u.d) != 0) {
			sb_puts(why, "not a date (YYYY-MM-DD)");
			return -1;
		}
		out->t = VT_DATE;
		break;
	case PT_STRING: {
		struct diag d;
		if (text_validate("--param", text, strlen(text), &d) != 0) {
			sb_puts(why, "not valid UTF-8 text");
			return -1;
		}
		out->t = VT_STR;
		out->u.s.p = arena_strdup(a, text);
		out->u.s.len = strlen(text);
		break;
	}
	}
	return fits(pr, out, why) ? 0 : -1;
}

int param_check_text(struct policy *p, const struct param *pr, const char *text,
                     struct strbuf *why)
{
	struct value v;
	return parse_as(&p->arena, pr, text, &v, why);
}

/* The default of a parameter from setting M (a scalar): its type too,
 * unless TYPE (from the group form) says "date". */
static int load_value(struct policy *p, const struct cfgdoc *doc, config_setting_t *m,
                      const char *type, struct param *pr, struct diag_list *errs)
{
	int t = config_setting_type(m);
	const char *name = pr->name;
	if (type && strcmp(type, "date") == 0) {
		const char *s = t == CONFIG_TYPE_STRING ? config_setting_get_string(m) : NULL;
		if (!s || date_parse(s, &pr->dflt.u.d) != 0) {
			push_at(errs, doc->path, cfg_line(m),
			        "parameter '%s' is a date: its value must be \"YYYY-MM-DD\"", name);
			return -1;
		}
		pr->type = PT_DATE;
		pr->dflt.t = VT_DATE;
		return 0;
	}
	switch (t) {
	case CONFIG_TYPE_BOOL:
		pr->type = PT_BOOL;
		pr->dflt.t = VT_BOOL;
		pr->dflt.u.b = config_setting_get_bool(m);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
	case CONFIG_TYPE_FLOAT:
		pr->type = PT_NUMBER;
		pr->dflt.t = VT_NUM;
		pr->dflt.u.n = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(m)
		                                      : (double)config_setting_get_int64(m);
		break;
	case CONFIG_TYPE_STRING: {
		const char *s = config_setting_get_string(m);
		pr->type = PT_STRING;
		pr->dflt.t = VT_STR;
		pr->dflt.u.s.p = arena_strdup(&p->arena, s);
		pr->dflt.u.s.len = strlen(s);
		break;
	}
	default:
		push_at(
		    errs, doc->path, cfg_line(m),
		    "parameter '%s' must be a bool, a number or a string (or a group with 'value')",
		    name);
		return -1;
	}
	if (type && strcmp(type, type_names[pr->type]) != 0) {
		push_at(errs, doc->path, cfg_line(m),
		        "parameter '%s' is declared a %s but its value is a %s", name, type,
		        type_names[pr->type]);
		return -1;
	}
	return 0;
}

/* NAME = { value = ...; type = "date"; one_of = [...]; min = N; max = N;
 * description = "..."; } */
static int load_group(struct policy *p, const struct cfgdoc *doc, config_setting_t *g,
                      struct param *pr, struct diag_list *errs)
{
	static const char *const keys[] = {"value", "type",        "one_of",     "min",
	                                   "max",   "description", "references", NULL};
	struct diag d;
	const char *type = NULL, *desc = NULL;
	const char **refs;
	size_t nrefs;
	if (cfg_check_members(doc, g, keys, &d) != 0 ||
	    cfg_string(doc, g, "type", false, &type, &d) != 0 ||
	    cfg_string(doc, g, "description", false, &desc, &d) != 0 ||
	    cfg_strings(doc, g, "one_of", false, &p->arena, &pr->one_of, &pr->none_of, &d) != 0 ||
	    cfg_strings(doc, g, "references", true, &p->arena, &refs, &nrefs, &d) != 0 ||
	    cfg_number(doc, g, "min", false, -1e300, 1e300, &pr->min, &d) != 0 ||
	    cfg_number(doc, g, "max", false, -1e300, 1e300, &pr->max, &d) != 0) {
		diag_list_push(errs, &d);
		return -1;
	}
	if (type && strcmp(type, "bool") && strcmp(type, "number") && strcmp(type, "string") &&
	    strcmp(type, "date")) {
		push_at(errs, doc->path, cfg_line(config_setting_get_member(g, "type")),
		        "invalid type '%s' of parameter '%s' (expected one of: bool, number, "
		        "string, date)",
		        type, pr->name);
		return -1;
	}
	config_setting_t *v = config_setting_get_member(g, "value");
	if (!v) {
		push_at(errs, doc->path, cfg_line(g), "parameter '%s' has no 'value'", pr->name);
		return -1;
	}
	pr->description = desc ? arena_strdup(&p->arena, desc) : NULL;
	if (load_value(p, doc, v, type, pr, errs) != 0)
		return -1;
	if (pr->one_of && pr->type != PT_STRING) {
		push_at(errs, doc->path, cfg_line(g),
		        "'one_of' needs a string parameter ('%s' is a %s)", pr->name,
		        type_names[pr->type]);
		return -1;
	}
	if ((!isinf(pr->min) || !isinf(pr->max)) && pr->type != PT_NUMBER) {
		push_at(errs, doc->path, cfg_line(g),
		        "'min' and 'max' need a number parameter ('%s' is a %s)", pr->name,
		        type_names[pr->type]);
		return -1;
	}
	if (pr->min > pr->max) {
		push_at(errs, doc->path, cfg_line(g), "parameter '%s': 'min' %g is above 'max' %g",
		        pr->name, pr->min, pr->max);
		return -1;
	}
	struct strbuf why = STRBUF_INIT;
	if (!fits(pr, &pr->dflt, &why)) {
		push_at(errs, doc->path, cfg_line(v), "the value of parameter '%s' is %s", pr->name,
		        sb_str(&why));
		sb_release(&why);
		return -1;
	}
	sb_release(&why);
	return 0;
}

/* Does override O name pack P (by id or alias), or every pack? */
static bool names_pack(const struct param_override *o, const struct policy *p)
{
	if (!o->pack)
		return true;
	if (strcmp(o->pack, p->id) == 0)
		return true;
	for (size_t i = 0; i < p->naliases; i++)
		if (strcmp(o->pack, p->aliases[i]) == 0)
			return true;
	return false;
}

static void apply_overrides(struct policy *p, const struct cfgdoc *doc, struct param *pr,
                            struct policy_options *opt, struct diag_list *errs)
{
	for (size_t i = 0; opt && i < opt->nparams; i++) {
		struct param_override *o = &opt->params[i];
		if (strcmp(o->name, pr->name) != 0 || !names_pack(o, p))
			continue;
		o->used++;
		struct strbuf why = STRBUF_INIT;
		struct value v;
		if (parse_as(&p->arena, pr, o->value, &v, &why) != 0) {
			char ex[96], dv[96];
			struct strbuf def = STRBUF_INIT;
			value_format(&pr->dflt, &def);
			push_at(
			    errs, doc->path, pr->line,
			    "--param %s=%s: '%s' is %s (parameter '%s' of %s is a %s; default %s)",
			    pr->name, diag_excerpt(ex, sizeof(ex), o->value, strlen(o->value)), ex,
			    sb_str(&why), pr->name, p->id, type_names[pr->type],
			    diag_excerpt(dv, sizeof(dv), sb_str(&def), def.len));
			sb_release(&def);
		} else {
			pr->value = v;
			pr->overridden = true;
		}
		sb_release(&why);
	}
}

int params_load(struct policy *p, const struct cfgdoc *doc, config_setting_t *root,
                struct policy_options *opt, struct diag_list *errs)
{
	struct diag d;
	config_setting_t *g;
	if (cfg_aggregate(doc, root, "params", CONFIG_TYPE_GROUP, false, &g, &d) != 0) {
		diag_list_push(errs, &d);
		return -1;
	}
	p->params_line = g ? cfg_line(g) : p->header_line;
	int n = g ? config_setting_length(g) : 0, rc = 0;
	p->params = arena_alloc(&p->arena, sizeof(struct param) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		struct param *pr = &p->params[p->nparams];
		memset(pr, 0, sizeof(*pr));
		pr->name = arena_strdup(&p->arena, config_setting_name(m));
		pr->line = cfg_line(m);
		pr->min = -INFINITY;
		pr->max = INFINITY;
		if (!name_ok(pr->name)) {
			push_at(errs, doc->path, pr->line,
			        "parameter name '%s' cannot be used in expressions (use letters, "
			        "digits, '_')",
			        pr->name);
			rc = -1;
			continue;
		}
		int r = config_setting_type(m) == CONFIG_TYPE_GROUP
		            ? load_group(p, doc, m, pr, errs)
		            : load_value(p, doc, m, NULL, pr, errs);
		if (r != 0) {
			rc = -1;
			continue;
		}
		pr->value = pr->dflt;
		apply_overrides(p, doc, pr, opt, errs);
		p->nparams++;
	}
	return rc;
}

int params_unknown(struct policy *const *pols, size_t n, const struct param_override *o,
                   struct diag *d)
{
	struct suggest s;
	suggest_init(&s, o->name);
	const struct policy *at = NULL;
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (!names_pack(o, pols[i]))
			continue;
		if (!at)
			at = pols[i];
		for (size_t k = 0; k < pols[i]->nparams; k++) {
			suggest_offer(&s, pols[i]->params[k].name);
			sb_printf(&names, "%s%s", names.len ? ", " : "", pols[i]->params[k].name);
		}
	}
	char ex[96];
	diag_excerpt(ex, sizeof(ex), o->name, strlen(o->name));
	if (!at) {
		char px[96];
		for (size_t i = 0; i < n; i++)
			sb_printf(&names, "%s%s", i ? ", " : "", pols[i]->id);
		diag_set(d, NULL, 0, 0, "--param %s:%s: no pack '%s' is applied (packs: %s)",
		         diag_excerpt(px, sizeof(px), o->pack, strlen(o->pack)), ex, px,
		         names.len ? sb_str(&names) : "none");
		sb_release(&names);
		return -1;
	}
	struct strbuf msg = STRBUF_INIT;
	sb_printf(&msg, "--param %s: no such parameter in %s", ex,
	          o->pack ? at->id : "the packs applied");
	if (s.best)
		sb_printf(&msg, " (did you mean '%s'?)", s.best);
	sb_printf(&msg, "; parameters: %s", names.len ? sb_str(&names) : "none");
	diag_set(d, at->source, at->params_line, 0, "%s", sb_str(&msg));
	sb_release(&msg);
	sb_release(&names);
	return -1;
}

static char *dupn(const char *s, size_t n)
{
	char *r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

int param_override_parse(const char *arg, struct param_override *o)
{
	memset(o, 0, sizeof(*o));
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return -1;
	const char *colon = memchr(arg, ':', (size_t)(eq - arg));
	char *name;
	if (colon) {
		if (colon == arg || colon + 1 == eq)
			return -1;
		o->pack = dupn(arg, (size_t)(colon - arg));
		name = dupn(colon + 1, (size_t)(eq - colon - 1));
	} else {
		name = dupn(arg, (size_t)(eq - arg));
	}
	o->name = name;
	o->value = eq + 1;
	return name_ok(name) ? 0 : -1;
}

void param_override_release(struct param_override *o)
{
	free((char *)o->pack);
	free((char *)o->name);
	memset(o, 0, sizeof(*o));
}

size_t policy_nparams(const struct policy *p)
{
	return p->nparams;
}

void policy_param(const struct policy *p, size_t i, struct policy_param *out)
{
	const struct param *pr = &p->params[i];
	out->name = pr->name;
	out->type = type_names[pr->type];
	out->description = pr->description;
	out->overridden = pr->overridden;
	out->line = pr->line;
	sb_reset(&out->value);
	sb_reset(&out->dflt);
	value_format(&pr->value, &out->value);
	value_format(&pr->dflt, &out->dflt);
}
