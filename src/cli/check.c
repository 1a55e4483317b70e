/* chipgate check: load the catalog, the inventories and the packs, evaluate,
 * and write the report — to stdout, or atomically to -o FILE. The exit code
 * says whether findings at or above --fail-on remain open. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

enum format { FMT_TEXT, FMT_JSON };

static int parse_format(const char *s, enum format *f)
{
	if (strcmp(s, "text") == 0)
		*f = FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = FMT_JSON;
	else
		return -1;
	return 0;
}

/* The format a file name implies, when -f is not given. */
static enum format format_for(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	return dot && strcmp(dot, ".json") == 0 ? FMT_JSON : FMT_TEXT;
}

static int write_report(const struct report *r, enum format fmt, const char *out)
{
	struct outfile of;
	struct diag d;
	if (outfile_open(&of, out, 0644, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	bool color = !out && fmt == FMT_TEXT && isatty(1) && !getenv("NO_COLOR");
	int rc = fmt == FMT_JSON ? report_write_json(r, of.fp) : report_write_text(r, of.fp, color);
	if (rc != 0) {
		outfile_abort(&of);
		return cli_error("%s: write error", out ? out : "<stdout>");
	}
	if (outfile_commit(&of, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	enum { OPT_FAIL_ON = 256, OPT_AS_OF, OPT_JUST, OPT_FORMAT_IN };
	static const struct option opts[] = {
		{"policy", required_argument, NULL, 'p'},
		{"catalog", required_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"justifications", required_argument, NULL, OPT_JUST},
		{"format-in", required_argument, NULL, OPT_FORMAT_IN},
		{NULL, 0, NULL, 0},
	};
	struct pipeline_opts o = {.stream = true};
	enum format fmt = FMT_TEXT;
	bool fmt_set = false;
	enum severity fail_on = SEV_ERROR;
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:C:f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (pipeline_opt_push(o.policies, &o.npolicies, optarg, "check"))
				return EXIT_ERROR;
			break;
		case 'C':
			if (pipeline_opt_push(o.catalogs, &o.ncatalogs, optarg, "check"))
				return EXIT_ERROR;
			break;
		case 'f':
			if (parse_format(optarg, &fmt) != 0)
				return cli_usage_error("check", "unknown format '%s' (text, json)", optarg);
			fmt_set = true;
			break;
		case 'o': out = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
		case OPT_FAIL_ON:
			if (severity_parse(optarg, &fail_on) != 0)
				return cli_usage_error("check", "invalid --fail-on '%s' (error, warning, info, never)",
						       optarg);
			break;
		case OPT_AS_OF: o.as_of = optarg; break;
		case OPT_JUST: o.justifications = optarg; break;
		case OPT_FORMAT_IN:
			if (inv_format_parse(optarg, &o.format_in) != 0)
				return cli_usage_error("check", "unknown --format-in '%s' (cfg, csv, cyclonedx, osquery)",
						       optarg);
			break;
		default: return cli_usage_error("check", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("check", "no inventory given");
	if (!fmt_set)
		fmt = format_for(out);

	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, argv + optind, (size_t)(argc - optind));
	if (rc != 0) {
		pipeline_free(&pl);
		return rc;
	}
	long long now = time_now_epoch();
	struct report r;
	report_init(&r, pl.as_of, now < 0 ? 0 : now, fail_on);
	pipeline_inputs(&pl, &o, &r);
	rc = pipeline_run(&pl, &r);
	if (rc == 0)
		rc = write_report(&r, fmt, out);
	if (rc == 0)
		rc = r.failed ? EXIT_FINDINGS : EXIT_PASS;
	report_free(&r);
	pipeline_free(&pl);
	return cli_finish(rc);
}
