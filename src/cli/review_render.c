/* The renderers of chipgate review: the orders review.c judged, each with
 * the state of its justification and why, the findings of other rules
 * that still block it, its verdict and what to do next, worded as text,
 * Markdown, JSON or one self-contained HTML page. The verdicts come from
 * the engine (engine_review, review_block); this file only words them,
 * and decides nothing.
 *
 * Must never: write a string from the input into HTML or Markdown without
 * its escaping (report_xml_escape, md_cell); or load anything from the
 * HTML page (no script, no external resource). Text goes to the terminal
 * through cli_put_text in review.c, which strips control characters. */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/review_render.h"

static void describe_order(const struct review_item *it, struct strbuf *out)
{
	const struct asset *a = it->asset;
	sb_printf(out, "%s %lld x ", status_name(a->status), a->quantity);
	if (it->chip)
		sb_printf(out, "%s %s", it->chip->vendor->name, it->chip->model);
	else
		sb_printf(out, "'%s' (not in the catalog)", a->model);
	if (a->order)
		sb_printf(out, " (%s)", a->order);
}

/* The approval, dates and validity of an acceptable justification. */
static void describe_valid(const struct review_item *it, cg_date as_of, struct strbuf *out)
{
	const struct jverdict *v = &it->verdict;
	const struct justification *j = v->j;
	char d[11];
	sb_printf(out, "justified by %s:%d", j->file, j->line);
	if (j->approver)
		sb_printf(out, ", approved by %s", j->approver);
	if (j->approved_on != CG_DATE_NONE) {
		date_format(j->approved_on, d);
		sb_printf(out, " on %s", d);
	}
	if (v->signer)
		sb_printf(out, ", signature verified (keyid %s)", v->signer_keyid);
	if (v->valid_until != CG_DATE_NONE) {
		date_format(v->valid_until, d);
		sb_printf(out, "; in date until %s (%d days)", d, (int)(v->valid_until - as_of));
	}
}

/* The approver named cannot approve: the requester, or not listed. */
static bool approver_unfit(const struct jverdict *v)
{
	for (size_t i = 0; i < v->nreasons; i++)
		if (v->reasons[i].state == JSTATE_INVALID && v->reasons[i].field &&
		    strcmp(v->reasons[i].field, "approver") == 0)
			return true;
	return false;
}

/* What to do next, or nothing for an approved order. */
static void next_step(const struct review_item *it, struct strbuf *out)
{
	const struct jverdict *v = &it->verdict;
	const struct justification *j = v->j;
	char d[11];
	switch (v->state) {
	case JSTATE_MISSING:
		sb_printf(out, "chipgate justify %s %s", it->asset->id, it->inv->path);
		break;
	case JSTATE_INCOMPLETE:
		sb_printf(out, "complete the justification at %s:%d", j->file, j->line);
		break;
	case JSTATE_INVALID:
	case JSTATE_AWAITING:
		if (it->signed_approval && !policy_has_approvers(it->pack))
			sb_printf(out, "give the organisation's approvers with --approvers FILE "
			               "(chipgate-review(1), Signed approvals)");
		else if (approver_unfit(v))
			sb_printf(out, "name an approver %sother than the requester at %s:%d",
			          it->signed_approval ? "the pack lists, " : "", j->file, j->line);
		else if (it->signed_approval && j->approver && *j->approver) {
			const char *from = policy_approvers_file(it->pack);
			sb_printf(out, "%s signs: chipgate approve%s%s -k KEY%s%s %s %s", j->approver,
			          from ? " --approvers " : "", from ? from : "",
			          v->nrecords > 1 ? " -r " : "",
			          v->nrecords > 1 ? it->rule->id : "", it->asset->id, j->file);
		}
		else if (v->state == JSTATE_INVALID)
			sb_printf(out, "correct the approval at %s:%d", j->file, j->line);
		else
			sb_printf(out,
			          "an approver other than the requester sets approver and "
			          "approved_on at %s:%d",
			          j->file, j->line);
		break;
	case JSTATE_EXPIRED:
		sb_printf(out, "renew the justification at %s:%d and have it approved again",
		          j->file, j->line);
		break;
	case JSTATE_WEAK:
		sb_puts(out, "order the domestic alternative, or state a need it does not meet");
		break;
	case JSTATE_EXPIRING:
		date_format(v->valid_until, d);
		sb_printf(out, "renew before %s", d);
		break;
	default:
		break;
	}
}

