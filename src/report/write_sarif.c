/* SARIF 2.1.0 (OASIS), for code-scanning views such as GitHub's: one run,
 * the rules chipgate applied in tool.driver, one result per finding with
 * the inventory line as its location. Fingerprints hash policy, rule and
 * asset (or group) so an alert survives edits that move lines. Waived and
 * justified findings carry an external, accepted suppression whose
 * justification is the waiver's or justification's note; with a baseline
 * among the inputs, results say whether they are new or unchanged.
 *
 * A run holds at most r->view.max_results results (GitHub code scanning
 * takes 25,000). Past that, the open errors and then the other errors
 * stay results of their own, as many as fit, and every other finding is
 * counted into one result per rule and catalog model (cap.c), which
 * names the first assets; run.properties.results has the totals and a
 * tool notification names the cap. A result of its own has the
 * fingerprint it has in an uncapped run.
 *
 * Must never: emit a region without a positive line, a URI that is not a
 * valid reference (paths are percent-encoded), more results than the cap,
 * or anything the schema rejects (tests/e2e/formats.sh validates against
 * the OASIS schema). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/cap.h"
#include "report/chunks.h"
#include "report/report.h"

static const char *level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* PATH as a URI reference: relative to the current directory when it lies
 * below it, "file://" for other absolute paths; bytes outside the
 * unreserved set (and '/') percent-encoded. "embedded:NAME" stays as it is. */
static void uri(struct strbuf *out, const char *path, const char *cwd)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf u = STRBUF_INIT;
	if (strncmp(path, "embedded:", 9) == 0) {
		sb_json_string(out, path);
		return;
	}
	if (path[0] == '/') {
		size_t n = cwd ? strlen(cwd) : 0;
		if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
			path += n + 1;
		else
			sb_puts(&u, "file://");
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			sb_putc(&u, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			sb_add(&u, e, 3);
		}
	}
	sb_json_string(out, sb_str(&u));
	sb_release(&u);
}

/* A PascalCase identifier from the rule's title (SARIF's "name"). */
static void rule_name(struct strbuf *sb, const struct rule_info *ri)
{
	const char *t = ri->title && ri->title[0] ? ri->title : ri->id;
	struct strbuf n = STRBUF_INIT;
	bool start = true;
	for (const char *p = t; *p; p++) {
		char c = *p;
		bool alnum =
		    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (c == '\'')
			continue; /* "site's" is one word */
		if (!alnum) {
			start = true;
			continue;
		}
		sb_putc(&n, start && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
		start = false;
	}
	sb_json_string(sb, n.len ? sb_str(&n) : "Rule");
	sb_release(&n);
}

struct ctx {
	const struct report *r;
	const char *cwd;
	bool with_baseline; /* a baseline is among the inputs */
	long *index;        /* per rule of r: its index in the driver, or -1 */
	bool *clash;        /* per rule of r: another policy uses the same id */
};

static size_t rule_pos(const struct report *r, const struct rule_info *ri)
{
	size_t i = 0;
	while (i < r->nrules && r->rules[i] != ri)
		i++;
	return i;
}

/* Rules listed in the driver: every rule chipgate applied (evaluated, or a
 * built-in check, which runs on every asset) and any rule with a finding. */
static void ctx_init(struct ctx *c, const struct report *r, const char *cwd)
{
	c->r = r;
	c->cwd = cwd;
	c->with_baseline = false;
	for (size_t i = 0; i < r->ninputs; i++)
		c->with_baseline = c->with_baseline || strcmp(r->inputs[i].role, "baseline") == 0;
	bool *used = xcalloc(r->nrules + 1, sizeof(*used));
	const struct rule_info *last = NULL; /* sorted: a rule's findings come together */
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].ctx->rule != last) {
			last = r->findings[i].ctx->rule;
			used[rule_pos(r, last)] = true;
		}
	c->index = xcalloc(r->nrules + 1, sizeof(*c->index));
	c->clash = xcalloc(r->nrules + 1, sizeof(*c->clash));
	long n = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule_info *ri = r->rules[i];
		bool listed =
		    ri->evaluated || used[i] || strcmp(ri->kind ? ri->kind : "", "builtin") == 0;
		c->index[i] = listed ? n++ : -1;
		for (size_t j = 0; j < r->nrules; j++)
			c->clash[i] =
			    c->clash[i] || (j != i && strcmp(r->rules[j]->id, ri->id) == 0);
	}
	free(used);
}

