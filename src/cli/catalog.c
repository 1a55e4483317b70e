/* chipgate catalog: list the accelerators the catalog knows, show one with
 * the arithmetic behind its TPP, PD and 3A090 class, or show how a piece of
 * text (a model name or a PCI id) matches. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/pipeline.h"

static json_t *jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *chip_json(const struct chip *c)
{
	json_t *o = json_object(), *dense = json_object(), *pci = json_array(), *al = json_array(),
	       *src = json_array();
	for (int p = 0; p < PREC_COUNT; p++)
		if (!isnan(c->dense[p]))
			json_object_set_new(dense, prec_name((enum prec)p), json_real(c->dense[p]));
	for (size_t i = 0; i < c->npci; i++) {
		char buf[16];
		snprintf(buf, sizeof(buf), "%04x:%04x", c->pci[i] >> 16, c->pci[i] & 0xffff);
		json_array_append_new(pci, json_string(buf));
	}
	for (size_t i = 0; i < c->naliases; i++)
		json_array_append_new(al, json_string(c->aliases[i]));
	for (size_t i = 0; i < c->nsources; i++)
		json_array_append_new(src, json_string(c->sources[i]));
	json_object_set_new(o, "id", json_string(c->id));
	json_object_set_new(o, "vendor", json_string(c->vendor->name));
	json_object_set_new(o, "vendor_country", json_string(c->vendor->country));
	json_object_set_new(o, "model", json_string(c->model));
	json_object_set_new(o, "aliases", al);
	json_object_set_new(o, "pci", pci);
	json_object_set_new(o, "datacenter", c->datacenter == TRI_UNKNOWN
						     ? json_null()
						     : json_boolean(c->datacenter == TRI_TRUE));
	json_object_set_new(o, "dies", json_integer(c->dies));
	json_object_set_new(o, "die_area_mm2", jnum(c->die_area_mm2));
	json_object_set_new(o, "memory_gb", jnum(c->memory_gb));
	json_object_set_new(o, "memory_bw_gbs", jnum(c->memory_bw_gbs));
	json_object_set_new(o, "dense", dense);
	json_object_set_new(o, "fab_country", c->fab_country ? json_string(c->fab_country) : json_null());
	json_object_set_new(o, "tpp", jnum(c->tpp));
	json_object_set_new(o, "pd", jnum(c->pd));
	json_object_set_new(o, "eccn", json_string(eccn_name(c->eccn)));
	json_object_set_new(o, "eccn_basis", json_string(c->eccn_why));
	json_object_set_new(o, "note", c->note ? json_string(c->note) : json_null());
	json_object_set_new(o, "sources", src);
	return o;
}

/* V with DECIMALS decimals and a UNIT, or "-" when unknown. */
static void fmt_num(struct strbuf *sb, double v, int decimals, const char *unit)
{
	if (isnan(v))
		sb_puts(sb, "-");
	else
		sb_printf(sb, "%.*f%s", decimals, v, unit);
}

static int print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10) | JSON_ENSURE_ASCII);
	json_decref(j);
	if (!s)
		return cli_error("out of memory");
	puts(s);
	free(s);
	return EXIT_PASS;
}

/* The widest of the header H and column COL (0 id, 1 vendor, 2 model). */
static int list_width(const struct catalog *cat, const char *h, int col)
{
	size_t w = strlen(h);
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		const char *s = col == 0 ? c->id : col == 1 ? c->vendor->name : c->model;
		size_t n = strlen(s);
		if (n > w)
			w = n;
	}
	return w > 200 ? 200 : (int)w; /* an overlay's long name shifts its row only */
}

static int do_list(const struct catalog *cat, bool json)
{
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < cat->nchips; i++)
			json_array_append_new(arr, chip_json(cat->chips[i]));
		return print_json(arr);
	}
	int wi = list_width(cat, "ID", 0), wv = list_width(cat, "VENDOR", 1),
	    wm = list_width(cat, "MODEL", 2);
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%-*s %-*s %-*s %2s %9s %6s  %s\n", wi, "ID", wv, "VENDOR", wm, "MODEL", "CC",
		  "TPP", "PD", "ECCN");
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		sb_printf(&sb, "%-*s %-*s %-*s %2s ", wi, c->id, wv, c->vendor->name, wm, c->model,
			  c->vendor->country);
		struct strbuf n = STRBUF_INIT;
		fmt_num(&n, c->tpp, 0, "");
		sb_printf(&sb, "%9s ", sb_str(&n));
		sb_reset(&n);
		fmt_num(&n, c->pd, catalog_pd_decimals(c), "");
		sb_printf(&sb, "%6s  %s\n", sb_str(&n), eccn_name(c->eccn));
		sb_release(&n);
	}
	cli_put_text(sb_str(&sb), stdout); /* overlays are inputs */
	sb_release(&sb);
	return EXIT_PASS;
}

