/* Read a JSON report (chipgate.report/1) back into a struct report, for
 * --baseline and `chipgate diff`. The reader is strict about types and
 * values (a baseline decides whether CI fails) and lenient only about
 * members it does not know, so later versions can add some. Counts in
 * `summary` other than assets and units are recomputed from the findings
 * by report_finish(), never trusted.
 *
 * Errors say FILE:LINE:COL: the position of a syntax error comes from
 * jansson; for a value of the wrong type or range, the member is found
 * again in the (already valid) text by json_locate (src/util), since
 * jansson keeps no positions.
 *
 * Must never: print, exit, or keep pointers into the jansson tree (every
 * string is copied into the report's arena). */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

#define RD_DEPTH 8


struct rd {
	struct report *r;
	const char *name;
	const char *buf;
	size_t len;
	struct diag *d;
	struct json_step segs[RD_DEPTH];
	int nsegs;
};

static void push_key(struct rd *rd, const char *key)
{
	if (rd->nsegs < RD_DEPTH)
		rd->segs[rd->nsegs] = (struct json_step){key, 0};
	rd->nsegs++;
}

static void push_idx(struct rd *rd, size_t idx)
{
	if (rd->nsegs < RD_DEPTH)
		rd->segs[rd->nsegs] = (struct json_step){NULL, idx};
	rd->nsegs++;
}

static void pop(struct rd *rd)
{
	rd->nsegs--;
}

/* ---- errors ------------------------------------------------------------ */

static int fail(struct rd *rd, const char *fmt, ...) CG_PRINTF(2, 3);
static int fail(struct rd *rd, const char *fmt, ...)
{
	struct strbuf path = STRBUF_INIT, msg = STRBUF_INIT;
	int n = rd->nsegs < RD_DEPTH ? rd->nsegs : RD_DEPTH;
	for (int i = 0; i < n; i++) {
		if (rd->segs[i].key)
			sb_printf(&path, "%s%s", i ? "." : "", rd->segs[i].key);
		else
			sb_printf(&path, "[%zu]", rd->segs[i].index);
	}
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&msg, fmt, ap);
	va_end(ap);
	int line = 0, col = 0;
	json_locate(rd->buf, rd->len, rd->segs, (size_t)n, &line, &col);
	if (path.len)
		diag_set(rd->d, rd->name, line, col, "%s: %s", sb_str(&path), sb_str(&msg));
	else
		diag_set(rd->d, rd->name, line, col, "%s", sb_str(&msg));
	sb_release(&path);
	sb_release(&msg);
	return -1;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* Quote a value from the input for a message. */
static const char *q(char out[96], const char *s)
{
	return diag_excerpt(out, 96, s, strlen(s));
}

/* ---- typed members ------------------------------------------------------ */

enum { OPTIONAL = 0, REQUIRED = 1, NULLABLE = 2 };

/* A string member. *out is NULL when absent (OPTIONAL) or null (NULLABLE). */
static int get_str(struct rd *rd, const json_t *obj, const char *key, int flags, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v) {
		if (flags & REQUIRED)
			return fail(rd, "missing member '%s'", key);
		return 0;
	}
	push_key(rd, key);
	int rc = 0;
	if (json_is_string(v))
		*out = json_string_value(v);
	else if (!(json_is_null(v) && (flags & NULLABLE)))
		rc = fail(rd, "expected a string%s, not %s", flags & NULLABLE ? " or null" : "",
		          type_name(v));
	pop(rd);
	return rc;
}

static int get_ll(struct rd *rd, const json_t *obj, const char *key, long long min, long long max,
                  long long *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return fail(rd, "missing member '%s'", key);
	push_key(rd, key);
	int rc = 0;
	if (!json_is_integer(v))
		rc = fail(rd, "expected an integer, not %s", type_name(v));
	else if (json_integer_value(v) < min || json_integer_value(v) > max)
		rc = fail(rd, "%lld is out of range (%lld to %lld)",
		          (long long)json_integer_value(v), min, max);
	else
		*out = json_integer_value(v);
	pop(rd);
	return rc;
}

/* A number, or null (NAN). */
static int get_num(struct rd *rd, const json_t *obj, const char *key, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return fail(rd, "missing member '%s'", key);
	push_key(rd, key);
	int rc = 0;
	if (json_is_number(v))
		*out = json_number_value(v);
	else if (json_is_null(v))
		*out = NAN;
	else
		rc = fail(rd, "expected a number or null, not %s", type_name(v));
	pop(rd);
	return rc;
}

