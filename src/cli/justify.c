/* chipgate justify: write a libconfig justification skeleton for one
 * order — a `justifications = ( ... );` list with one record per
 * `require = "justification"` rule the asset triggers, holding every field
 * the rule requires and `alternatives` pre-filled with the catalog chips
 * that are domestic for the rule's pack, closest to the ordered chip
 * first, each with its figures in a comment. To stdout, or atomically to
 * -o FILE. The skeleton loads as it is (dates and the approval path are
 * left commented out), so `review` can be run on it at once. An asset no
 * justification rule applies to is an error (exit 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

/* Alternatives written as list items; the rest are listed commented out. */
#define JUSTIFY_ALTERNATIVES 5

static bool is_required(const struct review_item *it, const char *field)
{
	for (size_t i = 0; i < it->nfields; i++)
		if (strcmp(it->fields[i], field) == 0)
			return true;
	return false;
}

/* A libconfig string literal: quotes, backslashes and control bytes escaped. */
static void cfg_quote(struct strbuf *out, const char *s)
{
	sb_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sb_printf(out, "\\%c", c);
		else if (c == '\n')
			sb_puts(out, "\\n");
		else if (c == '\t')
			sb_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sb_printf(out, "\\x%02x", c);
		else
			sb_putc(out, (char)c);
	}
	sb_putc(out, '"');
}