/* The blocking findings of IT, from RV's shared list. */
static const struct finding *const *blockers(const struct review *rv, const struct review_item *it)
{
	return rv->blocks + it->block0;
}

/* The ids of the rules that block IT, each once: "CN-H20-001, CG-X". */
static void blocking_rules(const struct review *rv, const struct review_item *it,
			   struct strbuf *out)
{
	const struct finding *const *b = blockers(rv, it);
	for (size_t i = 0; i < it->nblock; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = b[k]->ctx->rule == b[i]->ctx->rule;
		if (!seen)
			sb_printf(out, "%s%s", i ? ", " : "", b[i]->ctx->rule->id);
	}
}

/* The order's verdict in words: "cleared (approved)", "approved, but
 * blocked by CN-H20-001", "missing; also blocked by CN-H20-001", "missing". */
static void verdict_words(const struct review *rv, const struct review_item *it,
			  struct strbuf *out)
{
	const char *state = jstate_name(it->verdict.state);
	if (it->cleared) {
		sb_printf(out, "cleared (%s)", state);
		return;
	}
	sb_puts(out, state);
	if (!it->nblock)
		return;
	sb_puts(out, jstate_satisfied(it->verdict.state) ? ", but blocked by " : "; also blocked by ");
	blocking_rules(rv, it, out);
}

/* One blocking finding: "error CN-H20-001 (cn-cac-2025): MESSAGE". */
static void describe_blocker(const struct finding *f, struct strbuf *out)
{
	sb_printf(out, "%s %s (%s): ", severity_name((enum severity)f->severity), f->ctx->rule->id,
		  f->ctx->rule->policy);
	report_put_message(out, f);
}

/* What to do next: the justification's step; for a valid justification
 * that other findings block, to resolve them. */
static void next_action(const struct review *rv, const struct review_item *it, struct strbuf *out)
{
	if (jstate_satisfied(it->verdict.state) && it->nblock) {
		sb_puts(out, "resolve or waive ");
		blocking_rules(rv, it, out);
		sb_printf(out, " (chipgate explain %s %s says why)", it->asset->id, it->inv->path);
		return;
	}
	next_step(it, out);
}

static void count_states(const struct review *rv, size_t counts[JSTATE_COUNT])
{
	memset(counts, 0, sizeof(size_t) * JSTATE_COUNT);
	for (size_t i = 0; i < rv->n; i++)
		counts[rv->items[i].verdict.state]++;
}

static void policies_line(const struct report *r, struct strbuf *out)
{
	if (!r->npolicies)
		sb_puts(out, "(none)");
	for (size_t i = 0; i < r->npolicies; i++)
		sb_printf(out, "%s%s", i ? ", " : "", r->policies[i].id);
}

static void counts_line(const struct review *rv, struct strbuf *out)
{
	size_t counts[JSTATE_COUNT], k = 0;
	count_states(rv, counts);
	for (int s = 0; s < JSTATE_COUNT; s++)
		if (counts[s])
			sb_printf(out, "%s%zu %s", k++ ? ", " : "", counts[s],
			          jstate_name((enum jstate)s));
}

/* "1 of 2 cleared; 1 blocked by open findings of other rules at or above error" */
void review_cleared_line(const struct review_ctx *c, struct strbuf *out)
{
	sb_printf(out, "%zu of %zu cleared", c->cleared, c->rv->n);
	if (c->fail_on == SEV_NEVER)
		sb_puts(out, " (--fail-on never: no other finding blocks an order)");
	else
		sb_printf(out, "; %zu blocked by open findings of other rules at or above %s",
			  c->blocked, severity_name(c->fail_on));
}

/* ---- text ------------------------------------------------------------------ */

