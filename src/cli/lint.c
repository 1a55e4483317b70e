/* chipgate lint: compile packs, report every error, and run their tests.
 * Exit 0 all good, 1 a test failed, 2 a policy error. */
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

const struct cli_opt cli_lint_opts[] = {
	PIPE_OPT_CATALOG,
	{0, NULL, NULL, NULL, NULL},
};

/* A pack past its review_by today (SOURCE_DATE_EPOCH's day when set):
 * a warning, not a failure -- check reports it as CG-STALE-PACK. */
static void warn_stale(const char *name, const struct policy *p)
{
	cg_date reviewed, review_by, today = date_today();
	policy_review_dates(p, &reviewed, &review_by);
	if (review_by == CG_DATE_NONE || today <= review_by)
		return;
	char rv[11] = "never", rb[11], d[11];
	if (reviewed != CG_DATE_NONE)
		date_format(reviewed, rv);
	date_format(review_by, rb);
	date_format(today, d);
	printf("%s: warning: %s was due for review by %s (last reviewed %s; today is %s): check it "
	       "against its sources\n",
	       name, policy_id(p), rb, rv, d);
}

int cmd_lint(int argc, char **argv)
{
	const char *overlays[PIPELINE_MAX];
	size_t nov = 0;
	struct cli_args args;
	int c;
	cli_args_init(&args, "lint", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		if (nov == CG_ARRAY_LEN(overlays))
			return cli_usage_error("lint", "too many -C options (limit %d)", PIPELINE_MAX);
		overlays[nov++] = args.arg;
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops == 0)
		return cli_usage_error("lint", "no policy given");
	struct catalog cat;
	struct diag d;
	if (catalog_load_embedded(&cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = EXIT_PASS;
	for (size_t i = 0; i < nov; i++)
		if (catalog_overlay_file(&cat, overlays[i], &d) != 0) {
			cli_diag(&d);
			catalog_free(&cat);
			return EXIT_ERROR;
		}
	struct lint_result res = {0, 0, STRBUF_INIT, 0};
	bool errors = false;
	size_t uncompiled = 0;
	for (size_t i = 0; i < args.nops; i++) {
		struct diag_list errs = {0};
		struct policy *p = policy_load(args.ops[i], &cat, &errs);
		if (p && policy_run_tests(p, &cat, &res, &errs) != 0)
			errors = true;
		if (!p) {
			errors = true;
			uncompiled++;
		}
		cli_diag_list(&errs);
		diag_list_release(&errs);
		if (p)
			printf("%s: %s compiled\n", args.ops[i], policy_id(p));
		if (p)
			warn_stale(args.ops[i], p);
		policy_free(p);
	}
	fputs(sb_str(&res.log), stdout);
	/* tests that did not run are said so: "0 tests" alone would read as a
	 * pack without tests */
	printf("%zu tests, %zu failed", res.tests, res.failed);
	if (res.unrun)
		printf("; %zu could not run", res.unrun);
	if (uncompiled)
		printf("; %zu pack%s not compiled, %s tests not run", uncompiled,
		       uncompiled == 1 ? "" : "s", uncompiled == 1 ? "its" : "their");
	putchar('\n');
	sb_release(&res.log);
	catalog_free(&cat);
	if (errors)
		rc = EXIT_ERROR;
	else if (res.failed)
		rc = EXIT_FINDINGS;
	return cli_finish(rc);
}