/* Text for a comment: one line, no control bytes. */
static void comment_text(struct strbuf *out, const char *s)
{
	for (; s && *s; s++)
		sb_putc(out, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* TEXT as "  # " comment lines of at most about 78 columns. */
static void comment_wrapped(struct strbuf *out, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strlen(p), cut = n;
		if (n > 74) {
			cut = 74;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = n;
		}
		sb_puts(out, "  # ");
		sb_add(out, p, cut);
		sb_putc(out, '\n');
		p += cut;
		while (*p == ' ')
			p++;
	}
}

static void figure(struct strbuf *out, const char *label, double v, const char *unit)
{
	if (isnan(v))
		sb_printf(out, "%s ?%s", label, unit);
	else
		sb_printf(out, "%s %g%s", label, v, unit);
}

/* "Huawei Ascend 910B: TPP 5120, FP16 320 TFLOPS, memory 64 GB", or with
 * PARENS "Huawei Ascend 910B (TPP ...)". */
static void chip_figures(struct strbuf *out, const struct chip *c, bool parens)
{
	comment_text(out, c->vendor->name);
	sb_putc(out, ' ');
	comment_text(out, c->model);
	sb_puts(out, parens ? " (" : ": ");
	figure(out, "TPP", c->tpp, "");
	figure(out, ", FP16", chip_tflops_fp16(c), " TFLOPS");
	figure(out, ", memory", c->memory_gb, " GB");
	if (parens)
		sb_putc(out, ')');
}

static void write_alternatives(struct strbuf *out, const struct review_item *it,
                               const struct catalog *cat)
{
	struct alternative *alts;
	size_t n = policy_domestic_alternatives(it->pack, cat, it->chip, &alts);
	sb_printf(out, "    # Catalog chips domestic for %s, closest first to the ordered ",
	          policy_jurisdiction(it->pack));
	if (it->chip)
		chip_figures(out, it->chip, true);
	else
		sb_puts(out, "chip (its model is not in the catalog: no figures to compare)");
	sb_putc(out, '\n');
	sb_puts(out,
	        "    # (distance: the mean |ln(alternative / ordered)| over TPP, FP16 and memory\n"
	        "    # known for both; unknown figures last). Keep those you evaluated.\n");
	size_t shown = n < JUSTIFY_ALTERNATIVES ? n : JUSTIFY_ALTERNATIVES;
	sb_puts(out, "    alternatives = [");
	for (size_t i = 0; i < n; i++) {
		struct strbuf line = STRBUF_INIT;
		if (i == shown)
			sb_puts(out, "\n      # further domestic chips:");
		sb_puts(&line, i < shown ? "" : "# ");
		cfg_quote(&line, alts[i].chip->id);
		if (i + 1 < shown)
			sb_putc(&line, ',');
		sb_printf(out, "\n      %-30s # ", line.buf);
		chip_figures(out, alts[i].chip, false);
		if (isnan(alts[i].distance))
			sb_puts(out, "; distance unknown");
		else
			sb_printf(out, "; distance %.2f", alts[i].distance);
		if (alts[i].unknown)
			sb_printf(out, " (%d figure%s unknown)", alts[i].unknown,
			          alts[i].unknown == 1 ? "" : "s");
		sb_release(&line);
	}
	sb_puts(out, n ? "\n    ];\n" : " ];   # the catalog knows no domestic chip\n");
	free(alts);
}

static void write_need(struct strbuf *out, const struct chip *c)
{
	if (!c)
		return;
	struct strbuf g = STRBUF_INIT;
	double v[3] = {chip_tflops_fp16(c), c->tpp, c->memory_gb};
	const char *name[3] = {"tflops_fp16", "tpp", "memory_gb"};
	for (int i = 0; i < 3; i++)
		if (!isnan(v[i]))
			sb_printf(&g, " %s = %.1f;", name[i], v[i]);
	if (g.len)
		sb_printf(
		    out,
		    "    # State what the workload needs; a named alternative that meets it makes\n"
		    "    # the justification weak. The ordered chip has:\n"
		    "    # need = {%s };\n",
		    g.buf);
	sb_release(&g);
}

static void line_field(struct strbuf *out, const struct review_item *it, const char *field,
                       bool commented, const char *value, const char *note)
{
	struct strbuf l = STRBUF_INIT;
	sb_printf(&l, "%s%s = %s;", commented ? "# " : "", field, value);
	sb_printf(out, "    %-32s # %s%s\n", l.buf,
	          is_required(it, field) ? "required" : "optional", note);
	sb_release(&l);
}

static bool standard(const char *f)
{
	static const char *const std[] = {"asset",   "rule",         "reason",   "alternatives",
	                                  "need",    "requested_by", "approver", "approved_on",
	                                  "expires", "approval",     NULL};
	for (size_t i = 0; std[i]; i++)
		if (strcmp(f, std[i]) == 0)
			return true;
	return false;
}

static void write_record(struct strbuf *out, const struct review_item *it,
                         const struct catalog *cat)
{
	const struct asset *a = it->asset;
	sb_printf(out, "  # %s: %s %lld x ", a->id, status_name(a->status), a->quantity);
	comment_text(out, it->chip ? it->chip->vendor->name : a->model);
	if (it->chip)
		sb_printf(out, " %s", it->chip->model);
	sb_printf(out, " (%s:%d)\n  # rule %s of %s: ", a->file, a->line, it->rule->id,
	          policy_id(it->pack));
	comment_text(out, it->rule->title);
	sb_putc(out, '\n');
	struct strbuf req = STRBUF_INIT;
	sb_puts(&req, "Requires:");
	for (size_t i = 0; i < it->nfields; i++)
		sb_printf(&req, "%s %s", i ? "," : "", it->fields[i]);
	if (!it->nfields)
		sb_puts(&req, " no field");
	if (it->max_age_days >= 0)
		sb_printf(&req, "; approved at most %lld days before the day checked",
		          it->max_age_days);
	if (it->alternatives_domestic)
		sb_printf(&req, "; every alternative domestic for %s",
		          policy_jurisdiction(it->pack));
	if (it->signed_approval && !policy_has_approvers(it->pack))
		sb_puts(&req, "; an approval signed by an approver, but no approvers are known for the "
		              "pack: give the organisation's with --approvers FILE");
	else if (it->signed_approval && policy_approvers_file(it->pack))
		sb_printf(&req, "; an approval signed by an approver %s lists (chipgate approve "
		                "--approvers %s)",
		          policy_approvers_file(it->pack), policy_approvers_file(it->pack));
	else if (it->signed_approval)
		sb_puts(&req,
		        "; an approval signed by an approver the pack lists (chipgate approve)");
	sb_putc(&req, '.');
	comment_wrapped(out, req.buf);
	sb_release(&req);
	sb_puts(out, "  { asset = ");
	cfg_quote(out, a->id);
	sb_puts(out, ";\n    rule = ");
	cfg_quote(out, it->rule->id);
	sb_puts(out, ";\n");
	line_field(out, it, "reason", false, "\"\"", ": why this chip and not a domestic one");
	write_alternatives(out, it, cat);
	write_need(out, it->chip);
	line_field(out, it, "requested_by", false, "\"\"", ": who asks for the order");
	line_field(out, it, "approver", false, "\"\"", ": who approves; not the requester");
	line_field(out, it, "approved_on", true, "\"YYYY-MM-DD\"", ", set by the approver");
	line_field(out, it, "expires", true, "\"YYYY-MM-DD\"", "");
	for (size_t i = 0; i < it->nfields; i++)
		if (!standard(it->fields[i])) {
			struct strbuf l = STRBUF_INIT;
			sb_printf(&l, "%s = \"\";", it->fields[i]);
			sb_printf(out, "    %-32s # required\n", l.buf);
			sb_release(&l);
		}
	if (it->signed_approval) {
		struct strbuf v = STRBUF_INIT, l = STRBUF_INIT;
		sb_printf(&v, "%s.approval.dsse.json", a->id);
		sb_puts(&l, "# approval = ");
		cfg_quote(&l, v.buf);
		sb_putc(&l, ';');
		sb_printf(out, "    %-32s # written by chipgate approve\n", l.buf);
		sb_release(&v);
		sb_release(&l);
	}
	sb_puts(out, "  }");
}

static int put_text(FILE *fp, const void *ctx)
{
	const struct strbuf *text = ctx;
	return fwrite(text->buf, 1, text->len, fp) == text->len ? 0 : -1;
}

static int write_output(const char *path, const struct strbuf *text)
{
	return cli_write_output(path, put_text, text);
}

const struct cli_opt cli_justify_opts[] = {
	PIPE_OPT_POLICY,
	PIPE_OPT_CATALOG,
	{'o', "output", "FILE", "write the skeleton to FILE, atomically (default: standard output)",
	 "@file"},
	PIPE_OPT_AS_OF,
	PIPE_OPT_PARAM,
	PIPE_OPT_APPROVERS,
	PIPE_OPT_ENABLE,
	{0, NULL, NULL, NULL, NULL},
};

/* Write the skeleton of the justifications the asset ID needs, from the
 * inventories of PL that have it, to OUT (NULL: stdout). Returns the exit
 * code. */
static int justify_asset(const struct pipeline *pl, const char *id, const char *out)
{
	int rc;
	struct report r;
	report_init(&r, pl->as_of, 0, SEV_ERROR);
	struct engine *e = engine_new(pl->pols, pl->npols, &pl->cat, &r, pl->as_of);
	struct review rv = REVIEW_INIT;
	size_t found = 0;
	for (size_t i = 0; i < pl->ninvs; i++) {
		const struct asset *a = inventory_find(&pl->invs[i], id);
		if (a) {
			found++;
			engine_review(e, &pl->invs[i], a, &rv);
		}
	}
	char ex[96], day[11];
	diag_excerpt(ex, sizeof(ex), id, strlen(id));
	if (!found) {
		rc = pipeline_no_asset(pl, id);
	} else if (!rv.n) {
		struct strbuf pols = STRBUF_INIT;
		for (size_t i = 0; i < pl->npols; i++)
			sb_printf(&pols, "%s%s", i ? ", " : "", policy_id(pl->pols[i]));
		rc = cli_error(
		    "asset '%s' triggers no justification rule of the packs applied (%s): "
		    "nothing to justify",
		    ex, pl->npols ? pols.buf : "none");
		sb_release(&pols);
	} else {
		struct strbuf text = STRBUF_INIT;
		date_format(pl->as_of, day);
		sb_printf(
		    &text,
		    "# Justification skeleton for '%s', written by chipgate justify as of %s.\n"
		    "# Fill it in and add the record to the inventory's `justifications` list (or\n"
		    "# pass this file with --justifications). An empty string or list, or a line\n"
		    "# left commented out, counts as missing; `chipgate review` shows what is "
		    "left.\n"
		    "justifications = (\n",
		    ex, day);
		for (size_t i = 0; i < rv.n; i++) {
			if (i)
				sb_puts(&text, ",\n\n");
			write_record(&text, &rv.items[i], &pl->cat);
		}
		sb_puts(&text, "\n);\n");
		rc = write_output(out, &text);
		sb_release(&text);
	}
	review_release(&rv);
	engine_free(e);
	report_free(&r);
	return rc;
}

int cmd_justify(int argc, char **argv)
{
	struct pipeline_opts o = {0};
	const char *out = NULL;
	struct cli_args args;
	int c;
	cli_args_init(&args, "justify", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		if (c == 'o')
			out = strcmp(args.arg, "-") == 0 ? NULL : args.arg;
		else if (pipeline_parse_opt(&o, c, args.arg, "justify") != 0)
			return EXIT_ERROR;
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops < 2)
		return cli_usage_error("justify", "need an asset id and at least one inventory");
	const char *id = args.ops[0];
	o.only_id = id;
	if (cli_check_output(out, NULL) != 0)
		return EXIT_ERROR;
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, args.ops + 1, args.nops - 1);
	if (rc == 0) {
		/* -o must not replace an inventory, a pack file or a catalog overlay */
		size_t n;
		struct cli_input *in = pipeline_input_files(&pl, &o, &n);
		rc = cli_refuse_overwrite(out, in, n);
		free(in);
	}
	if (rc == 0)
		rc = justify_asset(&pl, id, out);
	pipeline_free(&pl);
	return cli_finish(rc);
}