static void write_text(const struct review_ctx *c, struct strbuf *out)
{
	const struct review *rv = c->rv;
	sb_printf(out,
	          "review: %zu pending order%s need%s a justification, as of %s; policies: ", rv->n,
	          rv->n == 1 ? "" : "s", rv->n == 1 ? "s" : "", c->as_of);
	policies_line(c->r, out);
	sb_putc(out, '\n');
	if (rv->n) {
		sb_puts(out, "  ");
		counts_line(rv, out);
		sb_puts(out, "\n  ");
		review_cleared_line(c, out);
		sb_putc(out, '\n');
	}
	struct strbuf tmp = STRBUF_INIT;
	for (size_t i = 0; i < rv->n; i++) {
		const struct review_item *it = &rv->items[i];
		const struct jverdict *v = &it->verdict;
		sb_reset(&tmp);
		describe_order(it, &tmp);
		sb_printf(out, "\n%-18s %s: %s, %s:%d\n", jstate_name(v->state), it->asset->id,
		          tmp.buf, it->asset->file, it->asset->line);
		sb_printf(out, "%-18s rule %s (%s): %s\n", "", it->rule->id, policy_id(it->pack),
		          it->rule->title);
		if (jstate_satisfied(v->state)) {
			sb_reset(&tmp);
			describe_valid(it, c->pl->as_of, &tmp);
			sb_printf(out, "%-18s %s\n", "", tmp.buf);
		} else {
			if (v->j)
				sb_printf(out, "%-18s justification %s:%d%s\n", "", v->j->file,
				          v->j->line,
				          v->nrecords > 1 ? " (the best of several)" : "");
			for (size_t k = 0; k < v->nreasons; k++)
				sb_printf(out, "%-18s - %s\n", "", v->reasons[k].text);
		}
		for (size_t k = 0; k < it->nblock; k++) {
			sb_reset(&tmp);
			describe_blocker(blockers(rv, it)[k], &tmp);
			sb_printf(out, "%-18s blocked by %s\n", "", tmp.buf);
		}
		sb_reset(&tmp);
		verdict_words(rv, it, &tmp);
		sb_printf(out, "%-18s verdict: %s\n", "", tmp.buf);
		sb_reset(&tmp);
		next_action(rv, it, &tmp);
		if (tmp.len)
			sb_printf(out, "%-18s next: %s\n", "", tmp.buf);
	}
	sb_release(&tmp);
}

/* ---- Markdown ------------------------------------------------------------------ */

/* Table-cell text: no line breaks, '|' escaped, no raw HTML. */
static void md_cell(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '|':
			sb_puts(out, "\\|");
			break;
		case '\n':
		case '\r':
			sb_putc(out, ' ');
			break;
		case '<':
			sb_puts(out, "&lt;");
			break;
		case '>':
			sb_puts(out, "&gt;");
			break;
		case '&':
			sb_puts(out, "&amp;");
			break;
		case '`':
			sb_puts(out, "\\`");
			break;
		case '*':
		case '_':
		case '[':
		case ']':
		case '\\':
			sb_putc(out, '\\');
			sb_putc(out, *s);
			break;
		default:
			sb_putc(out, *s);
		}
	}
}

