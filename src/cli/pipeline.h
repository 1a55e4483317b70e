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

struct pipeline_opts {
	const char *policies[PIPELINE_MAX];
	size_t npolicies;
	const char *catalogs[PIPELINE_MAX];
	size_t ncatalogs;
	const char *justifications;
	const char *as_of; /* --as-of text, or NULL */
};

struct pipeline {
	struct catalog cat;
	struct inventory *invs;
	size_t ninvs;
	struct policy *pols[PIPELINE_MAX];
	size_t npols;
	cg_date as_of;
	bool cat_loaded;
};

/* Add a repeatable option value; returns EXIT_ERROR (after printing) when
 * there are too many. */
int pipeline_opt_push(const char **v, size_t *n, const char *value, const char *cmd);
/* Load everything. Prints every error and returns EXIT_ERROR, or 0. */
int pipeline_load(struct pipeline *pl, const struct pipeline_opts *o, char **inventories, size_t n);
/* Record inputs (inventories, packs, catalog, justifications) in R. */
void pipeline_inputs(const struct pipeline *pl, const struct pipeline_opts *o, struct report *r);
/* Evaluate every inventory into R. */
void pipeline_run(struct pipeline *pl, struct report *r);
void pipeline_free(struct pipeline *pl);

#endif