static int get_bool(struct rd *rd, const json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return fail(rd, "missing member '%s'", key);
	push_key(rd, key);
	int rc = 0;
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else
		rc = fail(rd, "expected true or false, not %s", type_name(v));
	pop(rd);
	return rc;
}

/* An array member; *out NULL when absent and not REQUIRED. */
static int get_array(struct rd *rd, const json_t *obj, const char *key, int flags, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return flags & REQUIRED ? fail(rd, "missing member '%s'", key) : 0;
	if (!json_is_array(v)) {
		push_key(rd, key);
		fail(rd, "expected an array, not %s", type_name(v));
		pop(rd);
		return -1;
	}
	*out = v;
	return 0;
}

/* Element I of an array must be an object. */
static int elem_object(struct rd *rd, const json_t *v)
{
	return json_is_object(v) ? 0 : fail(rd, "expected an object, not %s", type_name(v));
}

static int get_severity(struct rd *rd, const json_t *obj, const char *key, bool allow_never,
                        enum severity *out)
{
	const char *s;
	if (get_str(rd, obj, key, REQUIRED, &s) != 0)
		return -1;
	if (severity_parse(s, out) != 0 || (*out == SEV_NEVER && !allow_never)) {
		char ex[96];
		push_key(rd, key);
		fail(rd, "unknown severity '%s' (error, warning, info%s)", q(ex, s),
		     allow_never ? ", never" : "");
		pop(rd);
		return -1;
	}
	return 0;
}

/* ---- sections ------------------------------------------------------------ */

static bool is_timestamp(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(s) != sizeof(pat) - 1)
		return false;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return false;
	return true;
}

static bool is_sha256(const char *s)
{
	if (strlen(s) != SHA256_HEX_LEN)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && !(*s >= 'a' && *s <= 'f'))
			return false;
	return true;
}

static int read_header(struct rd *rd, const json_t *root)
{
	const char *schema, *as_of, *gen, *verdict;
	char ex[96];
	cg_date dt;
	if (get_str(rd, root, "schema", REQUIRED, &schema) != 0)
		return -1;
	if (strcmp(schema, REPORT_SCHEMA) != 0) {
		push_key(rd, "schema");
		fail(rd, "not a chipgate report: schema '%s' (expected '%s')", q(ex, schema),
		     REPORT_SCHEMA);
		pop(rd);
		return -1;
	}
	if (get_str(rd, root, "as_of", REQUIRED, &as_of) != 0 ||
	    get_str(rd, root, "generated_at", REQUIRED, &gen) != 0 ||
	    get_str(rd, root, "verdict", REQUIRED, &verdict) != 0 ||
	    get_severity(rd, root, "fail_on", true, &rd->r->fail_on) != 0)
		return -1;
	if (date_parse(as_of, &dt) != 0) {
		push_key(rd, "as_of");
		fail(rd, "invalid date '%s' (expected YYYY-MM-DD)", q(ex, as_of));
		pop(rd);
		return -1;
	}
	if (!is_timestamp(gen)) {
		push_key(rd, "generated_at");
		fail(rd, "invalid time '%s' (expected YYYY-MM-DDTHH:MM:SSZ)", q(ex, gen));
		pop(rd);
		return -1;
	}
	if (strcmp(verdict, "pass") != 0 && strcmp(verdict, "fail") != 0) {
		push_key(rd, "verdict");
		fail(rd, "unknown verdict '%s' (pass, fail)", q(ex, verdict));
		pop(rd);
		return -1;
	}
	memcpy(rd->r->as_of, as_of, sizeof(rd->r->as_of));
	memcpy(rd->r->generated_at, gen, sizeof(rd->r->generated_at));
	json_t *sum = json_object_get(root, "summary");
	if (!json_is_object(sum))
		return fail(rd, sum ? "summary: expected an object" : "missing member 'summary'");
	long long assets;
	push_key(rd, "summary");
	int rc = get_ll(rd, sum, "assets", 0, LLONG_MAX, &assets) != 0 ||
	                 get_ll(rd, sum, "units", 0, LLONG_MAX, &rd->r->units) != 0
	             ? -1
	             : 0;
	pop(rd);
	rd->r->assets = (size_t)assets;
	return rc;
}

