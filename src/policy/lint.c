/* The pack's own tests (`tests = (...)` in a pack): each names an
 * inventory (inline text, or a path relative to the pack), optionally an
 * inline catalog overlay (for chips the catalog lacks, such as one sitting
 * exactly on a 3A090 boundary), and the exact
 * set of open findings the pack's rules must produce on it, as
 * "RULE:ASSET" (or "RULE:GROUP" for exposure breaches); "RULE:ASSET=STATUS"
 * expects a finding with that status (justified, waived). */
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

/* "RULE:ASSET", "RULE:ASSET=STATUS", for a condition that cannot be
 * decided "RULE:ASSET=indeterminate" (an exposure group that could breach
 * is an open finding of the group, as it always was), and for an open
 * finding of a watch rule "RULE:ASSET=watch". */
static void finding_key(const struct finding_fields *f, struct strbuf *sb)
{
	sb_reset(sb);
	const char *what = f->asset ? f->asset : f->group ? f->group : "";
	sb_printf(sb, "%s:%s", f->rule->id, what);
	if (f->status != FS_OPEN)
		sb_printf(sb, "=%s", fstatus_name(f->status));
	else if (f->asset && f->note && strncmp(f->note, "indeterminate", 13) == 0)
		sb_puts(sb, "=indeterminate");
	else if (f->rule->watch)
		sb_puts(sb, "=watch");
}

/* T's name, its control characters as \xNN: a name with a newline must
 * not split a one-line diagnostic or a line of the log. */
static const char *test_name(struct strbuf *sb, const struct ptest *t)
{
	sb_puts(sb, t->name);
	sb_escape_controls(sb, 0);
	return sb_str(sb);
}

/* P loaded again from its text with test T's parameters and rules on; NULL
 * with errs filled when that fails (load_tests checked the values, so it
 * should not). */
static struct policy *reload(const struct policy *p, const struct ptest *t,
			     const struct catalog *cat, struct diag_list *errs)
{
	struct param_override *po = xcalloc(t->nparams + 1, sizeof(*po));
	for (size_t i = 0; i < t->nparams; i++) {
		po[i].name = t->param_names[i];
		po[i].value = t->param_values[i];
	}
	struct policy_options opt = {.params = po, .nparams = t->nparams};
	struct policy *q = policy_load_text_with(p->source, p->text, p->text_len, cat, &opt, errs);
	free(po);
	for (size_t i = 0; q && i < t->nenable; i++)
		policy_enable_rule(q, t->enable[i]);
	return q;
}

static int run_one(struct policy *p, const struct ptest *t, const struct catalog *cat,
		   struct lint_result *res, struct diag_list *errs)
{
	struct inventory inv;
	struct diag d;
	int rc;
	if (t->inline_text) {
		char name[512];
		struct strbuf tn = STRBUF_INIT;
		snprintf(name, sizeof(name), "%s:test '%s'", p->source, test_name(&tn, t));
		sb_release(&tn);
		rc = inventory_load_text(&inv, name, t->inventory, strlen(t->inventory), &d);
	} else {
		struct strbuf path = STRBUF_INIT;
		if (t->inventory[0] != '/')
			sb_printf(&path, "%s/", p->dir);
		sb_puts(&path, t->inventory);
		rc = inventory_load(&inv, path.buf, &d);
		sb_release(&path);
	}
	if (rc != 0) {
		diag_list_push(errs, &d);
		return -1;
	}
	/* a test's catalog overlays the embedded catalog only, so the pack's
	 * tests mean the same whatever -C the user gives lint */
	struct catalog tcat;
	if (t->catalog) {
		char name[512];
		struct strbuf tn = STRBUF_INIT;
		snprintf(name, sizeof(name), "%s:test '%s' catalog", p->source, test_name(&tn, t));
		sb_release(&tn);
		if (catalog_load_embedded(&tcat, &d) != 0) {
			diag_list_push(errs, &d);
			inventory_free(&inv);
			return -1;
		}
		if (catalog_overlay_text(&tcat, name, t->catalog, strlen(t->catalog), &d) != 0) {
			diag_list_push(errs, &d);
			catalog_free(&tcat);
			inventory_free(&inv);
			return -1;
		}
		cat = &tcat;
	}
	/* a test that sets parameters or turns rules on runs on the pack
	 * loaded again with them, as --param and --enable would load it
	 * (parameters are constants compiled into the rules) */
	struct policy *run = p;
	if (t->nparams || t->nenable) {
		run = reload(p, t, cat, errs);
		if (!run) {
			if (t->catalog)
				catalog_free(&tcat);
			inventory_free(&inv);
			return -1;
		}
	}
	cg_date as_of = t->as_of != CG_DATE_NONE ? t->as_of
			: inv.as_of != CG_DATE_NONE ? inv.as_of
						    : date_today();
	struct report *rep = report_new(as_of, SEV_ERROR);
	struct engine *e = engine_new(&run, 1, cat, rep, as_of);
	engine_begin_inventory(e, &inv);
	for (size_t i = 0; i < inv.nassets; i++)
		engine_asset(e, &inv.assets[i]);
	engine_end_inventory(e);
	engine_finish(e);
	report_finish(rep);

	/* compare the pack's findings with the expected set, both ways */
	struct strbuf key = STRBUF_INIT, fail = STRBUF_INIT;
	bool *matched = xcalloc(t->nexpect + 1, sizeof(bool));
	for (size_t i = 0; i < report_nfindings(rep); i++) {
		struct finding_fields f;
		report_finding_fields(report_finding(rep, i), &f);
		if (strcmp(f.rule->policy, p->id) != 0)
			continue;
		finding_key(&f, &key);
		bool found = false;
		for (size_t j = 0; j < t->nexpect && !found; j++)
			if (!matched[j] && strcmp(t->expect[j], key.buf) == 0)
				found = matched[j] = true;
		if (!found)
			sb_printf(&fail, " unexpected %s;", key.buf);
	}
	for (size_t j = 0; j < t->nexpect; j++)
		if (!matched[j])
			sb_printf(&fail, " missing %s;", t->expect[j]);
	res->tests++;
	struct strbuf tn = STRBUF_INIT;
	const char *ex = test_name(&tn, t); /* one line per test */
	if (fail.len) {
		res->failed++;
		fail.buf[fail.len - 1] = '\0';
		sb_printf(&res->log, "FAIL %s: test '%s' (line %d):%s\n", p->id, ex, t->line, fail.buf);
	} else {
		sb_printf(&res->log, "ok   %s: test '%s'\n", p->id, ex);
	}
	sb_release(&tn);
	free(matched);
	sb_release(&key);
	sb_release(&fail);
	engine_free(e);
	report_delete(rep);
	if (run != p)
		policy_free(run);
	inventory_free(&inv);
	if (t->catalog)
		catalog_free(&tcat);
	return 0;
}

int policy_run_tests(struct policy *p, const struct catalog *cat, struct lint_result *res,
		     struct diag_list *errs)
{
	int rc = 0;
	for (size_t i = 0; i < p->ntests; i++)
		if (run_one(p, &p->tests[i], cat, res, errs) != 0) {
			res->unrun++;
			rc = -1;
		}
	return rc;
}
