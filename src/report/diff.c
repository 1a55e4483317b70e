/* Comparing two reports: the identity of a finding across runs, the
 * --baseline of `chipgate check`, and `chipgate diff`.
 *
 * A finding is the same finding in another run when policy, rule and asset
 * id (or, for exposure findings, the group) are the same. Files and lines
 * are deliberately not part of it: inventories get edited, assets move.
 * Several findings with one identity (the same asset id in two inventory
 * files) are paired in report order.
 *
 * Must never: print or exit (warnings go into a diag_list for the command
 * to print), or keep a pointer into a report beyond that report's life. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

int report_finding_key_cmp(const struct finding *a, const struct finding *b)
{
	int c;
	if ((c = strcmp(a->ctx->rule->policy, b->ctx->rule->policy)) != 0 ||
	    (c = strcmp(a->ctx->rule->id, b->ctx->rule->id)) != 0)
		return c;
	/* an asset finding and a group finding never match, even if named alike */
	if ((a->asset != NULL) != (b->asset != NULL))
		return a->asset ? -1 : 1;
	return a->asset ? strcmp(a->asset, b->asset) : strcmp0(a->ctx->group, b->ctx->group);
}

/* R's findings sorted by identity, ties in report order (the pointers
 * point into one array, so comparing them compares positions). */
static int ptr_cmp(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa,
	                     *b = *(const struct finding *const *)pb;
	int c = report_finding_key_cmp(a, b);
	return c ? c : (a < b ? -1 : a > b);
}

static const struct finding **sorted_index(const struct report *r)
{
	const struct finding **ix = xmalloc((r->nfindings + 1) * sizeof(*ix));
	for (size_t i = 0; i < r->nfindings; i++)
		ix[i] = &r->findings[i];
	if (r->nfindings)
		qsort(ix, r->nfindings, sizeof(*ix), ptr_cmp);
	return ix;
}

/* ---- --baseline ------------------------------------------------------------ */

static const struct report_policy *find_policy(const struct report *r, const char *id)
{
	for (size_t i = 0; i < r->npolicies; i++)
		if (strcmp(r->policies[i].id, id) == 0)
			return &r->policies[i];
	return NULL;
}

/* Whether BASE can vouch for rule RI of the current report. */
static bool rule_matchable(const struct rule_info *ri, const struct report *base, bool same_version)
{
	if (same_version)
		return true;
	const struct rule_info *b = report_find_rule(base, ri->policy, ri->id);
	return b && strcmp0(b->kind, ri->kind) == 0 && strcmp0(b->when, ri->when) == 0;
}

/* The rules of policy P that BASE cannot match, into BAD (a flag per rule
 * of R); a warning per policy into WARN, the text also into NOTE. */
static void policy_mismatch(const struct report *r, const struct report *base,
                            const char *base_name, const struct report_policy *p, bool *bad,
                            struct diag_list *warn, struct strbuf *note)
{
	const struct report_policy *bp = find_policy(base, p->id);
	bool same = bp && strcmp0(bp->version, p->version) == 0;
	if (same)
		return;
	struct strbuf list = STRBUF_INIT;
	size_t nbad = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule_info *ri = r->rules[i];
		if (strcmp(ri->policy, p->id) != 0)
			continue;
		if (bp && rule_matchable(ri, base, false))
			continue;
		bad[i] = true;
		sb_printf(&list, "%s%s", nbad++ ? ", " : "", ri->id);
	}
	struct diag d;
	if (!bp)
		diag_set(&d, base_name, 0, 0,
		         "warning: the baseline has no results for policy '%s'; its findings count "
		         "as new",
		         p->id);
	else if (nbad)
		diag_set(
		    &d, base_name, 0, 0,
		    "warning: the baseline is from policy '%s' version '%s', this run uses '%s'; "
		    "cannot match rules %s (new or changed); their findings count as new",
		    p->id, bp->version ? bp->version : "", p->version ? p->version : "",
		    sb_str(&list));
	else
		diag_set(&d, base_name, 0, 0,
		         "warning: the baseline is from policy '%s' version '%s', this run uses "
		         "'%s'; every rule is unchanged and matched",
		         p->id, bp->version ? bp->version : "", p->version ? p->version : "");
	diag_list_push(warn, &d);
	if (nbad)
		sb_printf(note, "%s%s: %s", note->len ? "; " : "", p->id,
		          bp ? sb_str(&list) : "no results in the baseline");
	sb_release(&list);
}