static void show_text(const struct chip *c, struct strbuf *sb)
{
	sb_printf(sb, "%s %s (%s)\n", c->vendor->name, c->model, c->id);
	sb_printf(sb, "vendor country: %s; fab: %s\n", c->vendor->country,
		  c->fab_country ? c->fab_country : "unknown");
	if (c->naliases) {
		sb_puts(sb, "aliases: ");
		for (size_t i = 0; i < c->naliases; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", c->aliases[i]);
		sb_putc(sb, '\n');
	}
	if (c->npci) {
		sb_puts(sb, "pci: ");
		for (size_t i = 0; i < c->npci; i++)
			sb_printf(sb, "%s%04x:%04x", i ? ", " : "", c->pci[i] >> 16, c->pci[i] & 0xffff);
		sb_putc(sb, '\n');
	}
	sb_puts(sb, "memory: ");
	fmt_num(sb, c->memory_gb, 0, " GB");
	sb_puts(sb, ", bandwidth ");
	fmt_num(sb, c->memory_bw_gbs, 0, " GB/s");
	sb_puts(sb, "; die area ");
	fmt_num(sb, c->die_area_mm2, 1, " mm2");
	if (c->dies > 1)
		sb_printf(sb, " x %d dies", c->dies);
	sb_putc(sb, '\n');
	catalog_explain_chip(c, sb);
	if (c->note)
		sb_printf(sb, "note: %s\n", c->note);
	for (size_t i = 0; i < c->nsources; i++)
		sb_printf(sb, "source: %s\n", c->sources[i]);
}

/* Resolve TEXT to one chip or explain why not (exit 2: a usage error). */
static const struct chip *resolve(const struct catalog *cat, const char *text)
{
	struct catalog_match m;
	const struct chip *c = catalog_find_id(cat, text);
	if (c)
		return c;
	catalog_match(cat, text, &m);
	if (m.chip)
		return m.chip;
	char ex[96];
	diag_excerpt(ex, sizeof(ex), text, strlen(text));
	if (m.kind == MATCH_AMBIGUOUS) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < m.nothers; i++)
			sb_printf(&sb, "%s'%s'", i ? ", " : "", m.others[i]->id);
		cli_error("'%s' is ambiguous: %s", ex, sb_str(&sb));
		sb_release(&sb);
		return NULL;
	}
	const struct chip *s = catalog_suggest(cat, text);
	if (s)
		cli_error("no accelerator matches '%s' (did you mean '%s %s'?)", ex, s->vendor->name,
			  s->model);
	else
		cli_error("no accelerator matches '%s'", ex);
	return NULL;
}

static int do_show(const struct catalog *cat, const char *text, bool json)
{
	const struct chip *c = resolve(cat, text);
	if (!c)
		return EXIT_ERROR;
	if (json)
		return print_json(chip_json(c));
	struct strbuf sb = STRBUF_INIT;
	show_text(c, &sb);
	cli_put_text(sb_str(&sb), stdout); /* overlays are inputs */
	sb_release(&sb);
	return EXIT_PASS;
}

static const char *kind_name(enum match_kind k)
{
	static const char *const n[] = {"none", "exact", "prefix", "pci", "ambiguous"};
	return n[k];
}