static void ctx_release(struct ctx *c)
{
	free(c->index);
	free(c->clash);
}

/* The rule id as results name it: plain, or POLICY:ID when two policies
 * use the same id. */
static void rule_id(struct strbuf *sb, const struct ctx *c, const struct rule_info *ri)
{
	size_t pos = rule_pos(c->r, ri);
	if (pos >= c->r->nrules || !c->clash[pos]) {
		sb_json_string(sb, ri->id);
		return;
	}
	struct strbuf t = STRBUF_INIT;
	sb_printf(&t, "%s:%s", ri->policy, ri->id);
	sb_json_string(sb, sb_str(&t));
	sb_release(&t);
}

static const char *help_uri(const struct rule_info *ri)
{
	for (size_t i = 0; i < ri->nreferences; i++)
		if (strncmp(ri->references[i], "https://", 8) == 0 &&
		    !strpbrk(ri->references[i], " \t\"<>\\"))
			return ri->references[i];
	return NULL;
}

static void rule(struct strbuf *sb, const struct ctx *c, const struct rule_info *ri)
{
	const char *title = ri->title && ri->title[0] ? ri->title : ri->id;
	struct strbuf t = STRBUF_INIT;
	sb_puts(sb, "{\n              \"id\": ");
	rule_id(sb, c, ri);
	sb_puts(sb, ",\n              \"name\": ");
	rule_name(sb, ri);
	sb_puts(sb, ",\n              \"shortDescription\": {\"text\": ");
	sb_json_string(sb, title);
	sb_printf(&t, "%s (policy %s", title, ri->policy);
	if (ri->kind)
		sb_printf(&t, ", %s rule", ri->kind);
	sb_puts(&t, ").");
	if (ri->when)
		sb_printf(&t, " Applies when: %s", ri->when);
	sb_puts(sb, "},\n              \"fullDescription\": {\"text\": ");
	sb_json_string(sb, sb_str(&t));
	sb_printf(sb, "},\n              \"defaultConfiguration\": {\"level\": \"%s\"},\n",
	          level(ri->severity));
	sb_reset(&t);
	sb_puts(&t, ri->remediation && ri->remediation[0] ? ri->remediation : title);
	if (ri->nreferences) {
		sb_puts(&t, "\n\nReferences:");
		for (size_t i = 0; i < ri->nreferences; i++)
			sb_printf(&t, "\n- %s", ri->references[i]);
	}
	sb_puts(sb, "              \"help\": {\"text\": ");
	sb_json_string(sb, sb_str(&t));
	sb_puts(sb, "},\n");
	const char *hu = help_uri(ri);
	if (hu) {
		sb_puts(sb, "              \"helpUri\": ");
		sb_json_string(sb, hu);
		sb_puts(sb, ",\n");
	}
	sb_puts(sb, "              \"properties\": {\"policy\": ");
	sb_json_string(sb, ri->policy);
	sb_puts(sb, ", \"kind\": ");
	sb_json_string(sb, ri->kind ? ri->kind : "");
	if (ri->file) {
		sb_puts(sb, ", \"definedAt\": ");
		sb_reset(&t);
		sb_printf(&t, "%s:%d", ri->file, ri->line);
		sb_json_string(sb, sb_str(&t));
	}
	sb_puts(sb, ", \"references\": [");
	for (size_t i = 0; i < ri->nreferences; i++) {
		if (i)
			sb_puts(sb, ", ");
		sb_json_string(sb, ri->references[i]);
	}
	sb_puts(sb, "], \"tags\": [\"chipgate\", ");
	sb_reset(&t);
	sb_printf(&t, "policy:%s", ri->policy);
	sb_json_string(sb, sb_str(&t));
	sb_puts(sb, "]}\n            }");
	sb_release(&t);
}