static const struct rule_info mismatch_rule = {
    .id = "CG-BASELINE-MISMATCH",
    .policy = "chipgate",
    .title = "Baseline from another policy version",
    .kind = "builtin",
    .remediation = "Review the findings of the listed rules, then regenerate the baseline with "
                   "this policy version.",
    .severity = SEV_INFO,
    .evaluated = true,
};

static void add_mismatch_finding(struct report *r, const char *base_name, const char *rules)
{
	const struct rule_info *ri = report_find_rule(r, mismatch_rule.policy, mismatch_rule.id);
	if (!ri)
		ri = report_add_rule(r, &mismatch_rule);
	struct strbuf msg = STRBUF_INIT;
	sb_printf(&msg, "the baseline cannot match these rules, so their findings count as new: %s",
	          rules);
	struct report_emit f = {.rule = ri,
	                        .severity = SEV_INFO,
	                        .status = FS_OPEN,
	                        .group = "baseline",
	                        .file = arena_strdup(&r->arena, base_name),
	                        .text = sb_str(&msg)};
	report_emit(r, &f);
	sb_release(&msg);
}

size_t report_apply_baseline(struct report *r, const struct report *base, const char *base_name,
                             struct diag_list *warn)
{
	bool *bad = xcalloc(r->nrules + 1, sizeof(*bad));
	struct strbuf note = STRBUF_INIT;
	for (size_t i = 0; i < r->npolicies; i++)
		policy_mismatch(r, base, base_name, &r->policies[i], bad, warn, &note);
	const struct finding **ri = sorted_index(r), **bi = sorted_index(base);
	size_t matched = 0, i = 0, j = 0;
	while (i < r->nfindings && j < base->nfindings) {
		/* the report is ours to change: its findings array is not const */
		struct finding *f = &r->findings[ri[i] - r->findings];
		const struct finding *b = bi[j];
		int c = report_finding_key_cmp(f, b);
		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		/* every finding of this identity is vouched for by any base entry */
		bool ok = false;
		for (size_t k = j; k < base->nfindings && report_finding_key_cmp(f, bi[k]) == 0;
		     k++) {
			const struct finding *bk = bi[k];
			if ((bk->status == FS_OPEN || bk->status == FS_BASELINE) &&
			    f->severity <= bk->severity)
				ok = true;
		}
		size_t rule_ix = 0;
		while (rule_ix < r->nrules && r->rules[rule_ix] != f->ctx->rule)
			rule_ix++;
		if (ok && f->status == FS_OPEN && !(rule_ix < r->nrules && bad[rule_ix])) {
			f->status = FS_BASELINE;
			matched++;
		}
		i++;
	}
	if (note.len)
		add_mismatch_finding(r, base_name, sb_str(&note));
	free((void *)ri);
	free((void *)bi);
	free(bad);
	sb_release(&note);
	report_finish(r);
	return matched;
}

/* ---- diff ------------------------------------------------------------------ */

static bool failing(const struct finding *f, enum severity fail_on)
{
	return f && f->status == FS_OPEN && f->severity >= fail_on;
}

static void push_f(struct report_diff *d, enum diff_change ch, const struct finding *b,
                   const struct finding *a)
{
	XGROW(d->f, d->capf, d->nf + 1);
	struct diff_finding *x = &d->f[d->nf++];
	x->change = ch;
	x->before = b;
	x->after = a;
	x->gating = failing(a, d->fail_on) && !failing(b, d->fail_on);
	if (x->gating)
		d->ngating++;
	if (ch == DIFF_NEW)
		d->nnew++;
	else if (ch == DIFF_RESOLVED)
		d->nresolved++;
	else
		d->nchanged++;
}