static int read_inputs(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "inputs", REQUIRED, &arr) != 0)
		return -1;
	push_key(rd, "inputs");
	json_array_foreach(arr, i, v)
	{
		const char *path, *role, *sha;
		push_idx(rd, i);
		if (elem_object(rd, v) != 0 || get_str(rd, v, "path", REQUIRED, &path) != 0 ||
		    get_str(rd, v, "role", REQUIRED, &role) != 0 ||
		    get_str(rd, v, "sha256", REQUIRED, &sha) != 0)
			return -1;
		if (!is_sha256(sha)) {
			push_key(rd, "sha256");
			return fail(rd, "expected 64 lowercase hex digits");
		}
		report_add_input(rd->r, path, role, sha);
		pop(rd);
	}
	pop(rd);
	return 0;
}

static int read_policies(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "policies", REQUIRED, &arr) != 0)
		return -1;
	push_key(rd, "policies");
	json_array_foreach(arr, i, v)
	{
		const char *id, *title, *version, *jur;
		push_idx(rd, i);
		if (elem_object(rd, v) != 0 || get_str(rd, v, "id", REQUIRED, &id) != 0 ||
		    get_str(rd, v, "title", OPTIONAL, &title) != 0 ||
		    get_str(rd, v, "version", OPTIONAL, &version) != 0 ||
		    get_str(rd, v, "jurisdiction", OPTIONAL, &jur) != 0)
			return -1;
		for (size_t k = 0; k < rd->r->npolicies; k++)
			if (strcmp(rd->r->policies[k].id, id) == 0) {
				char ex[96];
				push_key(rd, "id");
				return fail(rd, "policy '%s' is listed twice", q(ex, id));
			}
		report_add_policy(rd->r, id, title, version, jur);
		pop(rd);
	}
	pop(rd);
	return 0;
}

static int read_origins(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	struct report *r = rd->r;
	if (get_array(rd, root, "origin", OPTIONAL, &arr) != 0)
		return -1;
	push_key(rd, "origin");
	json_array_foreach(arr, i, v)
	{
		struct origin_row o = {0};
		const char *jur, *org;
		push_idx(rd, i);
		if (elem_object(rd, v) != 0 ||
		    get_str(rd, v, "jurisdiction", REQUIRED | NULLABLE, &jur) != 0 ||
		    get_str(rd, v, "origin", REQUIRED | NULLABLE, &org) != 0 ||
		    get_bool(rd, v, "foreign", &o.foreign) != 0 ||
		    get_ll(rd, v, "units", 0, LLONG_MAX, &o.units) != 0 ||
		    get_num(rd, v, "tpp", &o.tpp) != 0 ||
		    get_ll(rd, v, "units_tpp_unknown", 0, LLONG_MAX, &o.units_tpp_unknown) != 0)
			return -1;
		o.jurisdiction = jur ? arena_strdup(&r->arena, jur) : NULL;
		o.origin = org ? arena_strdup(&r->arena, org) : NULL;
		/* rows are totals already: report_add_origin() would multiply */
		XGROW(r->origins, r->capo, r->norigins + 1);
		r->origins[r->norigins++] = o;
		pop(rd);
	}
	pop(rd);
	return 0;
}

