/* The setup that check, explain and review share: catalog, inventories,
 * the packs to apply and the evaluation date, with the report's inputs
 * recorded as they are read. Part of the command layer: it prints
 * diagnostics. */
#ifndef CHIPGATE_CLI_PIPELINE_H
#define CHIPGATE_CLI_PIPELINE_H

#include "catalog/catalog.h"
#include "ingest/ingest.h"
#include "policy/policy.h"
#include "report/report.h"

#define PIPELINE_MAX 64

struct cli_input;

/* Codes of the pipeline's own long options: clear of cli.h's, and of the
 * commands' own (check's start at 0x180). */
enum { OPT_PARAM = 0x1c0, OPT_ENABLE, OPT_SITES, OPT_APPROVERS };

struct pipeline_opts {
	const char *policies[PIPELINE_MAX];
	size_t npolicies;
	const char *catalogs[PIPELINE_MAX];
	size_t ncatalogs;
	const char *justifications;
	const char *as_of; /* --as-of text, or NULL */
	enum inv_format format_in; /* --format-in; INVFMT_AUTO detects per file */
	bool stream;               /* CSV rows are evaluated as read, not kept (check) */
	const char *only_id;       /* keep only this asset of CSV inputs (explain) */
	const char *params[PIPELINE_MAX]; /* --param [PACK:]NAME=VALUE, as given */
	size_t nparams;
	const char *enable[PIPELINE_MAX]; /* --enable RULE-ID */
	size_t nenable;
	const char *sites; /* --sites FILE.csv */
	const char *approvers; /* --approvers FILE */
	/* no output of the run shows the inputs' digests (check's text,
	 * Markdown, GitHub, JUnit and GitLab formats, unsigned): streamed CSV
	 * inventories are then not hashed, a tenth of a fleet's time */
	bool no_digest;
};

struct pipeline {
	struct catalog cat;
	struct inventory *invs;
	size_t ninvs;
	struct policy *pols[PIPELINE_MAX];
	size_t npols;
	cg_date as_of;
	bool cat_loaded;
	bool *streamed; /* [inventory]: CSV read by pipeline_run, not yet loaded */
	struct param_override params[PIPELINE_MAX]; /* --param, parsed */
	size_t nparams;
	/* --approvers: the file as read (once), and its digest */
	char *approvers_text;
	size_t approvers_len;
	char approvers_sha256[SHA256_HEX_LEN + 1];
};

/* The option-table entries of the options the pipeline commands share,
 * so each is described once (see struct cli_opt in cli.h). */
#define PIPE_OPT_POLICY                                                                            \
	{'p', "policy", "POLICY",                                                                  \
	 "apply this policy pack: an embedded pack's name or a file; repeatable (default: the "    \
	 "inventory's policies, else the embedded packs for its jurisdiction)",                    \
	 "@pack"}
#define PIPE_OPT_CATALOG                                                                           \
	{'C', "catalog", "CATALOG",                                                                \
	 "overlay this catalog file on the embedded one; repeatable, later ones win", "@file"}
#define PIPE_OPT_AS_OF                                                                             \
	{OPT_AS_OF, "as-of", "YYYY-MM-DD",                                                         \
	 "evaluate as of this date (default: the inventories' as_of, else today in UTC)", NULL}
#define PIPE_OPT_JUSTIFICATIONS                                                                    \
	{OPT_JUSTIFICATIONS, "justifications", "FILE",                                             \
	 "read justifications and waivers from this libconfig file too (for CSV and CycloneDX "    \
	 "inventories)",                                                                           \
	 "@file"}
#define PIPE_OPT_FORMAT_IN                                                                         \
	{OPT_FORMAT_IN, "format-in", "FORMAT",                                                     \
	 "read the inventories as cfg, csv, cyclonedx or osquery (default: detected from each "   \
	 "file's content)",                                                                        \
	 "cfg csv cyclonedx osquery"}
#define PIPE_OPT_PARAM                                                                             \
	{OPT_PARAM, "param", "NAME=VALUE",                                                         \
	 "set a pack parameter (params.NAME) for this run, checked against the pack's default; "  \
	 "PACK:NAME=VALUE sets it in that pack only; repeatable",                                  \
	 NULL}
#define PIPE_OPT_ENABLE                                                                            \
	{OPT_ENABLE, "enable", "RULE-ID",                                                          \
	 "apply this rule, which its pack has off (enabled = false); repeatable", NULL}
#define PIPE_OPT_SITES                                                                             \
	{OPT_SITES, "sites", "FILE",                                                               \
	 "read the sites of a CSV inventory from this CSV file (id, country, province, funding, "  \
	 "completion, owner_hq, public_hub, programme)",                                          \
	 "@file"}

#define PIPE_OPT_APPROVERS                                                                         \
	{OPT_APPROVERS, "approvers", "FILE",                                                       \
	 "the organisation's approvers (approvers = ( { name; key; } ), key paths relative to "   \
	 "FILE), for the packs that list none, such as the built-in ones",                         \
	 "@file"}

/* Take one of the shared options (-p, -C, --as-of, --justifications,
 * --format-in, --param, --enable, --sites) with code C and value ARG into
 * O. Returns 0, or EXIT_ERROR after printing CMD's usage error (too many
 * values, an unknown format, a --param not of the form NAME=VALUE). */
int pipeline_parse_opt(struct pipeline_opts *o, int c, const char *arg, const char *cmd);
/* Read --approvers into PL and O's policy options (once, whatever the
 * number of packs); 0, or EXIT_ERROR after printing why. */
int pipeline_read_approvers(struct pipeline *pl, const struct pipeline_opts *o,
			   struct policy_options *popt);
/* After the packs were loaded with POPT: --approvers must have served a
 * pack (one with approvers of its own ignores it). 0 or EXIT_ERROR. */
int pipeline_approvers_used(struct policy *const *pols, size_t n, const struct pipeline_opts *o,
			    const struct policy_options *popt);
/* Load everything. Prints every error and returns EXIT_ERROR, or 0. */
int pipeline_load(struct pipeline *pl, const struct pipeline_opts *o, char **inventories, size_t n);
/* Record inputs (inventories, packs, catalog, justifications) in R. */
void pipeline_inputs(const struct pipeline *pl, const struct pipeline_opts *o, struct report *r);
/* The files PL read, for cli_refuse_overwrite: the inventories, the pack
 * files, the catalog overlays and the justifications file, each with its
 * role (embedded packs and the embedded catalog are not files). Returns a
 * malloc'd array of *N entries (free() it; the strings are PL's and O's). */
struct cli_input *pipeline_input_files(const struct pipeline *pl, const struct pipeline_opts *o,
				       size_t *n);
/* Evaluate every inventory into R; streamed CSV inventories are read now
 * (with progress on a terminal). Prints the error and returns EXIT_ERROR
 * when a streamed input is bad (R is then incomplete: write nothing), or 0. */
int pipeline_run(struct pipeline *pl, struct report *r);
/* "no asset 'ID' in the inventories given", with the closest id there is;
 * returns EXIT_ERROR. */
int pipeline_no_asset(const struct pipeline *pl, const char *id);
void pipeline_free(struct pipeline *pl);

#endif