static void diff_findings(struct report_diff *d)
{
	const struct report *B = d->before, *A = d->after;
	const struct finding **bi = sorted_index(B), **ai = sorted_index(A);
	size_t i = 0, j = 0;
	while (i < B->nfindings || j < A->nfindings) {
		const struct finding *b = i < B->nfindings ? bi[i] : NULL;
		const struct finding *a = j < A->nfindings ? ai[j] : NULL;
		int c = !b ? 1 : !a ? -1 : report_finding_key_cmp(b, a);
		if (c < 0) {
			push_f(d, DIFF_RESOLVED, b, NULL);
			i++;
		} else if (c > 0) {
			push_f(d, DIFF_NEW, NULL, a);
			j++;
		} else {
			if (b->severity != a->severity || b->status != a->status)
				push_f(d, DIFF_CHANGED, b, a);
			i++;
			j++;
		}
	}
	free((void *)bi);
	free((void *)ai);
}

static int expo_key_cmp(const struct exposure_row *a, const struct exposure_row *b)
{
	int c;
	if ((c = strcmp(a->policy, b->policy)) != 0 || (c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->group, b->group);
}

static bool num_differs(double a, double b)
{
	return isnan(a) != isnan(b) || (!isnan(a) && a != b);
}

static bool expo_changed(const struct exposure_row *b, const struct exposure_row *a)
{
	return num_differs(b->share_units, a->share_units) ||
	       num_differs(b->share_tpp, a->share_tpp) ||
	       num_differs(b->share_weight, a->share_weight) || b->breach != a->breach ||
	       b->indeterminate != a->indeterminate || b->units_total != a->units_total ||
	       b->units_foreign != a->units_foreign;
}

/* Exposure rows are sorted (policy, rule, group) by report_finish. */
static void diff_exposure(struct report_diff *d)
{
	const struct report *B = d->before, *A = d->after;
	size_t i = 0, j = 0;
	while (i < B->nexposure || j < A->nexposure) {
		const struct exposure_row *b = i < B->nexposure ? &B->exposure[i] : NULL;
		const struct exposure_row *a = j < A->nexposure ? &A->exposure[j] : NULL;
		int c = !b ? 1 : !a ? -1 : expo_key_cmp(b, a);
		if (c == 0 && !expo_changed(b, a)) {
			i++;
			j++;
			continue;
		}
		XGROW(d->x, d->capx, d->nx + 1);
		d->x[d->nx].before = c <= 0 ? b : NULL;
		d->x[d->nx].after = c >= 0 ? a : NULL;
		d->nx++;
		i += c <= 0;
		j += c >= 0;
	}
}

static void diff_policies(struct report_diff *d)
{
	for (int side = 0; side < 2; side++) {
		const struct report *r = side ? d->after : d->before;
		for (size_t i = 0; i < r->npolicies; i++) {
			const struct report_policy *p = &r->policies[i];
			struct diff_policy *dp = NULL;
			for (size_t k = 0; k < d->np && !dp; k++)
				if (strcmp(d->p[k].id, p->id) == 0)
					dp = &d->p[k];
			if (!dp) {
				XGROW(d->p, d->capp, d->np + 1);
				dp = &d->p[d->np++];
				memset(dp, 0, sizeof(*dp));
				dp->id = p->id;
			}
			if (side)
				dp->after = p->version ? p->version : "";
			else
				dp->before = p->version ? p->version : "";
		}
	}
}

void report_diff_compute(struct report_diff *d, const struct report *before,
                         const char *before_name, const struct report *after,
                         const char *after_name, enum severity fail_on)
{
	memset(d, 0, sizeof(*d));
	d->before = before;
	d->after = after;
	d->before_name = before_name;
	d->after_name = after_name;
	d->fail_on = fail_on;
	diff_findings(d);
	diff_exposure(d);
	diff_policies(d);
}

void report_diff_free(struct report_diff *d)
{
	free(d->f);
	free(d->x);
	free(d->p);
	memset(d, 0, sizeof(*d));
}

/* ---- diff writers ------------------------------------------------------------ */

static const char *change_name(enum diff_change c)
{
	return c == DIFF_NEW ? "new" : c == DIFF_RESOLVED ? "resolved" : "changed";
}

static int flush(struct strbuf *sb, FILE *fp)
{
	int rc = fwrite(sb_str(sb), 1, sb->len, fp) == sb->len && !ferror(fp) ? 0 : -1;
	sb_reset(sb);
	return rc;
}

static void text_where(struct strbuf *sb, const struct finding *f)
{
	if (f->asset)
		sb_puts(sb, f->asset);
	else
		sb_printf(sb, "group '%s'", f->ctx->group ? f->ctx->group : "");
	if (f->ctx->file) {
		sb_printf(sb, " (%s", f->ctx->file);
		if (f->line)
			sb_printf(sb, ":%d", f->line);
		sb_putc(sb, ')');
	}
}

static void text_pct(struct strbuf *sb, double v)
{
	if (isnan(v))
		sb_puts(sb, "-");
	else
		sb_printf(sb, "%.1f%%", v * 100.0);
}

static void text_expo_state(struct strbuf *sb, const struct exposure_row *e)
{
	sb_puts(sb, e->breach ? "breach" : e->indeterminate ? "indeterminate" : "ok");
}

static void text_exposure(const struct report_diff *d, struct strbuf *sb)
{
	if (!d->nx)
		return;
	sb_puts(sb, "\nexposure changes:\n");
	for (size_t i = 0; i < d->nx; i++) {
		const struct exposure_row *b = d->x[i].before, *a = d->x[i].after, *e = a ? a : b;
		sb_printf(sb, "  %s %s %s: ", e->policy, e->rule, e->group);
		if (!b || !a) {
			sb_printf(sb, "%s, units ", b ? "group gone" : "new group");
			text_pct(sb, e->share_units);
			sb_puts(sb, ", TPP ");
			text_pct(sb, e->share_tpp);
			sb_puts(sb, ", ");
			text_expo_state(sb, e);
		} else {
			sb_puts(sb, "units ");
			text_pct(sb, b->share_units);
			sb_puts(sb, " -> ");
			text_pct(sb, a->share_units);
			if (!isnan(a->share_units) && !isnan(b->share_units))
				sb_printf(sb, " (%+.1f)",
				          (a->share_units - b->share_units) * 100.0);
			sb_puts(sb, ", TPP ");
			text_pct(sb, b->share_tpp);
			sb_puts(sb, " -> ");
			text_pct(sb, a->share_tpp);
			if (!isnan(a->share_tpp) && !isnan(b->share_tpp))
				sb_printf(sb, " (%+.1f)", (a->share_tpp - b->share_tpp) * 100.0);
			sb_puts(sb, ", ");
			text_expo_state(sb, b);
			sb_puts(sb, " -> ");
			text_expo_state(sb, a);
		}
		sb_putc(sb, '\n');
	}
}

int report_diff_write_text(const struct report_diff *d, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s -> %s\n", d->before_name, d->after_name);
	for (size_t i = 0; i < d->np; i++) {
		const struct diff_policy *p = &d->p[i];
		if (p->before && p->after && strcmp(p->before, p->after) == 0)
			continue;
		sb_printf(&sb, "policy %s: %s -> %s\n", p->id, p->before ? p->before : "(absent)",
		          p->after ? p->after : "(absent)");
	}
	static const enum diff_change order[] = {DIFF_NEW, DIFF_RESOLVED, DIFF_CHANGED};
	for (size_t o = 0; o < CG_ARRAY_LEN(order); o++) {
		size_t n = order[o] == DIFF_NEW        ? d->nnew
		           : order[o] == DIFF_RESOLVED ? d->nresolved
		                                       : d->nchanged;
		if (!n)
			continue;
		sb_printf(&sb, "\n%s (%zu):\n", change_name(order[o]), n);
		for (size_t i = 0; i < d->nf; i++) {
			const struct diff_finding *x = &d->f[i];
			if (x->change != order[o])
				continue;
			const struct finding *f = x->after ? x->after : x->before;
			sb_printf(&sb, "  %s%-7s %s ", x->gating ? "! " : "  ",
			          severity_name(f->severity), f->ctx->rule->id);
			if (x->change == DIFF_CHANGED)
				sb_printf(&sb, "[%s %s -> %s %s] ",
				          severity_name(x->before->severity),
				          fstatus_name(x->before->status),
				          severity_name(f->severity), fstatus_name(f->status));
			else if (f->status != FS_OPEN)
				sb_printf(&sb, "[%s] ", fstatus_name(f->status));
			size_t from = sb.len;
			text_where(&sb, f);
			sb_puts(&sb, ": ");
			report_put_message(&sb, f);
			sb_escape_controls(&sb, from);
			sb_putc(&sb, '\n');
		}
	}
	text_exposure(d, &sb);
	sb_printf(&sb, "\n%zu new, %zu resolved, %zu changed; %zu newly open at or above %s\n",
	          d->nnew, d->nresolved, d->nchanged, d->ngating, severity_name(d->fail_on));
	int rc = flush(&sb, fp);
	sb_release(&sb);
	return rc;
}

static void json_str0(struct strbuf *sb, const char *s)
{
	if (s)
		sb_json_string(sb, s);
	else
		sb_puts(sb, "null");
}

static void json_finding(struct strbuf *sb, const struct finding *f)
{
	sb_puts(sb, "{\"severity\": ");
	sb_json_string(sb, severity_name(f->severity));
	sb_puts(sb, ", \"status\": ");
	sb_json_string(sb, fstatus_name(f->status));
	sb_puts(sb, ", \"location\": {\"file\": ");
	json_str0(sb, f->ctx->file);
	sb_printf(sb, ", \"line\": %d}, \"message\": ", f->line);
	struct strbuf scratch = STRBUF_INIT;
	json_str0(sb, report_message(f, &scratch));
	sb_release(&scratch);
	sb_putc(sb, '}');
}

static void json_expo(struct strbuf *sb, const struct exposure_row *e)
{
	if (!e) {
		sb_puts(sb, "null");
		return;
	}
	sb_printf(sb, "{\"units_foreign\": %lld, \"units_total\": %lld, \"share_units\": ",
	          e->units_foreign, e->units_total);
	report_json_number(sb, e->share_units);
	sb_puts(sb, ", \"share_tpp\": ");
	report_json_number(sb, e->share_tpp);
	sb_puts(sb, ", \"share_weight\": ");
	report_json_number(sb, e->share_weight);
	sb_printf(sb, ", \"indeterminate\": %s, \"breach\": %s}",
	          e->indeterminate ? "true" : "false", e->breach ? "true" : "false");
}

static void json_delta(struct strbuf *sb, const char *key, double b, double a)
{
	sb_printf(sb, ", \"%s\": ", key);
	report_json_number(sb, isnan(a) || isnan(b) ? NAN : a - b);
}

int report_diff_write_json(const struct report_diff *d, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	sb_puts(&sb, "{\n  \"schema\": \"chipgate.diff/1\",\n  \"before\": {\"report\": ");
	sb_json_string(&sb, d->before_name);
	sb_printf(&sb,
	          ", \"generated_at\": \"%s\", \"as_of\": \"%s\"},\n  \"after\": {\"report\": ",
	          d->before->generated_at, d->before->as_of);
	sb_json_string(&sb, d->after_name);
	sb_printf(&sb, ", \"generated_at\": \"%s\", \"as_of\": \"%s\"},\n", d->after->generated_at,
	          d->after->as_of);
	sb_printf(&sb, "  \"fail_on\": \"%s\",\n  \"verdict\": \"%s\",\n",
	          severity_name(d->fail_on), d->ngating ? "fail" : "pass");
	sb_printf(&sb,
	          "  \"summary\": {\"new\": %zu, \"resolved\": %zu, \"changed\": %zu, "
	          "\"newly_failing\": %zu},\n",
	          d->nnew, d->nresolved, d->nchanged, d->ngating);
	sb_puts(&sb, "  \"policies\": [");
	for (size_t i = 0; i < d->np; i++) {
		sb_puts(&sb, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		sb_json_string(&sb, d->p[i].id);
		sb_puts(&sb, ", \"before\": ");
		json_str0(&sb, d->p[i].before);
		sb_puts(&sb, ", \"after\": ");
		json_str0(&sb, d->p[i].after);
		sb_putc(&sb, '}');
	}
	sb_puts(&sb, d->np ? "\n  ],\n" : "],\n");
	sb_puts(&sb, "  \"findings\": [");
	for (size_t i = 0; i < d->nf && rc == 0; i++) {
		const struct diff_finding *x = &d->f[i];
		const struct finding *f = x->after ? x->after : x->before;
		sb_puts(&sb, i ? ",\n    {\"change\": " : "\n    {\"change\": ");
		sb_json_string(&sb, change_name(x->change));
		sb_puts(&sb, ", \"rule\": ");
		sb_json_string(&sb, f->ctx->rule->id);
		sb_puts(&sb, ", \"policy\": ");
		sb_json_string(&sb, f->ctx->rule->policy);
		sb_puts(&sb, ", \"asset\": ");
		json_str0(&sb, f->asset);
		if (f->ctx->group) {
			sb_puts(&sb, ", \"group\": ");
			sb_json_string(&sb, f->ctx->group);
		}
		sb_printf(&sb, ", \"newly_failing\": %s,\n      \"before\": ",
		          x->gating ? "true" : "false");
		if (x->before)
			json_finding(&sb, x->before);
		else
			sb_puts(&sb, "null");
		sb_puts(&sb, ",\n      \"after\": ");
		if (x->after)
			json_finding(&sb, x->after);
		else
			sb_puts(&sb, "null");
		sb_putc(&sb, '}');
		if (sb.len > 65536)
			rc = flush(&sb, fp);
	}
	sb_puts(&sb, d->nf ? "\n  ],\n" : "],\n");
	sb_puts(&sb, "  \"exposure\": [");
	for (size_t i = 0; i < d->nx; i++) {
		const struct exposure_row *b = d->x[i].before, *a = d->x[i].after, *e = a ? a : b;
		sb_puts(&sb, i ? ",\n    {\"policy\": " : "\n    {\"policy\": ");
		sb_json_string(&sb, e->policy);
		sb_puts(&sb, ", \"rule\": ");
		sb_json_string(&sb, e->rule);
		sb_puts(&sb, ", \"group\": ");
		sb_json_string(&sb, e->group);
		if (a && b) {
			json_delta(&sb, "delta_share_units", b->share_units, a->share_units);
			json_delta(&sb, "delta_share_tpp", b->share_tpp, a->share_tpp);
		} else {
			sb_puts(&sb, ", \"delta_share_units\": null, \"delta_share_tpp\": null");
		}
		sb_puts(&sb, ",\n      \"before\": ");
		json_expo(&sb, b);
		sb_puts(&sb, ",\n      \"after\": ");
		json_expo(&sb, a);
		sb_putc(&sb, '}');
	}
	sb_puts(&sb, d->nx ? "\n  ]\n}\n" : "]\n}\n");
	if (rc == 0)
		rc = flush(&sb, fp);
	sb_release(&sb);
	return rc;
}
