/* chipgate diff: compare two JSON reports — findings that are new,
 * resolved, or changed severity or status (matched by policy, rule and
 * asset or group, never by line), and exposure shares that moved — as
 * text or JSON. Exit 1 when a finding is newly open at or above
 * --fail-on, 0 otherwise, 2 when either report cannot be read. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"fail-on", required_argument, NULL, 'F'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum severity fail_on = SEV_ERROR;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (severity_parse(optarg, &fail_on) != 0)
				return cli_usage_error(
				    "diff", "invalid --fail-on '%s' (error, warning, info, never)",
				    optarg);
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else
				return cli_usage_error("diff", "unknown format '%s' (text, json)",
				                       optarg);
			break;
		default:
			return cli_usage_error("diff", "bad option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("diff", "expected two reports, OLD-REPORT and NEW-REPORT");
	const char *old_path = argv[optind], *new_path = argv[optind + 1];
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