static void write_markdown(const struct review_ctx *c, struct strbuf *out)
{
	const struct review *rv = c->rv;
	struct strbuf tmp = STRBUF_INIT;
	sb_puts(out, "# Procurement review\n\n");
	sb_printf(out, "As of %s; policies: ", c->as_of);
	policies_line(c->r, &tmp);
	md_cell(out, tmp.buf);
	sb_printf(out, ". %zu pending order%s need%s a justification", rv->n, rv->n == 1 ? "" : "s",
	          rv->n == 1 ? "s" : "");
	if (rv->n) {
		sb_reset(&tmp);
		counts_line(rv, &tmp);
		sb_puts(out, ": ");
		md_cell(out, tmp.buf);
	}
	sb_puts(out, ".\n");
	if (rv->n) {
		sb_puts(out, "\n**");
		sb_reset(&tmp);
		review_cleared_line(c, &tmp);
		md_cell(out, tmp.buf);
		sb_puts(out, ".**\n\n| Verdict | Asset | Order | Rule | Details | Blocked by | Next |\n"
			     "|---|---|---|---|---|---|---|\n");
	}
	for (size_t i = 0; i < rv->n; i++) {
		const struct review_item *it = &rv->items[i];
		const struct jverdict *v = &it->verdict;
		sb_puts(out, "| ");
		sb_reset(&tmp);
		verdict_words(rv, it, &tmp);
		md_cell(out, tmp.buf);
		sb_puts(out, " | ");
		md_cell(out, it->asset->id);
		sb_puts(out, " | ");
		sb_reset(&tmp);
		describe_order(it, &tmp);
		md_cell(out, tmp.buf);
		sb_puts(out, " | ");
		md_cell(out, it->rule->id);
		sb_puts(out, " (");
		md_cell(out, policy_id(it->pack));
		sb_puts(out, ") | ");
		sb_reset(&tmp);
		if (jstate_satisfied(v->state))
			describe_valid(it, c->pl->as_of, &tmp);
		else
			jverdict_reasons(v, &tmp);
		md_cell(out, tmp.buf);
		sb_puts(out, " | ");
		for (size_t k = 0; k < it->nblock; k++) {
			sb_reset(&tmp);
			describe_blocker(blockers(rv, it)[k], &tmp);
			if (k)
				sb_puts(out, "<br>"); /* a line break inside a table cell */
			md_cell(out, tmp.buf);
		}
		sb_puts(out, " | ");
		sb_reset(&tmp);
		next_action(rv, it, &tmp);
		md_cell(out, tmp.buf);
		sb_puts(out, " |\n");
	}
	sb_release(&tmp);
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jdate(cg_date d)
{
	char buf[11];
	if (d == CG_DATE_NONE)
		return json_null();
	date_format(d, buf);
	return json_string(buf);
}

static json_t *justification_json(const struct review_item *it, cg_date as_of)
{
	const struct jverdict *v = &it->verdict;
	const struct justification *j = v->j;
	if (!j)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(j->file));
	json_object_set_new(o, "line", json_integer(j->line));
	json_object_set_new(o, "requested_by", jstr(j->requested_by));
	json_object_set_new(o, "approver", jstr(j->approver));
	json_object_set_new(o, "approved_on", jdate(j->approved_on));
	json_object_set_new(o, "expires", jdate(j->expires));
	json_object_set_new(o, "valid_until", jdate(v->valid_until));
	json_object_set_new(o, "days_left",
	                    v->valid_until == CG_DATE_NONE ? json_null()
	                                                   : json_integer(v->valid_until - as_of));
	json_object_set_new(o, "approval", jstr(j->approval));
	json_object_set_new(o, "signed_by", jstr(v->signer));
	json_object_set_new(o, "keyid", jstr(v->signer_keyid));
	return o;
}

static json_t *item_json(const struct review_ctx *c, const struct review_item *it)
{
	const struct jverdict *v = &it->verdict;
	const struct asset *a = it->asset;
	json_t *o = json_object();
	json_object_set_new(o, "state", json_string(jstate_name(v->state)));
	json_object_set_new(o, "asset", json_string(a->id));
	json_object_set_new(o, "location",
	                    json_pack("{s:s, s:i}", "file", a->file, "line", a->line));
	json_object_set_new(o, "status", json_string(status_name(a->status)));
	json_object_set_new(o, "quantity", json_integer(a->quantity));
	json_object_set_new(o, "model", json_string(a->model));
	json_object_set_new(o, "chip", it->chip ? json_string(it->chip->id) : json_null());
	json_object_set_new(o, "order", jstr(a->order));
	json_object_set_new(o, "policy", json_string(policy_id(it->pack)));
	json_object_set_new(o, "rule", json_string(it->rule->id));
	json_t *f = json_array();
	for (size_t i = 0; i < it->nfields; i++)
		json_array_append_new(f, json_string(it->fields[i]));
	json_object_set_new(o, "required_fields", f);
	json_object_set_new(o, "signed_approval", json_boolean(it->signed_approval));
	json_object_set_new(o, "records", json_integer((json_int_t)v->nrecords));
	json_object_set_new(o, "justification", justification_json(it, c->pl->as_of));
	json_t *rs = json_array();
	for (size_t i = 0; i < v->nreasons; i++)
		json_array_append_new(
		    rs, json_pack("{s:s, s:o, s:s}", "state", jstate_name(v->reasons[i].state),
		                  "field", jstr(v->reasons[i].field), "text", v->reasons[i].text));
	json_object_set_new(o, "reasons", rs);
	struct strbuf tmp = STRBUF_INIT;
	next_action(c->rv, it, &tmp);
	json_object_set_new(o, "next", tmp.len ? json_string(tmp.buf) : json_null());
	json_object_set_new(o, "cleared", json_boolean(it->cleared));
	json_t *bs = json_array();
	for (size_t i = 0; i < it->nblock; i++) {
		const struct finding *b = blockers(c->rv, it)[i];
		sb_reset(&tmp);
		report_put_message(&tmp, b);
		json_array_append_new(
		    bs, json_pack("{s:s, s:s, s:s, s:s}", "rule", b->ctx->rule->id, "policy",
				  b->ctx->rule->policy, "severity",
				  severity_name((enum severity)b->severity), "message", sb_str(&tmp)));
	}
	json_object_set_new(o, "blocking", bs);
	sb_release(&tmp);
	return o;
}