static int read_exposure(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "exposure", REQUIRED, &arr) != 0)
		return -1;
	push_key(rd, "exposure");
	json_array_foreach(arr, i, v)
	{
		struct exposure_row e = {0};
		push_idx(rd, i);
		if (elem_object(rd, v) != 0 || get_str(rd, v, "policy", REQUIRED, &e.policy) != 0 ||
		    get_str(rd, v, "rule", REQUIRED, &e.rule) != 0 ||
		    get_str(rd, v, "group", REQUIRED, &e.group) != 0 ||
		    get_ll(rd, v, "units_foreign", 0, LLONG_MAX, &e.units_foreign) != 0 ||
		    get_ll(rd, v, "units_total", 0, LLONG_MAX, &e.units_total) != 0 ||
		    get_ll(rd, v, "units_unknown", 0, LLONG_MAX, &e.units_unknown) != 0 ||
		    get_num(rd, v, "tpp_foreign", &e.tpp_foreign) != 0 ||
		    get_num(rd, v, "tpp_total", &e.tpp_total) != 0 ||
		    get_ll(rd, v, "units_tpp_unknown", 0, LLONG_MAX, &e.units_tpp_unknown) != 0 ||
		    get_num(rd, v, "share_units", &e.share_units) != 0 ||
		    get_num(rd, v, "share_tpp", &e.share_tpp) != 0 ||
		    get_num(rd, v, "share_weight", &e.share_weight) != 0 ||
		    get_num(rd, v, "max_foreign_share", &e.max_share) != 0 ||
		    get_bool(rd, v, "indeterminate", &e.indeterminate) != 0 ||
		    get_bool(rd, v, "breach", &e.breach) != 0)
			return -1;
		/* a domestic-share rule's threshold, when there is one */
		e.min_domestic_share = e.share_domestic = NAN;
		const char *dk = json_object_get(v, "domestic_share_above") ? "domestic_share_above"
		                                                            : "min_domestic_share";
		if (json_object_get(v, dk) &&
		    (get_num(rd, v, dk, &e.min_domestic_share) != 0 ||
		     get_num(rd, v, "share_domestic", &e.share_domestic) != 0))
			return -1;
		e.domestic_above = strcmp(dk, "domestic_share_above") == 0 && !isnan(e.min_domestic_share);
		report_add_exposure(rd->r, &e);
		pop(rd);
	}
	pop(rd);
	return 0;
}

/* A rule's lifetime: optional, for reports of versions that had none;
 * a rule then counts as enabled and in force. WINDOWS (2 dates a window)
 * is malloc'd; the caller frees it. */
static int read_lifetime(struct rd *rd, const json_t *v, struct rule_info *ri, cg_date **windows)
{
	const char *state = NULL;
	json_t *ws, *w;
	size_t k;
	ri->enabled = ri->in_force = true;
	if (get_str(rd, v, "state", OPTIONAL, &state) != 0 ||
	    (json_object_get(v, "enabled") && get_bool(rd, v, "enabled", &ri->enabled) != 0) ||
	    (json_object_get(v, "in_force") && get_bool(rd, v, "in_force", &ri->in_force) != 0) ||
	    get_str(rd, v, "skipped", OPTIONAL | NULLABLE, &ri->skipped) != 0 ||
	    get_str(rd, v, "skipped_detail", OPTIONAL | NULLABLE, &ri->skipped_detail) != 0 ||
	    get_array(rd, v, "windows", OPTIONAL, &ws) != 0)
		return -1;
	ri->watch = state && strcmp(state, "watch") == 0;
	*windows = xcalloc(2 * (ws ? json_array_size(ws) : 0) + 1, sizeof(**windows));
	push_key(rd, "windows");
	json_array_foreach(ws, k, w)
	{
		push_idx(rd, k);
		for (int e = 0; e < 2; e++) {
			const char *ds = NULL;
			cg_date *d = &(*windows)[2 * k + (size_t)e];
			*d = CG_DATE_NONE;
			if (!json_is_object(w) ||
			    get_str(rd, w, e ? "until" : "effective", OPTIONAL | NULLABLE, &ds) != 0 ||
			    (ds && date_parse(ds, d) != 0))
				return fail(rd, "expected {\"effective\": DATE or null, \"until\": DATE or null}");
		}
		pop(rd);
	}
	pop(rd);
	ri->windows = *windows;
	ri->nwindows = ws ? json_array_size(ws) : 0;
	return 0;
}

/* The packs' parameters, optional. */
static int read_params(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "parameters", OPTIONAL, &arr) != 0)
		return -1;
	push_key(rd, "parameters");
	json_array_foreach(arr, i, v)
	{
		struct report_param p = {0};
		push_idx(rd, i);
		if (elem_object(rd, v) != 0 || get_str(rd, v, "policy", REQUIRED, &p.policy) != 0 ||
		    get_str(rd, v, "name", REQUIRED, &p.name) != 0 ||
		    get_str(rd, v, "type", REQUIRED, &p.type) != 0 ||
		    get_str(rd, v, "value", REQUIRED, &p.value) != 0 ||
		    get_str(rd, v, "default", REQUIRED, &p.dflt) != 0 ||
		    get_bool(rd, v, "overridden", &p.overridden) != 0)
			return -1;
		report_add_param(rd->r, &p);
		pop(rd);
	}
	pop(rd);
	return 0;
}