/* `match` always answers (exit 0 when something matched, 1 when not). */
static int do_match(const struct catalog *cat, const char *text, bool json)
{
	struct catalog_match m;
	catalog_match(cat, text, &m);
	const struct chip *sugg = m.kind == MATCH_NONE ? catalog_suggest(cat, text) : NULL;
	if (json) {
		json_t *o = json_object(), *cands = json_array();
		json_object_set_new(o, "text", json_string(text));
		json_object_set_new(o, "match", json_string(kind_name(m.kind)));
		json_object_set_new(o, "chip", m.chip ? chip_json(m.chip) : json_null());
		json_object_set_new(o, "via", m.via ? json_string(m.via) : json_null());
		for (size_t i = 0; m.kind == MATCH_AMBIGUOUS && i < m.nothers; i++)
			json_array_append_new(cands, json_string(m.others[i]->id));
		json_object_set_new(o, "candidates", cands);
		json_object_set_new(o, "suggestion", sugg ? json_string(sugg->id) : json_null());
		int rc = print_json(o);
		return rc != EXIT_PASS ? rc : m.chip ? EXIT_PASS : EXIT_FINDINGS;
	}
	char ex[96];
	diag_excerpt(ex, sizeof(ex), text, strlen(text));
	if (m.chip) {
		printf("'%s' -> %s (%s %s): %s match via '%s'; TPP ", ex, m.chip->id,
		       m.chip->vendor->name, m.chip->model, kind_name(m.kind), m.via);
		if (isnan(m.chip->tpp))
			fputs("unknown", stdout);
		else
			printf("%.0f", m.chip->tpp);
		printf(", %s\n", eccn_name(m.chip->eccn));
		return EXIT_PASS;
	}
	if (m.kind == MATCH_AMBIGUOUS) {
		printf("'%s' is ambiguous:", ex);
		for (size_t i = 0; i < m.nothers; i++)
			printf(" %s", m.others[i]->id);
		putchar('\n');
	} else if (sugg) {
		printf("'%s' matches nothing; did you mean '%s %s' (%s)?\n", ex, sugg->vendor->name,
		       sugg->model, sugg->id);
	} else {
		printf("'%s' matches nothing\n", ex);
	}
	return EXIT_FINDINGS;
}

const struct cli_opt cli_catalog_opts[] = {
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT", "print text or json (default: text)", "text json"},
	{0, NULL, NULL, NULL, NULL},
};

int cmd_catalog(int argc, char **argv)
{
	const char *overlay[PIPELINE_MAX];
	size_t noverlay = 0;
	bool json = false;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "catalog", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		if (c == 'C' && noverlay == CG_ARRAY_LEN(overlay))
			return cli_usage_error("catalog", "too many -C options (limit %d)", PIPELINE_MAX);
		if (c == 'C')
			overlay[noverlay++] = args.arg;
		else if (strcmp(args.arg, "json") == 0 || strcmp(args.arg, "text") == 0)
			json = strcmp(args.arg, "json") == 0;
		else
			return cli_usage_error("catalog", "unknown format '%s' (text or json)",
					       diag_excerpt(ex, sizeof(ex), args.arg, strlen(args.arg)));
	}
	if (c < 0)
		return EXIT_ERROR;
	const char *verb = args.nops > 0 ? args.ops[0] : "list";
	const char *arg = args.nops > 1 ? args.ops[1] : NULL;
	if (args.nops > 2)
		return cli_usage_error("catalog", "unexpected argument '%s'",
				       diag_excerpt(ex, sizeof(ex), args.ops[2], strlen(args.ops[2])));
	bool is_list = strcmp(verb, "list") == 0;
	if (!is_list && strcmp(verb, "show") != 0 && strcmp(verb, "match") != 0) {
		static const char *const verbs[] = {"list", "show", "match"};
		struct suggest sg;
		suggest_init(&sg, verb);
		for (size_t i = 0; i < CG_ARRAY_LEN(verbs); i++)
			suggest_offer(&sg, verbs[i]);
		diag_excerpt(ex, sizeof(ex), verb, strlen(verb));
		if (sg.best)
			return cli_usage_error("catalog", "unknown subcommand '%s' (did you mean '%s'?)",
					       ex, sg.best);
		return cli_usage_error("catalog", "unknown subcommand '%s' (list, show, match)", ex);
	}
	if (is_list ? arg != NULL : arg == NULL)
		return cli_usage_error("catalog", is_list ? "'list' takes no argument"
							 : "'%s' needs an argument", verb);

	struct catalog cat;
	struct diag d;
	diag_clear(&d);
	if (catalog_load_embedded(&cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = EXIT_PASS;
	for (size_t i = 0; i < noverlay; i++)
		if (catalog_overlay_file(&cat, overlay[i], &d) != 0) {
			cli_diag(&d);
			rc = EXIT_ERROR;
			goto out;
		}
	if (is_list)
		rc = do_list(&cat, json);
	else if (strcmp(verb, "show") == 0)
		rc = do_show(&cat, arg, json);
	else
		rc = do_match(&cat, arg, json);
out:
	catalog_free(&cat);
	return cli_finish(rc);
}
