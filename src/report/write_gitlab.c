/* GitLab Code Quality, for the merge-request widget and the pipeline's
 * Code Quality tab (artifacts:reports:codequality): a JSON array of
 * issues with the fields GitLab reads -- description, check_name,
 * fingerprint, severity, location.path, location.lines.begin -- and the
 * Code Climate type and categories, which it ignores.
 *
 *   - one issue per open or baseline finding; waived and justified ones
 *     are left out, as GitLab has no notion of an accepted issue;
 *   - the fingerprint is the SARIF one (policy, rule, asset or group,
 *     never the line), so GitLab matches an issue across commits as code
 *     scanning does;
 *   - severity: blocker for a finding that fails the check (open, at or
 *     above fail_on); otherwise error critical, warning major, info info;
 *   - the path is relative to the current directory when the file lies
 *     below it (GitLab links it to the repository); a finding without a
 *     file points at the first inventory, line 1;
 *   - at most r->view.max_results issues (default 25,000, as SARIF's
 *     results: a 1M-row fleet's 1.2M issues are 550 MB, 65 MB
 *     compressed, near a self-managed GitLab's default 100 MB artifact
 *     limit, and no reviewer reads them one by one): past
 *     it, the errors stay issues of their own and every other finding is
 *     counted into one issue per rule and catalog model (cap.c), at its
 *     first finding's place, with a fingerprint of its identity and a
 *     "chipgate" member (ignored by GitLab) with the count.
 *
 * Must never: write a byte-order mark, a line below 1, or a string that
 * is not valid JSON (every value goes through sb_json_string). */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "report/cap.h"
#include "report/chunks.h"
#include "report/report.h"

const char *report_relative_path(const char *path, const char *cwd)
{
	size_t n = cwd ? strlen(cwd) : 0;
	if (path[0] == '/' && n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		path += n + 1;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static const char *gitlab_severity(const struct report *r, const struct finding *f)
{
	if (f->status == FS_OPEN && f->severity >= r->fail_on)
		return "blocker";
	return f->severity == SEV_ERROR ? "critical" : f->severity == SEV_WARNING ? "major" : "info";
}

/* Two policies with the same rule id: check names are then POLICY:ID. */
static bool id_clash(const struct report *r, const struct rule_info *ri)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i] != ri && strcmp(r->rules[i]->id, ri->id) == 0 &&
		    strcmp(r->rules[i]->policy, ri->policy) != 0)
			return true;
	return false;
}

struct gl {
	const struct report *r;
	const char *cwd, *inventory;
	const struct rule_info *last; /* the rule whose check name is in NAME */
	struct strbuf name, msg, key;
};

/* The check name of rule RI into g->name. */
static void check_name(struct gl *g, const struct rule_info *ri)
{
	if (ri == g->last)
		return;
	sb_reset(&g->name);
	if (id_clash(g->r, ri))
		sb_printf(&g->name, "%s:", ri->policy);
	sb_puts(&g->name, ri->id);
	g->last = ri;
}

/* ", \"location\": ..." of finding F. */
static void location(struct strbuf *sb, const struct gl *g, const struct finding *f)
{
	const char *file = f->ctx->file ? f->ctx->file : g->inventory;
	sb_json_string(sb, file ? report_relative_path(file, g->cwd) : "");
	sb_printf(sb, ", \"lines\": {\"begin\": %d}}", f->ctx->file && f->line > 0 ? f->line : 1);
}

static void issue(struct strbuf *sb, struct gl *g, const struct finding *f)
{
	const struct rule_info *ri = f->ctx->rule;
	check_name(g, ri);
	sb_puts(sb, "{\"description\": ");
	sb_reset(&g->msg);
	report_put_message(&g->msg, f);
	if (!f->msg)
		sb_puts(&g->msg, ri->id);
	if (f->ctx->note)
		sb_printf(&g->msg, " (%s)", f->ctx->note);
	sb_json_string(sb, sb_str(&g->msg));
	sb_puts(sb, ", \"check_name\": ");
	sb_json_string(sb, sb_str(&g->name));
	char hex[SHA256_HEX_LEN + 1];
	report_fingerprint(f, &g->key, hex);
	sb_printf(sb, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"type\": \"issue\", "
		      "\"categories\": [\"Security\"], \"location\": {\"path\": ",
		  hex, gitlab_severity(g->r, f));
	location(sb, g, f);
	sb_putc(sb, '}');
}

/* Aggregate A of plan P as an issue, at its first finding's place. */
static void aggregate(struct strbuf *sb, struct gl *g, const struct cap_plan *p,
		      const struct cap_agg *a)
{
	const struct finding *f = a->first;
	sb_puts(sb, "{\"description\": ");
	sb_reset(&g->msg);
	cap_agg_text(p, a, g->r, "report", "issues", &g->msg);
	sb_json_string(sb, sb_str(&g->msg));
	sb_puts(sb, ", \"check_name\": ");
	if (p->level <= 1) {
		check_name(g, f->ctx->rule);
		sb_json_string(sb, sb_str(&g->name));
	} else {
		sb_puts(sb, "\"chipgate\"");
	}
	char hex[SHA256_HEX_LEN + 1];
	cap_agg_fingerprint(p, a, hex);
	sb_printf(sb, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"type\": \"issue\", "
		      "\"categories\": [\"Security\"], \"location\": {\"path\": ",
		  hex, gitlab_severity(g->r, f));
	location(sb, g, f);
	sb_printf(sb, ", \"chipgate\": {\"aggregate\": true, \"count\": %zu, \"open\": %zu}}",
		  a->count, a->open);
}

/* A Code Quality issue is made of an open or baseline finding. */
static bool listed(const struct finding *f)
{
	return f->status != FS_WAIVED && f->status != FS_JUSTIFIED;
}

int report_write_gitlab(const struct report *r, FILE *fp)
{
	char cwdbuf[PATH_MAX];
	struct gl g = {.r = r, .cwd = getcwd(cwdbuf, sizeof(cwdbuf)),
		       .name = STRBUF_INIT, .msg = STRBUF_INIT, .key = STRBUF_INIT};
	for (size_t i = 0; i < r->ninputs && !g.inventory; i++)
		if (strcmp(r->inputs[i].role, "inventory") == 0)
			g.inventory = r->inputs[i].path;
	struct cap_plan p;
	cap_plan(&p, r, r->view.max_results ? r->view.max_results : REPORT_GITLAB_MAX_ISSUES, listed);
	struct strbuf sb = STRBUF_INIT;
	sb_putc(&sb, '[');
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < r->nfindings && rc == 0; i++) {
		if (!cap_own(&p, r, i))
			continue;
		sb_puts(&sb, n++ ? ",\n  " : "\n  ");
		issue(&sb, &g, &r->findings[i]);
		rc = report_spill(&sb, fp, 1 << 16);
	}
	for (size_t k = 0; k < p.ng && rc == 0; k++) {
		sb_puts(&sb, n++ ? ",\n  " : "\n  ");
		aggregate(&sb, &g, &p, &p.g[k]);
		rc = report_spill(&sb, fp, 1 << 16);
	}
	cap_plan_free(&p);
	sb_puts(&sb, n ? "\n]\n" : "]\n");
	if (rc == 0)
		rc = report_spill(&sb, fp, 0);
	sb_release(&sb);
	sb_release(&g.name);
	sb_release(&g.msg);
	sb_release(&g.key);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