void report_fingerprint(const struct finding *f, struct strbuf *k, char hex[SHA256_HEX_LEN + 1])
{
	sb_reset(k);
	sb_puts(k, f->ctx->rule->policy);
	sb_putc(k, '\0');
	sb_puts(k, f->ctx->rule->id);
	sb_putc(k, '\0');
	sb_puts(k, f->asset ? "asset" : "group");
	sb_putc(k, '\0');
	sb_puts(k, f->asset ? f->asset : f->ctx->group ? f->ctx->group : "");
	sha256_hex(k->buf, k->len, hex);
}

static void fingerprint(struct strbuf *sb, const struct finding *f, struct strbuf *k)
{
	char hex[SHA256_HEX_LEN + 1];
	report_fingerprint(f, k, hex);
	sb_puts(sb, "\"partialFingerprints\": {\"chipgateFinding/v1\": \"");
	sb_add(sb, hex, SHA256_HEX_LEN);
	sb_puts(sb, "\"}");
}

static const char *first_inventory(const struct report *r)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i].role, "inventory") == 0)
			return r->inputs[i].path;
	return NULL;
}

/* What a thread formatting results keeps between them: the text of the
 * last finding context's rule (A) and artifact location (U), which the
 * findings sharing it repeat, and scratch buffers. */
struct result_memo {
	const struct finding_ctx *ctx;
	struct strbuf a, u, t, k;
};

static void result(struct strbuf *sb, const struct ctx *c, const struct finding *f,
		   struct result_memo *m)
{
	const struct report *r = c->r;
	const char *in = "          ";
	bool suppressed = f->status == FS_WAIVED || f->status == FS_JUSTIFIED;
	/* code scanning needs a location: a finding without a file points at
	 * the first inventory */
	const char *file = f->ctx->file ? f->ctx->file : first_inventory(r);
	if (f->ctx != m->ctx) {
		sb_reset(&m->a);
		sb_printf(&m->a, "%s\"ruleId\": ", in);
		rule_id(&m->a, c, f->ctx->rule);
		sb_printf(&m->a, ",\n%s\"ruleIndex\": %ld,\n", in,
			  c->index[rule_pos(r, f->ctx->rule)]);
		sb_reset(&m->u);
		if (file)
			uri(&m->u, file, c->cwd);
		m->ctx = f->ctx;
	}
	struct strbuf *t = &m->t;
	sb_reset(t);
	sb_puts(sb, "{\n");
	sb_add(sb, m->a.buf, m->a.len);
	sb_printf(sb, "%s\"level\": \"%s\",\n", in, level(f->severity));
	if (f->msg)
		report_put_message(t, f);
	else
		sb_puts(t, f->ctx->rule->id);
	if (f->ctx->note && !suppressed)
		sb_printf(t, " (%s)", f->ctx->note);
	sb_printf(sb, "%s\"message\": {\"text\": ", in);
	sb_json_string(sb, sb_str(t));
	sb_puts(sb, "},\n");
	if (file) {
		sb_printf(
		    sb,
		    "%s\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ",
		    in);
		sb_add(sb, m->u.buf, m->u.len);
		sb_puts(sb, "}");
		if (f->ctx->file && f->line > 0)
			sb_printf(sb, ", \"region\": {\"startLine\": %d}", f->line);
		sb_puts(sb, "}, \"logicalLocations\": [{\"name\": ");
		sb_json_string(sb, f->asset ? f->asset : f->ctx->group ? f->ctx->group : "");
		sb_printf(sb, ", \"kind\": \"%s\"}]}],\n", f->asset ? "asset" : "group");
	}
	sb_puts(sb, in);
	fingerprint(sb, f, &m->k);
	sb_puts(sb, ",\n");
	if (c->with_baseline)
		sb_printf(sb, "%s\"baselineState\": \"%s\",\n", in,
		          f->status == FS_BASELINE ? "unchanged" : "new");
	if (suppressed) {
		sb_printf(sb,
		          "%s\"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\"",
		          in);
		if (f->ctx->note) {
			sb_puts(sb, ", \"justification\": ");
			sb_json_string(sb, f->ctx->note);
		}
		sb_puts(sb, "}],\n");
	}
	sb_printf(sb, "%s\"properties\": {\"policy\": ", in);
	sb_json_string(sb, f->ctx->rule->policy);
	sb_printf(sb, ", \"status\": \"%s\", \"asset\": ", fstatus_name(f->status));
	if (f->asset)
		sb_json_string(sb, f->asset);
	else
		sb_puts(sb, "null");
	if (f->ctx->group) {
		sb_puts(sb, ", \"group\": ");
		sb_json_string(sb, f->ctx->group);
	}
	sb_puts(sb, ", \"evidence\": ");
	report_json_evidence(sb, f->ctx);
	sb_puts(sb, "}\n        }");
}

