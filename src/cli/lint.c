/* chipgate lint: compile packs, report every error, and run their tests.
 * Exit 0 all good, 1 a test failed, 2 a policy error. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "policy/policy.h"

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{"catalog", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	const char *overlays[16];
	size_t nov = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+C:", opts, NULL)) != -1) {
		if (c != 'C' || nov == CG_ARRAY_LEN(overlays))
			return cli_usage_error("lint", "bad option");
		overlays[nov++] = optarg;
	}
	if (optind >= argc)
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
	struct lint_result res = {0, 0, STRBUF_INIT};
	bool errors = false;
	for (int i = optind; i < argc; i++) {
		struct diag_list errs = {0};
		struct policy *p = policy_load(argv[i], &cat, &errs);
		if (p && policy_run_tests(p, &cat, &res, &errs) != 0)
			errors = true;
		if (!p)
			errors = true;
		cli_diag_list(&errs);
		diag_list_release(&errs);
		if (p)
			printf("%s: %s compiled\n", argv[i], policy_id(p));
		policy_free(p);
	}
	fputs(sb_str(&res.log), stdout);
	printf("%zu tests, %zu failed\n", res.tests, res.failed);
	sb_release(&res.log);
	catalog_free(&cat);
	if (errors)
		rc = EXIT_ERROR;
	else if (res.failed)
		rc = EXIT_FINDINGS;
	return cli_finish(rc);
}
