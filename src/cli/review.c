/* chipgate review: the pending orders (status ordered or planned) that a
 * `require = "justification"` rule applies to, each with the state of its
 * justification — missing, incomplete, approval invalid, expired, awaiting
 * approval, weak, expiring, approved — and why, most urgent first, as
 * text, JSON or Markdown. Exit 0 when every one is approved (or expiring),
 * 1 otherwise, 2 on an error. The verdicts come from the engine's own
 * function (engine_review); this file only words them. */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

enum rformat { RF_TEXT, RF_JSON, RF_MARKDOWN };

struct ctx {
	const struct pipeline *pl;
	const struct report *r; /* the packs applied, as the engine registered them */
	const struct review *rv;
	char as_of[11];
};

/* "ordered 512 x NVIDIA H20 (PO-2025-0903)" */
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
		sb_printf(out, ", signature verified (keyid %.16s)", v->signer_keyid);
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
		if (approver_unfit(v))
			sb_printf(out, "name an approver %sother than the requester at %s:%d",
			          it->signed_approval ? "the pack lists, " : "", j->file, j->line);
		else if (it->signed_approval && j->approver && *j->approver)
			sb_printf(out, "%s signs: chipgate approve -k KEY%s%s %s %s", j->approver,
			          v->nrecords > 1 ? " -r " : "",
			          v->nrecords > 1 ? it->rule->id : "", it->asset->id, j->file);
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

static void count_states(const struct review *rv, size_t counts[JSTATE_COUNT], size_t *satisfied)
{
	memset(counts, 0, sizeof(size_t) * JSTATE_COUNT);
	*satisfied = 0;
	for (size_t i = 0; i < rv->n; i++) {
		counts[rv->items[i].verdict.state]++;
		*satisfied += jstate_satisfied(rv->items[i].verdict.state);
	}
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
	size_t counts[JSTATE_COUNT], ok, k = 0;
	count_states(rv, counts, &ok);
	for (int s = 0; s < JSTATE_COUNT; s++)
		if (counts[s])
			sb_printf(out, "%s%zu %s", k++ ? ", " : "", counts[s],
			          jstate_name((enum jstate)s));
}

/* ---- text ------------------------------------------------------------------ */

static void write_text(const struct ctx *c, struct strbuf *out)
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
		sb_reset(&tmp);
		next_step(it, &tmp);
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

static void write_markdown(const struct ctx *c, struct strbuf *out)
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
	if (rv->n)
		sb_puts(out, "\n| State | Asset | Order | Rule | Details | Next |\n"
		             "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rv->n; i++) {
		const struct review_item *it = &rv->items[i];
		const struct jverdict *v = &it->verdict;
		sb_printf(out, "| %s | ", jstate_name(v->state));
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
		sb_reset(&tmp);
		next_step(it, &tmp);
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

static json_t *item_json(const struct ctx *c, const struct review_item *it)
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
	struct strbuf next = STRBUF_INIT;
	next_step(it, &next);
	json_object_set_new(o, "next", next.len ? json_string(next.buf) : json_null());
	sb_release(&next);
	return o;
}

static int write_json(const struct ctx *c, struct strbuf *out)
{
	const struct review *rv = c->rv;
	size_t counts[JSTATE_COUNT], ok;
	count_states(rv, counts, &ok);
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
	json_object_set_new(root, "verdict", json_string(ok == rv->n ? "pass" : "fail"));
	json_t *sum = json_object();
	json_object_set_new(sum, "orders", json_integer((json_int_t)rv->n));
	for (int s = 0; s < JSTATE_COUNT; s++)
		json_object_set_new(sum, jstate_name((enum jstate)s),
		                    json_integer((json_int_t)counts[s]));
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

/* ---- the command ------------------------------------------------------------------- */

static int parse_rformat(const char *s, enum rformat *f)
{
	if (strcmp(s, "text") == 0)
		*f = RF_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = RF_JSON;
	else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
		*f = RF_MARKDOWN;
	else
		return -1;
	return 0;
}

const struct cli_opt cli_review_opts[] = {
	PIPE_OPT_POLICY,
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT", "print text, json or markdown (default: text)",
	 "text json markdown"},
	PIPE_OPT_AS_OF,
	PIPE_OPT_JUSTIFICATIONS,
	{0, NULL, NULL, NULL, NULL},
};

int cmd_review(int argc, char **argv)
{
	struct pipeline_opts o = {0};
	enum rformat fmt = RF_TEXT;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "review", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		if (c != 'f') {
			if (pipeline_parse_opt(&o, c, args.arg, "review") != 0)
				return EXIT_ERROR;
		} else if (parse_rformat(args.arg, &fmt) != 0) {
			return cli_usage_error("review", "unknown format '%s' (text, json, markdown)",
					       diag_excerpt(ex, sizeof(ex), args.arg, strlen(args.arg)));
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops == 0)
		return cli_usage_error("review", "no inventory given");
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, args.ops, args.nops);
	if (rc != 0) {
		pipeline_free(&pl);
		return rc;
	}
	struct report r;
	report_init(&r, pl.as_of, 0, SEV_ERROR);
	struct engine *e = engine_new(pl.pols, pl.npols, &pl.cat, &r, pl.as_of);
	struct review rv = REVIEW_INIT;
	for (size_t i = 0; i < pl.ninvs; i++)
		engine_review(e, &pl.invs[i], NULL, &rv);
	review_sort(&rv);
	struct ctx cx = {&pl, &r, &rv, ""};
	date_format(pl.as_of, cx.as_of);
	struct strbuf out = STRBUF_INIT;
	if (fmt == RF_JSON)
		rc = write_json(&cx, &out) == 0 ? 0 : cli_error("cannot render the review as JSON");
	else if (fmt == RF_MARKDOWN)
		write_markdown(&cx, &out);
	else
		write_text(&cx, &out);
	if (rc == 0) {
		if (fmt == RF_JSON || fmt == RF_MARKDOWN)
			fputs(sb_str(&out), stdout); /* escaped by their writers */
		else
			cli_put_text(sb_str(&out), stdout); /* models from inputs: no raw control */
		size_t counts[JSTATE_COUNT], ok;
		count_states(&rv, counts, &ok);
		rc = ok == rv.n ? EXIT_PASS : EXIT_FINDINGS;
	}
	sb_release(&out);
	review_release(&rv);
	engine_free(e);
	report_free(&r);
	pipeline_free(&pl);
	return cli_finish(rc);
}