static void artifacts(struct strbuf *sb, const struct report *r, const char *cwd)
{
	sb_puts(sb, "      \"artifacts\": [");
	for (size_t i = 0; i < r->ninputs; i++) {
		const struct report_input *in = &r->inputs[i];
		const char *role = strcmp(in->role, "inventory") == 0  ? "analysisTarget"
		                   : strcmp(in->role, "policy") == 0   ? "policy"
		                   : strcmp(in->role, "baseline") == 0 ? "resultFile"
		                   : strncmp(in->path, "embedded:", 9) == 0
		                       ? "toolSpecifiedConfiguration"
		                       : "userSpecifiedConfiguration";
		sb_puts(sb, i ? ",\n        " : "\n        ");
		sb_puts(sb, "{\"location\": {\"uri\": ");
		uri(sb, in->path, cwd);
		sb_printf(sb,
		          "}, \"roles\": [\"%s\"], \"hashes\": {\"sha-256\": \"%s\"}, "
		          "\"properties\": {\"role\": ",
		          role, in->sha256);
		sb_json_string(sb, in->role);
		sb_puts(sb, "}}");
	}
	sb_puts(sb, r->ninputs ? "\n      ],\n" : "],\n");
}

static void results_totals(struct strbuf *sb, const struct report *r, const struct cap_plan *p);

static void run_properties(struct strbuf *sb, const struct report *r, const struct cap_plan *pl)
{
	sb_printf(sb,
	          "      \"properties\": {\"schema\": \"%s\", \"as_of\": \"%s\", \"verdict\": "
	          "\"%s\", \"fail_on\": \"%s\",\n"
	          "        \"summary\": {\"assets\": %zu, \"units\": %lld, \"findings\": "
	          "{\"error\": %zu, "
	          "\"warning\": %zu, \"info\": %zu}, \"waived\": %zu, \"justified\": %zu, "
	          "\"baseline\": %zu},\n"
	          "        \"policies\": [",
	          REPORT_SCHEMA, r->as_of, r->failed ? "fail" : "pass", severity_name(r->fail_on),
	          r->assets, r->units, r->open[SEV_ERROR], r->open[SEV_WARNING], r->open[SEV_INFO],
	          r->waived, r->justified, r->baseline);
	for (size_t i = 0; i < r->npolicies; i++) {
		const struct report_policy *p = &r->policies[i];
		sb_puts(sb, i ? ", {\"id\": " : "{\"id\": ");
		sb_json_string(sb, p->id);
		sb_puts(sb, ", \"version\": ");
		sb_json_string(sb, p->version ? p->version : "");
		sb_puts(sb, ", \"jurisdiction\": ");
		sb_json_string(sb, p->jurisdiction ? p->jurisdiction : "");
		sb_puts(sb, "}");
	}
	sb_puts(sb, "],\n");
	results_totals(sb, r, pl);
	sb_puts(sb, "}\n");
}