static int read_rule(struct rd *rd, const json_t *v)
{
	struct rule_info ri = {0};
	json_t *refs, *s;
	size_t k;
	long long line;
	if (elem_object(rd, v) != 0 || get_str(rd, v, "id", REQUIRED, &ri.id) != 0 ||
	    get_str(rd, v, "policy", REQUIRED, &ri.policy) != 0 ||
	    get_str(rd, v, "title", OPTIONAL | NULLABLE, &ri.title) != 0 ||
	    get_str(rd, v, "kind", OPTIONAL | NULLABLE, &ri.kind) != 0 ||
	    get_severity(rd, v, "severity", false, &ri.severity) != 0 ||
	    get_str(rd, v, "when", OPTIONAL | NULLABLE, &ri.when) != 0 ||
	    get_str(rd, v, "remediation", OPTIONAL | NULLABLE, &ri.remediation) != 0 ||
	    get_str(rd, v, "file", OPTIONAL | NULLABLE, &ri.file) != 0 ||
	    get_ll(rd, v, "line", 0, INT_MAX, &line) != 0 ||
	    get_bool(rd, v, "evaluated", &ri.evaluated) != 0 ||
	    get_array(rd, v, "references", OPTIONAL, &refs) != 0)
		return -1;
	cg_date *windows = NULL;
	int lrc = read_lifetime(rd, v, &ri, &windows);
	if (lrc != 0) {
		free(windows);
		return -1;
	}
	if (report_find_rule(rd->r, ri.policy, ri.id)) {
		char ex[96];
		free(windows);
		push_key(rd, "id");
		return fail(rd, "rule '%s' of policy '%s' is listed twice", q(ex, ri.id),
		            ri.policy);
	}
	ri.line = (int)line;
	ri.nreferences = refs ? json_array_size(refs) : 0;
	const char **rv = xcalloc(ri.nreferences + 1, sizeof(*rv));
	int rc = 0;
	push_key(rd, "references");
	json_array_foreach(refs, k, s)
	{
		push_idx(rd, k);
		if (!json_is_string(s)) {
			rc = fail(rd, "expected a string, not %s", type_name(s));
			break;
		}
		rv[k] = json_string_value(s);
		pop(rd);
	}
	if (rc == 0) {
		pop(rd);
		ri.references = rv;
		report_add_rule(rd->r, &ri);
	}
	free(rv);
	free(windows);
	return rc;
}

static int read_rules(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "rules", OPTIONAL, &arr) != 0)
		return -1;
	push_key(rd, "rules");
	json_array_foreach(arr, i, v)
	{
		push_idx(rd, i);
		if (read_rule(rd, v) != 0)
			return -1;
		pop(rd);
	}
	pop(rd);
	return 0;
}

/* Evidence: an object of scalars, into EV (at most MAX entries). */
static int read_evidence(struct rd *rd, const json_t *obj, struct evidence *ev, size_t max,
                         size_t *n)
{
	const char *key;
	json_t *v;
	*n = 0;
	if (!obj)
		return 0;
	push_key(rd, "evidence");
	if (!json_is_object(obj))
		return fail(rd, "expected an object, not %s", type_name(obj));
	if (json_object_size(obj) > max)
		return fail(rd, "more than %zu entries", max);
	json_object_foreach((json_t *)obj, key, v)
	{
		struct evidence *e = &ev[(*n)++];
		memset(e, 0, sizeof(*e));
		e->key = key;
		if (json_is_string(v)) {
			e->type = EV_STR;
			e->s = json_string_value(v);
		} else if (json_is_number(v)) {
			e->type = EV_NUM;
			e->n = json_number_value(v);
		} else if (json_is_boolean(v)) {
			e->type = EV_BOOL;
			e->b = json_is_true(v);
		} else if (!json_is_null(v)) {
			push_key(rd, key);
			return fail(rd, "expected a string, number, boolean or null, not %s",
			            type_name(v));
		}
	}
	pop(rd);
	return 0;
}

/* The rule a finding names; one is made up when the report's rules list
 * lacks it (the finding's severity stands in for the rule's). */
