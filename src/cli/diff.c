/* chipgate diff: compare two JSON reports — findings that are new,
 * resolved, or changed severity or status (matched by policy, rule and
 * asset or group, never by line), and exposure shares that moved — as
 * text or JSON. Exit 1 when a finding is newly open at or above
 * --fail-on, 0 otherwise, 2 when either report cannot be read. */
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"

const struct cli_opt cli_diff_opts[] = {
	{OPT_FAIL_ON, "fail-on", "SEVERITY",
	 "exit 1 when a newly open finding is at least error, warning or info; never: do not "
	 "fail (default: error)",
	 "error warning info never"},
	{'f', "format", "FORMAT", "write the comparison as text or json (default: text)",
	 "text json"},
	{0, NULL, NULL, NULL, NULL},
};

int cmd_diff(int argc, char **argv)
{
	enum severity fail_on = SEV_ERROR;
	bool json = false;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "diff", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		const char *v = args.arg;
		diag_excerpt(ex, sizeof(ex), v, strlen(v));
		if (c == OPT_FAIL_ON && severity_parse(v, &fail_on) != 0)
			return cli_usage_error("diff",
					       "invalid --fail-on '%s' (error, warning, info, never)", ex);
		if (c == 'f' && strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
			return cli_usage_error("diff", "unknown format '%s' (text, json)", ex);
		if (c == 'f')
			json = strcmp(v, "json") == 0;
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops != 2)
		return cli_usage_error("diff", "expected two reports, OLD-REPORT and NEW-REPORT");
	const char *old_path = args.ops[0], *new_path = args.ops[1];
	struct report before, after;
	struct diag d;
	if (report_read_json(&before, old_path, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if (report_read_json(&after, new_path, &d) != 0) {
		cli_diag(&d);
		report_free(&before);
		return EXIT_ERROR;
	}
	struct report_diff rd;
	report_diff_compute(&rd, &before, old_path, &after, new_path, fail_on);
	int rc = json ? report_diff_write_json(&rd, stdout) : report_diff_write_text(&rd, stdout);
	if (rc != 0)
		rc = cli_error("<stdout>: write error");
	else
		rc = rd.ngating ? EXIT_FINDINGS : EXIT_PASS;
	report_diff_free(&rd);
	report_free(&before);
	report_free(&after);
	return cli_finish(rc);
}