/* An aggregate as a result: the rule's, at the first finding's place. */
static void aggregate(struct strbuf *sb, const struct ctx *c, const struct cap_plan *p,
		      const struct cap_agg *a)
{
	const struct report *r = c->r;
	const struct finding *f = a->first;
	const char *in = "          ";
	const char *model = a->model;
	struct strbuf t = STRBUF_INIT;
	sb_printf(sb, "{\n%s\"ruleId\": ", in);
	rule_id(sb, c, f->ctx->rule);
	sb_printf(sb, ",\n%s\"ruleIndex\": %ld,\n", in, c->index[rule_pos(r, f->ctx->rule)]);
	sb_printf(sb, "%s\"level\": \"%s\",\n", in, level(f->severity));
	cap_agg_text(p, a, r, "run", "results", &t);
	sb_printf(sb, "%s\"message\": {\"text\": ", in);
	sb_json_string(sb, sb_str(&t));
	sb_puts(sb, "},\n");
	const char *file = f->ctx->file ? f->ctx->file : first_inventory(r);
	if (file) {
		sb_printf(sb, "%s\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ",
			  in);
		uri(sb, file, c->cwd);
		sb_puts(sb, "}");
		if (f->ctx->file && f->line > 0)
			sb_printf(sb, ", \"region\": {\"startLine\": %d}", f->line);
		sb_puts(sb, "}}],\n");
	}
	/* the group's identity, never its count: stable while it exists */
	char hex[SHA256_HEX_LEN + 1];
	cap_agg_fingerprint(p, a, hex);
	sb_printf(sb, "%s\"partialFingerprints\": {\"chipgateAggregate/v1\": \"%s\"},\n", in, hex);
	if (c->with_baseline)
		sb_printf(sb, "%s\"baselineState\": \"%s\",\n", in,
			  f->status == FS_BASELINE ? "unchanged" : "new");
	if (f->status == FS_WAIVED || f->status == FS_JUSTIFIED)
		sb_printf(sb,
			  "%s\"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\", "
			  "\"justification\": \"%s: each finding's own note is in the JSON "
			  "report\"}],\n",
			  in, fstatus_name(f->status));
	sb_printf(sb, "%s\"properties\": {\"policy\": ", in);
	sb_json_string(sb, p->level <= 1 ? f->ctx->rule->policy : "");
	sb_printf(sb, ", \"status\": \"%s\", \"aggregate\": true, \"count\": %zu, \"open\": %zu, "
		      "\"model\": ",
		  fstatus_name(f->status), a->count, a->open);
	if (model)
		sb_json_string(sb, model);
	else
		sb_puts(sb, "null");
	sb_puts(sb, ", \"assets\": [");
	for (size_t k = 0; k < a->nassets; k++) {
		const struct finding *x = &r->findings[a->assets[k]];
		sb_puts(sb, k ? ", " : "");
		sb_json_string(sb, x->asset ? x->asset : x->ctx->group ? x->ctx->group : "");
	}
	sb_puts(sb, "]}\n        }");
	sb_release(&t);
}

/* What the run says of the cap: a notification, and the totals. */
static void cap_notification(struct strbuf *sb, const struct report *r, const struct cap_plan *p)
{
	struct strbuf t = STRBUF_INIT;
	report_thousands(&t, r->nfindings);
	sb_puts(&t, " findings are more than the ");
	report_thousands(&t, p->cap);
	sb_puts(&t, " results a run holds (--max-results): ");
	report_thousands(&t, p->nown);
	sb_puts(&t, " errors, open ones first, are results of their own; the other ");
	report_thousands(&t, r->nfindings - p->nown);
	sb_puts(&t, " findings are counted into ");
	report_thousands(&t, p->ng);
	sb_printf(&t, " results, one per %s; run.properties.results has the totals and the JSON "
		      "report every finding",
		  cap_grain(p));
	sb_puts(sb, ", \"toolExecutionNotifications\": [{\"level\": \"warning\", \"descriptor\": "
		    "{\"id\": \"CG-SARIF-CAP\"}, \"message\": {\"text\": ");
	sb_json_string(sb, sb_str(&t));
	sb_puts(sb, "}}]");
	sb_release(&t);
}

/* A fleet's results are formatted in chunks on two threads (chunks.c). */
#define SARIF_CHUNK 2048
#define SARIF_PARALLEL_MIN (4 * SARIF_CHUNK)

struct chunk_ctx {
	const struct ctx *c;
	const struct cap_plan *p;
};