static const struct rule_info *finding_rule(struct rd *rd, const char *policy, const char *id,
                                            enum severity sev)
{
	const struct rule_info *ri = report_find_rule(rd->r, policy, id);
	if (ri)
		return ri;
	struct rule_info t = {
	    .id = id, .policy = policy, .kind = "unknown", .severity = sev, .evaluated = true};
	return report_add_rule(rd->r, &t);
}

#define MAX_EVIDENCE 64

static int read_finding(struct rd *rd, const json_t *v)
{
	struct finding f = {0};
	struct finding_ctx c = {0};
	struct evidence ev[MAX_EVIDENCE];
	enum severity sev;
	enum fstatus st;
	const char *rule, *policy, *status, *file, *msg;
	long long line;
	char ex[96];
	if (elem_object(rd, v) != 0 || get_str(rd, v, "rule", REQUIRED, &rule) != 0 ||
	    get_str(rd, v, "policy", REQUIRED, &policy) != 0 ||
	    get_severity(rd, v, "severity", false, &sev) != 0 ||
	    get_str(rd, v, "status", REQUIRED, &status) != 0 ||
	    get_str(rd, v, "asset", REQUIRED | NULLABLE, &f.asset) != 0 ||
	    get_str(rd, v, "group", OPTIONAL, &c.group) != 0 ||
	    get_str(rd, v, "message", REQUIRED, &msg) != 0 ||
	    get_str(rd, v, "note", OPTIONAL, &c.note) != 0 ||
	    read_evidence(rd, json_object_get(v, "evidence"), ev, MAX_EVIDENCE, &c.nev) != 0)
		return -1;
	if (fstatus_parse(status, &st) != 0) {
		push_key(rd, "status");
		return fail(rd, "unknown status '%s' (open, waived, justified, baseline)",
		            q(ex, status));
	}
	if (!f.asset && !c.group)
		return fail(rd, "a finding needs an asset or a group");
	json_t *loc = json_object_get(v, "location");
	if (!json_is_object(loc))
		return fail(rd, loc ? "location: expected an object" : "missing member 'location'");
	push_key(rd, "location");
	if (get_str(rd, loc, "file", REQUIRED | NULLABLE, &file) != 0 ||
	    get_ll(rd, loc, "line", 0, INT_MAX, &line) != 0)
		return -1;
	pop(rd);
	struct report_emit e = {.rule = finding_rule(rd, policy, rule, sev),
				.severity = sev,
				.status = st,
				.asset = f.asset,
				.group = c.group,
				.file = file ? arena_strdup(&rd->r->arena, file) : NULL,
				.line = (int)line,
				.note = c.note,
				.ev = c.nev ? ev : NULL,
				.nev = c.nev,
				.text = msg};
	report_emit(rd->r, &e);
	return 0;
}

static int read_findings(struct rd *rd, const json_t *root)
{
	json_t *arr, *v;
	size_t i;
	if (get_array(rd, root, "findings", REQUIRED, &arr) != 0)
		return -1;
	push_key(rd, "findings");
	json_array_foreach(arr, i, v)
	{
		push_idx(rd, i);
		if (read_finding(rd, v) != 0)
			return -1;
		pop(rd);
	}
	pop(rd);
	return 0;
}

int report_read_json_text(struct report *r, const char *name, const char *buf, size_t len,
                          struct diag *d)
{
	json_error_t err;
	report_init(r, 0, 0, SEV_ERROR);
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		diag_set(d, name, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
		         "%s", err.text);
		report_free(r);
		return -1;
	}
	struct rd rd = {.r = r, .name = name, .buf = buf, .len = len, .d = d};
	int rc = json_is_object(root) ? 0 : fail(&rd, "a report must be a JSON object");
	if (rc == 0)
		rc = read_header(&rd, root) != 0 || read_inputs(&rd, root) != 0 ||
		             read_policies(&rd, root) != 0 || read_origins(&rd, root) != 0 ||
		             read_exposure(&rd, root) != 0 || read_rules(&rd, root) != 0 ||
		             read_params(&rd, root) != 0 ||
		             read_findings(&rd, root) != 0
		         ? -1
		         : 0;
	json_decref(root);
	if (rc != 0) {
		report_free(r);
		return -1;
	}
	report_finish(r);
	return 0;
}

int report_read_json(struct report *r, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	int rc = report_read_json_text(r, path, buf, len, d);
	free(buf);
	return rc;
}