static int write_json(const struct review_ctx *c, struct strbuf *out)
{
	const struct review *rv = c->rv;
	size_t counts[JSTATE_COUNT];
	count_states(rv, counts);
	json_t *root = json_object();
	json_object_set_new(root, "schema", json_string("chipgate.review/1"));
	json_object_set_new(
	    root, "tool", json_pack("{s:s, s:s}", "name", "chipgate", "version", CHIPGATE_VERSION));
	json_object_set_new(root, "as_of", json_string(c->as_of));
	json_t *pols = json_array();
	for (size_t i = 0; i < c->r->npolicies; i++) {
		const struct report_policy *p = &c->r->policies[i];
		json_array_append_new(pols, json_pack("{s:s, s:s, s:s}", "id", p->id, "version",
		                                      p->version, "jurisdiction", p->jurisdiction));
	}
	json_object_set_new(root, "policies", pols);
	json_object_set_new(root, "verdict", json_string(c->cleared == rv->n ? "pass" : "fail"));
	json_object_set_new(root, "fail_on", json_string(severity_name(c->fail_on)));
	json_t *sum = json_object();
	json_object_set_new(sum, "orders", json_integer((json_int_t)rv->n));
	for (int s = 0; s < JSTATE_COUNT; s++)
		json_object_set_new(sum, jstate_name((enum jstate)s),
		                    json_integer((json_int_t)counts[s]));
	json_object_set_new(sum, "cleared", json_integer((json_int_t)c->cleared));
	json_object_set_new(sum, "blocked", json_integer((json_int_t)c->blocked));
	json_object_set_new(root, "summary", sum);
	json_t *items = json_array();
	for (size_t i = 0; i < rv->n; i++)
		json_array_append_new(items, item_json(c, &rv->items[i]));
	json_object_set_new(root, "orders", items);
	char *text =
	    json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!text)
		return -1;
	sb_puts(out, text);
	sb_putc(out, '\n');
	free(text);
	return 0;
}

/* ---- HTML ------------------------------------------------------------------------ */

#define esc report_xml_escape

