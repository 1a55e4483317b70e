/* chipgate explain: why each rule did or did not fire for one asset. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{"policy", required_argument, NULL, 'p'},
		{"catalog", required_argument, NULL, 'C'},
		{"as-of", required_argument, NULL, PIPE_OPT_AS_OF},
		{"justifications", required_argument, NULL, PIPE_OPT_JUST},
		{"format-in", required_argument, NULL, PIPE_OPT_FORMAT_IN},
		{NULL, 0, NULL, 0},
	};
	struct pipeline_opts o = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:C:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'C':
		case PIPE_OPT_AS_OF:
		case PIPE_OPT_JUST:
		case PIPE_OPT_FORMAT_IN:
			if (pipeline_parse_opt(&o, c, optarg, "explain") != 0)
				return EXIT_ERROR;
			break;
		default: return cli_usage_error("explain", "bad option");
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("explain", "need an asset id and at least one inventory");
	const char *id = argv[optind++];
	o.only_id = id; /* a large CSV fleet: keep just this asset's row */
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, argv + optind, (size_t)(argc - optind));
	if (rc != 0) {
		pipeline_free(&pl);
		return rc;
	}
	struct report r;
	report_init(&r, pl.as_of, 0, SEV_ERROR);
	struct engine *e = engine_new(pl.pols, pl.npols, &pl.cat, &r, pl.as_of);
	struct strbuf sb = STRBUF_INIT;
	size_t found = 0;
	for (size_t i = 0; i < pl.ninvs; i++) {
		const struct asset *a = inventory_find(&pl.invs[i], id);
		if (!a)
			continue;
		if (found++)
			sb_putc(&sb, '\n');
		engine_explain(e, &pl.invs[i], a, &sb);
	}
	if (!found) {
		char ex[96];
		rc = cli_error("no asset '%s' in the inventories given", diag_excerpt(ex, sizeof(ex), id, strlen(id)));
	} else {
		cli_put_text(sb_str(&sb), stdout); /* values from inputs: no raw control */
	}
	sb_release(&sb);
	engine_free(e);
	report_free(&r);
	pipeline_free(&pl);
	return cli_finish(rc);
}