static void format_chunk(void *cp, size_t k, struct strbuf *sb, void *memo)
{
	const struct chunk_ctx *cc = cp;
	const struct ctx *c = cc->c;
	size_t lo, hi;
	chunk_range(k, SARIF_CHUNK, c->r->nfindings, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		if (!cap_own(cc->p, c->r, i))
			continue;
		sb_puts(sb, i != cc->p->first_own ? ",\n        " : "\n        ");
		result(sb, c, &c->r->findings[i], memo);
	}
}

int report_write_sarif(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	char cwdbuf[PATH_MAX];
	struct ctx c;
	ctx_init(&c, r, getcwd(cwdbuf, sizeof(cwdbuf)));
	struct cap_plan p;
	cap_plan(&p, r, r->view.max_results ? r->view.max_results : REPORT_SARIF_MAX_RESULTS, NULL);
	int rc = 0;
	sb_puts(&sb, "{\n  \"$schema\": "
	             "\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
	             "sarif-schema-2.1.0.json\",\n"
	             "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        "
	             "\"driver\": {\n"
	             "          \"name\": \"chipgate\",\n");
	sb_printf(&sb,
	          "          \"version\": \"%s\",\n          \"semanticVersion\": \"%s\",\n"
	          "          \"rules\": [",
	          CHIPGATE_VERSION, CHIPGATE_VERSION);
	size_t n = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		if (c.index[i] < 0)
			continue;
		sb_puts(&sb, n++ ? ",\n            " : "\n            ");
		rule(&sb, &c, r->rules[i]);
	}
	sb_puts(&sb, n ? "\n          ]\n        }\n      },\n" : "]\n        }\n      },\n");
	sb_printf(&sb, "      \"invocations\": [{\"executionSuccessful\": true, \"endTimeUtc\": \"%s\"",
		  r->generated_at);
	if (p.capped)
		cap_notification(&sb, r, &p);
	sb_puts(&sb, "}],\n");
	artifacts(&sb, r, c.cwd);
	sb_puts(&sb, "      \"results\": [");
	rc = report_spill(&sb, fp, 0);
	struct result_memo memo[2];
	memset(memo, 0, sizeof(memo)); /* empty strbufs, no context */
	struct chunk_ctx cc = {&c, &p};
	if (rc == 0)
		rc = report_write_chunks(fp, (r->nfindings + SARIF_CHUNK - 1) / SARIF_CHUNK,
					 p.nown >= SARIF_PARALLEL_MIN, format_chunk, &cc, &memo[0],
					 &memo[1]);
	for (int i = 0; i < 2; i++) {
		sb_release(&memo[i].a);
		sb_release(&memo[i].u);
		sb_release(&memo[i].t);
		sb_release(&memo[i].k);
	}
	for (size_t k = 0; k < p.ng && rc == 0; k++) {
		sb_puts(&sb, p.nown || k ? ",\n        " : "\n        ");
		aggregate(&sb, &c, &p, &p.g[k]);
		rc = report_spill(&sb, fp, 1 << 16);
	}
	sb_puts(&sb, p.nown + p.ng ? "\n      ],\n" : "],\n");
	run_properties(&sb, r, &p);
	sb_puts(&sb, "    }\n  ]\n}\n");
	if (rc == 0)
		rc = report_spill(&sb, fp, 0);
	sb_release(&sb);
	cap_plan_free(&p);
	ctx_release(&c);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}

/* run.properties.results: how the findings became results. */
static void results_totals(struct strbuf *sb, const struct report *r, const struct cap_plan *p)
{
	size_t agg = 0;
	for (size_t k = 0; k < p->ng; k++)
		agg += p->g[k].count;
	sb_printf(sb,
		  "        \"results\": {\"findings\": %zu, \"listed\": %zu, \"aggregated\": %zu, "
		  "\"aggregates\": %zu, \"max_results\": ",
		  r->nfindings, p->nown, agg, p->ng);
	if (p->cap == REPORT_NO_CAP)
		sb_puts(sb, "null");
	else
		sb_printf(sb, "%zu", p->cap);
	sb_puts(sb, "}");
}
