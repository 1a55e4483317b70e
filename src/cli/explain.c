/* chipgate explain: why each rule did or did not fire for one asset. */
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"

const struct cli_opt cli_explain_opts[] = {
	PIPE_OPT_POLICY, PIPE_OPT_CATALOG,     PIPE_OPT_AS_OF,	PIPE_OPT_JUSTIFICATIONS,
	PIPE_OPT_FORMAT_IN, PIPE_OPT_SITES, PIPE_OPT_PARAM, PIPE_OPT_APPROVERS, PIPE_OPT_ENABLE,
	{0, NULL, NULL, NULL, NULL},
};

/* Explain every rule's verdict on the asset ID in each inventory of PL
 * that has it, on stdout. Returns the exit code. */
static int explain_asset(const struct pipeline *pl, const char *id)
{
	int rc = 0;
	struct report r;
	report_init(&r, pl->as_of, 0, SEV_ERROR);
	struct engine *e = engine_new(pl->pols, pl->npols, &pl->cat, &r, pl->as_of);
	struct strbuf sb = STRBUF_INIT;
	size_t found = 0;
	for (size_t i = 0; i < pl->ninvs; i++) {
		const struct asset *a = inventory_find(&pl->invs[i], id);
		if (!a)
			continue;
		if (found++)
			sb_putc(&sb, '\n');
		engine_explain(e, &pl->invs[i], a, &sb);
	}
	if (!found) {
		rc = pipeline_no_asset(pl, id);
	} else {
		cli_put_text(sb_str(&sb), stdout); /* values from inputs: no raw control */
	}
	sb_release(&sb);
	engine_free(e);
	report_free(&r);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	struct pipeline_opts o = {0};
	struct cli_args args;
	int c;
	cli_args_init(&args, "explain", argc, argv);
	while ((c = cli_args_next(&args)) > 0)
		if (pipeline_parse_opt(&o, c, args.arg, "explain") != 0)
			return EXIT_ERROR;
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops < 2)
		return cli_usage_error("explain", "need an asset id and at least one inventory");
	const char *id = args.ops[0];
	o.only_id = id; /* a large CSV fleet: keep just this asset's row */
	struct pipeline pl;
	int rc = pipeline_load(&pl, &o, args.ops + 1, args.nops - 1);
	if (rc == 0)
		rc = explain_asset(&pl, id);
	pipeline_free(&pl);
	return cli_finish(rc);
}