static const char HTML_CSS[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1f2328;"
    "margin:0;background:#f6f8fa}\n"
    ".page{max-width:1200px;margin:0 auto;padding:24px}\n"
    ".box{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px 20px;"
    "margin:16px 0}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}\n"
    ".verdict{display:inline-block;padding:2px 12px;border-radius:12px;color:#fff;"
    "font-weight:600}\n"
    ".fail{background:#cf222e}.pass{background:#1a7f37}\n"
    ".meta{color:#57606a}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}\n"
    ".card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:90px}\n"
    ".card b{display:block;font-size:22px}.card.ok b{color:#1a7f37}.card.no b{color:#cf222e}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0}\n"
    "th,td{border-bottom:1px solid #d8dee4;padding:5px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f6f8fa;font-weight:600}\n"
    "code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}\n"
    ".hash{word-break:break-all}.nw{white-space:nowrap}\n"
    ".st{display:inline-block;padding:0 6px;border-radius:4px;border:1px solid #d0d7de}\n"
    ".st.cleared{background:#dafbe1;border-color:#4ac26b}"
    ".st.blocked,.st.open{background:#ffebe9;border-color:#ff8182}\n"
    ".sev{font-weight:600}.sev.error{color:#cf222e}.sev.warning{color:#9a6700}"
    ".sev.info{color:#0969da}\n"
    "ul{margin:0;padding-left:18px}\n"
    ".note{color:#57606a;font-size:12px;display:block}\n"
    ".foot{color:#57606a;font-size:12px;text-align:center;margin:16px}\n";

static void html_card(struct strbuf *sb, const char *cls, size_t n, const char *label)
{
	sb_printf(sb, "<div class=\"card %s\"><b>%zu</b>%s</div>", cls, n, label);
}

static void html_summary(const struct review_ctx *c, struct strbuf *sb)
{
	const struct review *rv = c->rv;
	bool pass = c->cleared == rv->n;
	struct strbuf tmp = STRBUF_INIT;
	sb_printf(sb,
		  "<div class=\"box\" id=\"summary\">\n<h1>Procurement review <span class=\"verdict %s\">"
		  "%s</span></h1>\n<p class=\"meta\">as of %s &middot; fail on <b>%s</b> &middot; "
		  "policies: ",
		  pass ? "pass" : "fail", pass ? "PASS" : "FAIL", c->as_of, severity_name(c->fail_on));
	policies_line(c->r, &tmp);
	esc(sb, sb_str(&tmp));
	sb_printf(sb, " &middot; %zu pending order%s need%s a justification", rv->n,
		  rv->n == 1 ? "" : "s", rv->n == 1 ? "s" : "");
	if (rv->n) {
		sb_reset(&tmp);
		counts_line(rv, &tmp);
		sb_puts(sb, ": ");
		esc(sb, sb_str(&tmp));
	}
	sb_puts(sb, "</p>\n<div class=\"cards\">");
	html_card(sb, "ok", c->cleared, "cleared");
	html_card(sb, "no", rv->n - c->cleared, "not cleared");
	html_card(sb, "no", c->blocked, "blocked by other findings");
	sb_puts(sb, "</div>\n<p>");
	sb_reset(&tmp);
	if (rv->n)
		review_cleared_line(c, &tmp);
	else
		sb_puts(&tmp, "No pending order needs a justification");
	esc(sb, sb_str(&tmp));
	sb_puts(sb, ".</p>\n</div>\n");
	sb_release(&tmp);
}

/* One order: verdict, asset, order, rule, justification, blockers, next. */
static void html_order(const struct review_ctx *c, const struct review_item *it, struct strbuf *tmp,
		       struct strbuf *sb)
{
	const struct jverdict *v = &it->verdict;
	sb_printf(sb, "<tr><td><span class=\"st %s\">",
		  it->cleared ? "cleared" : it->nblock ? "blocked" : "open");
	sb_reset(tmp);
	verdict_words(c->rv, it, tmp);
	esc(sb, sb_str(tmp));
	sb_puts(sb, "</span></td><td class=\"nw\"><code>");
	esc(sb, it->asset->id);
	sb_puts(sb, "</code><span class=\"note mono\">");
	esc(sb, it->asset->file);
	sb_printf(sb, ":%d</span></td><td>", it->asset->line);
	sb_reset(tmp);
	describe_order(it, tmp);
	esc(sb, sb_str(tmp));
	sb_puts(sb, "</td><td class=\"nw\"><code>");
	esc(sb, it->rule->id);
	sb_puts(sb, "</code><span class=\"note\">");
	esc(sb, policy_id(it->pack));
	sb_puts(sb, "</span></td><td>");
	if (jstate_satisfied(v->state)) {
		sb_reset(tmp);
		describe_valid(it, c->pl->as_of, tmp);
		esc(sb, sb_str(tmp));
	} else {
		for (size_t k = 0; k < v->nreasons; k++) {
			sb_puts(sb, k ? "<li>" : "<ul><li>");
			esc(sb, v->reasons[k].text);
			sb_puts(sb, k + 1 < v->nreasons ? "</li>" : "</li></ul>");
		}
		if (v->j) {
			sb_puts(sb, "<span class=\"note mono\">");
			esc(sb, v->j->file);
			sb_printf(sb, ":%d%s</span>", v->j->line,
				  v->nrecords > 1 ? " (the best of several)" : "");
		}
	}
	sb_puts(sb, "</td><td>");
	if (it->nblock)
		sb_puts(sb, "<ul>");
	for (size_t k = 0; k < it->nblock; k++) {
		const struct finding *f = blockers(c->rv, it)[k];
		const char *sev = severity_name((enum severity)f->severity);
		sb_printf(sb, "<li><span class=\"sev %s\">%s</span> <code>", sev, sev);
		esc(sb, f->ctx->rule->id);
		sb_puts(sb, "</code> (");
		esc(sb, f->ctx->rule->policy);
		sb_puts(sb, "): ");
		sb_reset(tmp);
		report_put_message(tmp, f);
		esc(sb, sb_str(tmp));
		sb_puts(sb, "</li>");
	}
	if (it->nblock)
		sb_puts(sb, "</ul>");
	sb_puts(sb, "</td><td>");
	sb_reset(tmp);
	next_action(c->rv, it, tmp);
	esc(sb, sb_str(tmp));
	sb_puts(sb, "</td></tr>\n");
}

static void html_policies_inputs(const struct review_ctx *c, struct strbuf *sb)
{
	const struct report *r = c->r;
	sb_puts(sb, "<div class=\"box\" id=\"policies\">\n<h2>Policies</h2>\n");
	report_html_policies(r, sb);
	sb_puts(sb, "<h2>Inputs</h2>\n<table><tr><th>Path</th><th>Role</th>"
		    "<th>SHA-256</th></tr>\n");
	for (size_t i = 0; i < r->ninputs; i++) {
		sb_puts(sb, "<tr><td class=\"mono\">");
		esc(sb, r->inputs[i].path);
		sb_puts(sb, "</td><td>");
		esc(sb, r->inputs[i].role);
		sb_puts(sb, "</td><td class=\"mono hash\">");
		esc(sb, r->inputs[i].sha256);
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</table>\n</div>\n");
}

/* One self-contained page for a ticket: a Content-Security-Policy of
 * default-src 'none' tells the browser, too, that it loads nothing. Only
 * elements HTML 4 knows as well, so that `xmllint --html` checks it. */
static void write_html(const struct review_ctx *c, struct strbuf *sb)
{
	const struct review *rv = c->rv;
	struct strbuf tmp = STRBUF_INIT;
	sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	sb_printf(sb,
		  "<title>chipgate review: %s, as of %s</title>\n<style>\n%s</style>\n</head>\n"
		  "<body>\n<div class=\"page\">\n",
		  c->cleared == rv->n ? "PASS" : "FAIL", c->as_of, HTML_CSS);
	html_summary(c, sb);
	if (rv->n) {
		sb_puts(sb, "<div class=\"box\" id=\"orders\">\n<h2>Orders, most urgent first</h2>\n"
			    "<table><tr><th>Verdict</th><th>Asset</th><th>Order</th><th>Rule</th>"
			    "<th>Justification</th><th>Blocked by</th><th>Next</th></tr>\n");
		for (size_t i = 0; i < rv->n; i++)
			html_order(c, &rv->items[i], &tmp, sb);
		sb_puts(sb, "</table>\n</div>\n");
	}
	html_policies_inputs(c, sb);
	sb_printf(sb,
		  "</div>\n<p class=\"foot\">chipgate %s &middot; review schema chipgate.review/1"
		  "</p>\n</body>\n</html>\n",
		  CHIPGATE_VERSION);
	sb_release(&tmp);
}

/* Render the review in FMT into OUT; 0, or EXIT_ERROR after saying why. */
int review_render(const struct review_ctx *cx, enum review_format fmt, struct strbuf *out)
{
	switch (fmt) {
	case RF_JSON:
		return write_json(cx, out) == 0 ? 0 : cli_error("cannot render the review as JSON");
	case RF_MARKDOWN: write_markdown(cx, out); return 0;
	case RF_HTML: write_html(cx, out); return 0;
	default: write_text(cx, out); return 0;
	}
}
