/* Shared setup for check, explain and review (see pipeline.h). The order
 * is fixed: catalog, inventories, evaluation date, packs — so an input
 * error is reported before any work is done and nothing is written. */
#include "cli/pipeline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "collect/collect.h"

static int push(const char **v, size_t *n, const char *value, const char *cmd)
{
	if (*n >= PIPELINE_MAX)
		return cli_usage_error(cmd, "too many repeated options (limit %d)", PIPELINE_MAX);
	v[(*n)++] = value;
	return 0;
}

int pipeline_parse_opt(struct pipeline_opts *o, int c, const char *arg, const char *cmd)
{
	switch (c) {
	case 'p': return push(o->policies, &o->npolicies, arg, cmd);
	case 'C': return push(o->catalogs, &o->ncatalogs, arg, cmd);
	case OPT_AS_OF: o->as_of = arg; return 0;
	case OPT_JUSTIFICATIONS: o->justifications = arg; return 0;
	case OPT_SITES: o->sites = arg; return 0;
	case OPT_APPROVERS: o->approvers = arg; return 0;
	case OPT_ENABLE: return push(o->enable, &o->nenable, arg, cmd);
	case OPT_PARAM: {
		struct param_override po;
		int bad = param_override_parse(arg, &po);
		param_override_release(&po);
		if (bad) {
			char ex[96];
			return cli_usage_error(cmd, "invalid --param '%s' (expected [PACK:]NAME=VALUE)",
					       diag_excerpt(ex, sizeof(ex), arg, strlen(arg)));
		}
		return push(o->params, &o->nparams, arg, cmd);
	}
	case OPT_FORMAT_IN:
		if (inv_format_parse(arg, &o->format_in) != 0)
			return cli_usage_error(cmd, "unknown --format-in '%s' (cfg, csv, cyclonedx, osquery)",
					       arg);
		return 0;
	default: return cli_usage_error(cmd, "bad option");
	}
}

static int load_catalog(struct pipeline *pl, const struct pipeline_opts *o)
{
	struct diag d;
	if (catalog_load_embedded(&pl->cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	pl->cat_loaded = true;
	for (size_t i = 0; i < o->ncatalogs; i++)
		if (catalog_overlay_file(&pl->cat, o->catalogs[i], &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
	return 0;
}

/* Each inventory is opened and read once, in the format --format-in names
 * or the one its first bytes show -- so a pipe, a FIFO, /dev/fd/N and "-"
 * work as files do. Streamed CSV inventories (check) are only opened
 * here, those bytes kept: pipeline_run reads them. Everything else is
 * loaded whole. */
static int load_inventories(struct pipeline *pl, const struct pipeline_opts *o, char **paths,
			    size_t n)
{
	struct diag d;
	pl->invs = xcalloc(n + 1, sizeof(*pl->invs));
	pl->streamed = xcalloc(n + 1, sizeof(*pl->streamed));
	for (size_t i = 0; i < n; i++) {
		enum inv_format used = INVFMT_AUTO;
		if (inventory_open_any(&pl->invs[i], paths[i], o->format_in, &pl->cat, o->only_id,
				       o->stream, &used, &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
		pl->streamed[i] = o->stream && used == INVFMT_CSV;
		pl->invs[i].no_digest = pl->streamed[i] && o->no_digest;
		pl->ninvs++;
		if (pl->invs[i].note) { /* a BOM's devices that are not accelerators */
			struct strbuf sb = STRBUF_INIT;
			sb_printf(&sb, "chipgate: note: %s: %s", paths[i], pl->invs[i].note);
			cli_put_text(sb_str(&sb), stderr);
			fputc('\n', stderr);
			sb_release(&sb);
		}
		if (o->justifications &&
		    inventory_load_justifications(&pl->invs[i], o->justifications, &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
		if (o->sites && inventory_load_sites_csv(&pl->invs[i], o->sites, &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
	}
	return 0;
}

/* --param: parsed, applied by policy_load_with, and every one must name a
 * parameter of a pack applied. --enable: every id must name a rule. */
static int apply_options(struct pipeline *pl, const struct pipeline_opts *o)
{
	struct diag d;
	for (size_t i = 0; i < pl->nparams; i++)
		if (pl->params[i].used == 0) {
			params_unknown(pl->pols, pl->npols, &pl->params[i], &d);
			cli_diag(&d);
			return EXIT_ERROR;
		}
	for (size_t i = 0; i < o->nenable; i++) {
		size_t hit = 0;
		for (size_t p = 0; p < pl->npols; p++)
			hit += policy_enable_rule(pl->pols[p], o->enable[i]) == 0;
		if (hit)
			continue;
		char ex[96];
		const char *s = policy_suggest_rule(pl->pols, pl->npols, o->enable[i]);
		diag_excerpt(ex, sizeof(ex), o->enable[i], strlen(o->enable[i]));
		if (s)
			return cli_error("--enable '%s': no such rule in the packs applied (did you mean "
					 "'%s'?)",
					 ex, s);
		return cli_error("--enable '%s': no such rule in the packs applied", ex);
	}
	return 0;
}

/* --as-of, else the inventories' as_of (which must agree), else today. */
static int decide_as_of(struct pipeline *pl, const struct pipeline_opts *o)
{
	if (o->as_of) {
		if (date_parse(o->as_of, &pl->as_of) != 0) {
			char ex[96];
			return cli_error("invalid --as-of '%s' (expected YYYY-MM-DD, a real date)",
					 diag_excerpt(ex, sizeof(ex), o->as_of, strlen(o->as_of)));
		}
		return 0;
	}
	pl->as_of = CG_DATE_NONE;
	const struct inventory *first = NULL;
	for (size_t i = 0; i < pl->ninvs; i++) {
		const struct inventory *inv = &pl->invs[i];
		if (inv->as_of == CG_DATE_NONE)
			continue;
		if (first && inv->as_of != pl->as_of) {
			char a[11], b[11];
			date_format(pl->as_of, a);
			date_format(inv->as_of, b);
			return cli_error("%s and %s give different as_of dates (%s, %s); pass --as-of",
					 first->path, inv->path, a, b);
		}
		first = inv;
		pl->as_of = inv->as_of;
	}
	if (pl->as_of == CG_DATE_NONE) {
		if (time_now_epoch() < 0)
			return cli_error("invalid SOURCE_DATE_EPOCH '%s'", getenv("SOURCE_DATE_EPOCH"));
		pl->as_of = date_today();
	}
	return 0;
}

/* -p, else the packs the inventory headers name, else the embedded packs
 * for the inventories' jurisdictions. Duplicates are applied once. */
static size_t choose_packs(const struct pipeline *pl, const struct pipeline_opts *o,
			   const char **names, size_t max)
{
	size_t n = 0;
	/* an embedded pack by its own name: "cn-cac-2025" is "cn-cac" */
	#define ADD(s)                                                      \
		do {                                                        \
			const char *s_ = policy_embedded_name(s);           \
			if (!s_)                                            \
				s_ = (s);                                   \
			bool dup_ = false;                                  \
			for (size_t k_ = 0; k_ < n; k_++)                   \
				dup_ = dup_ || strcmp(names[k_], s_) == 0;  \
			if (!dup_ && n < max)                               \
				names[n++] = s_;                            \
		} while (0)
	for (size_t i = 0; i < o->npolicies; i++)
		ADD(o->policies[i]);
	if (n)
		return n;
	for (size_t i = 0; i < pl->ninvs; i++)
		for (size_t j = 0; j < pl->invs[i].npolicies; j++)
			ADD(pl->invs[i].policies[j]);
	if (n)
		return n;
	for (size_t i = 0; i < pl->ninvs; i++) {
		const char *emb[8];
		size_t k = pl->invs[i].jurisdiction ? policy_embedded_for(pl->invs[i].jurisdiction, emb, 8) : 0;
		for (size_t j = 0; j < k; j++)
			ADD(emb[j]);
	}
	#undef ADD
	return n;
}

int pipeline_load(struct pipeline *pl, const struct pipeline_opts *o, char **inventories, size_t n)
{
	memset(pl, 0, sizeof(*pl));
	int rc;
	/* a companion's records name assets of one inventory; applied to
	 * several, each would report the others' records as stale */
	if (o->justifications && n > 1)
		return cli_error("--justifications applies to a single inventory (%zu given)", n);
	if (o->sites && n > 1)
		return cli_error("--sites applies to a single inventory (%zu given)", n);
	for (size_t i = 0; i < o->nparams; i++)
		param_override_parse(o->params[i], &pl->params[pl->nparams++]);
	if ((rc = load_catalog(pl, o)) != 0 || (rc = load_inventories(pl, o, inventories, n)) != 0 ||
	    (rc = decide_as_of(pl, o)) != 0)
		return rc;
	/* the first streamed CSV is read ahead while the packs load: a
	 * fleet's check then starts evaluating with rows waiting */
	for (size_t i = 0; i < pl->ninvs; i++)
		if (pl->streamed[i]) {
			struct diag d;
			if (csv_stream_begin(&pl->invs[i], &d) != 0) {
				cli_diag(&d);
				return EXIT_ERROR;
			}
			break;
		}
	const char *names[PIPELINE_MAX];
	size_t np = choose_packs(pl, o, names, PIPELINE_MAX);
	if (np == 0) /* a gate that applied nothing must not pass */
		return cli_error("no policy pack applies: give one with -p, list it in the inventory's "
				 "'policies', or set its 'jurisdiction' (embedded packs: cn-cac for CN, us-ear "
				 "for US)");
	struct diag_list errs = {0};
	struct policy_options popt = {pl->params, pl->nparams, NULL, NULL, 0, 0};
	if ((rc = pipeline_read_approvers(pl, o, &popt)) != 0)
		return rc;
	for (size_t i = 0; i < np; i++) {
		struct policy *p = policy_load_with(names[i], &pl->cat, &popt, &errs);
		if (p)
			pl->pols[pl->npols++] = p;
	}
	for (size_t i = 0; i < pl->npols && !errs.n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(policy_id(pl->pols[i]), policy_id(pl->pols[j])) == 0) {
				struct diag d;
				diag_set(&d, policy_source(pl->pols[i]), 0, 0,
					 "policy id '%s' is also used by %s", policy_id(pl->pols[i]),
					 policy_source(pl->pols[j]));
				diag_list_push(&errs, &d);
			}
	if (errs.n) {
		/* one line (DESIGN §3): the first error; `lint` lists them all */
		cli_diag(&errs.v[0]);
		diag_list_release(&errs);
		return EXIT_ERROR;
	}
	diag_list_release(&errs);
	if ((rc = pipeline_approvers_used(pl->pols, pl->npols, o, &popt)) != 0)
		return rc;
	return apply_options(pl, o);
}

int pipeline_read_approvers(struct pipeline *pl, const struct pipeline_opts *o,
			    struct policy_options *popt)
{
	struct diag d;
	if (!o->approvers)
		return 0;
	if (file_read_text(o->approvers, &pl->approvers_text, &pl->approvers_len, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	sha256_hex(pl->approvers_text, pl->approvers_len, pl->approvers_sha256);
	popt->approvers = o->approvers;
	popt->approvers_text = pl->approvers_text;
	popt->approvers_len = pl->approvers_len;
	return 0;
}

int pipeline_approvers_used(struct policy *const *pols, size_t n, const struct pipeline_opts *o,
			    const struct policy_options *popt)
{
	if (!o->approvers || popt->approvers_used)
		return 0;
	struct strbuf ids = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sb_printf(&ids, "%s%s", i ? ", " : "", policy_id(pols[i]));
	cli_error("--approvers %s: every pack applied (%s) lists approvers of its own, and a pack's "
		  "own list is the one used",
		  o->approvers, sb_str(&ids));
	sb_release(&ids);
	return EXIT_ERROR;
}

void pipeline_inputs(const struct pipeline *pl, const struct pipeline_opts *o, struct report *r)
{
	for (size_t i = 0; i < pl->ninvs; i++)
		report_add_input(r, pl->invs[i].path, "inventory", pl->invs[i].sha256);
	for (size_t i = 0; i < pl->npols; i++)
		report_add_input(r, policy_source(pl->pols[i]), "policy", policy_sha256(pl->pols[i]));
	report_add_input(r, pl->cat.source, "catalog", pl->cat.sha256);
	for (size_t i = 0; i < pl->cat.noverlays; i++)
		report_add_input(r, pl->cat.overlays[i], "catalog", pl->cat.overlay_sha256[i]);
	/* the digest of the bytes that were read: a pipe cannot be read twice */
	if (o->justifications && pl->ninvs && pl->invs[0].just_path)
		report_add_input(r, o->justifications, "justifications", pl->invs[0].just_sha256);
	if (o->sites && pl->ninvs && pl->invs[0].sites_path)
		report_add_input(r, o->sites, "sites", pl->invs[0].sites_sha256);
	if (o->approvers && pl->approvers_text)
		report_add_input(r, o->approvers, "approvers", pl->approvers_sha256);
}

struct cli_input *pipeline_input_files(const struct pipeline *pl, const struct pipeline_opts *o,
				       size_t *n)
{
	struct cli_input *v = xcalloc(pl->ninvs + pl->npols + pl->cat.noverlays + 4, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < pl->ninvs; i++)
		v[k++] = (struct cli_input){pl->invs[i].path, "the inventory"};
	for (size_t i = 0; i < pl->npols; i++)
		v[k++] = (struct cli_input){policy_source(pl->pols[i]), "the policy pack"};
	for (size_t i = 0; i < pl->cat.noverlays; i++)
		v[k++] = (struct cli_input){pl->cat.overlays[i], "the catalog overlay"};
	if (o->justifications)
		v[k++] = (struct cli_input){o->justifications, "the justifications file"};
	if (o->sites)
		v[k++] = (struct cli_input){o->sites, "the sites file"};
	if (o->approvers)
		v[k++] = (struct cli_input){o->approvers, "the approvers file"};
	*n = k;
	return v;
}

/* ---- streaming ------------------------------------------------------------ */

struct stream {
	struct engine *e;
	const char *path;
	unsigned long long rows;
	double t0, last;
	bool tty, shown;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rows read and the rate, on a terminal only, at most twice a second. */
static void progress(struct stream *s, bool done)
{
	double t = now_seconds(), el = t - s->t0;
	if (!done && t - s->last < 0.5)
		return;
	if (done && !s->shown)
		return;
	s->last = t;
	s->shown = true;
	fprintf(stderr, "\rchipgate: %s: %llu rows%s (%.2fM rows/s)\033[K%s", s->path, s->rows,
		done ? " read" : "", el > 0 ? (double)s->rows / el / 1e6 : 0.0, done ? "\n" : "");
}

static int stream_asset(void *ctx, const struct asset *a, struct diag *d)
{
	(void)d;
	struct stream *s = ctx;
	engine_asset(s->e, a);
	if ((++s->rows & 0xffff) == 0 && s->tty)
		progress(s, false);
	return 0;
}

/* The digest of a streamed file is known only once it was read. */
static void set_input_digest(struct report *r, const struct inventory *inv)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i].path, inv->path) == 0 && strcmp(r->inputs[i].role, "inventory") == 0)
			memcpy(r->inputs[i].sha256, inv->sha256, sizeof(inv->sha256));
}

int pipeline_run(struct pipeline *pl, struct report *r)
{
	struct engine *e = engine_new(pl->pols, pl->npols, &pl->cat, r, pl->as_of);
	int rc = 0;
	for (size_t i = 0; i < pl->ninvs && rc == 0; i++) {
		struct inventory *inv = &pl->invs[i];
		engine_begin_inventory(e, inv);
		if (pl->streamed[i]) {
			struct diag d;
			struct stream s = {.e = e, .path = inv->path, .tty = isatty(2) != 0};
			s.t0 = s.last = now_seconds();
			if (csv_stream(inv, stream_asset, &s, &d) != 0) {
				if (s.shown)
					fputs("\n", stderr);
				cli_diag(&d);
				rc = EXIT_ERROR;
				break;
			}
			progress(&s, true);
			set_input_digest(r, inv);
		} else {
			for (size_t j = 0; j < inv->nassets; j++)
				engine_asset(e, &inv->assets[j]);
		}
		engine_end_inventory(e);
	}
	if (rc == 0)
		engine_finish(e);
	engine_free(e);
	if (rc == 0)
		report_finish(r);
	return rc;
}

void pipeline_free(struct pipeline *pl)
{
	for (size_t i = 0; i < pl->nparams; i++)
		param_override_release(&pl->params[i]);
	for (size_t i = 0; i < pl->npols; i++)
		policy_free(pl->pols[i]);
	for (size_t i = 0; i < pl->ninvs; i++)
		inventory_free(&pl->invs[i]);
	free(pl->invs);
	free(pl->streamed);
	free(pl->approvers_text);
	if (pl->cat_loaded)
		catalog_free(&pl->cat);
	memset(pl, 0, sizeof(*pl));
}

int pipeline_no_asset(const struct pipeline *pl, const char *id)
{
	char ex[96], near_ex[96];
	struct suggest s;
	suggest_init(&s, id);
	for (size_t i = 0; i < pl->ninvs; i++) {
		for (size_t k = 0; k < pl->invs[i].nassets; k++)
			suggest_offer(&s, pl->invs[i].assets[k].id);
		suggest_offer(&s, pl->invs[i].near_id); /* a CSV's rows not kept */
	}
	diag_excerpt(ex, sizeof(ex), id, strlen(id));
	if (!s.best)
		return cli_error("no asset '%s' in the inventories given", ex);
	return cli_error("no asset '%s' in the inventories given (did you mean '%s'?)", ex,
			 diag_excerpt(near_ex, sizeof(near_ex), s.best, strlen(s.best)));
}
