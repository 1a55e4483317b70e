/* Reading back a finished run, for src/policy (the last part of
 * report/sink.h): a report of the caller's own on the heap, and a
 * finding's fields copied out of the shared context they are stored in.
 * Must never return anything through which the report could be changed. */
#include <stdlib.h>

#include "report/report.h"

struct report *report_new(cg_date as_of, enum severity fail_on)
{
	struct report *r = xmalloc(sizeof(*r));
	report_init(r, as_of, 0, fail_on);
	return r;
}

void report_delete(struct report *r)
{
	if (!r)
		return;
	report_free(r);
	free(r);
}

size_t report_nfindings(const struct report *r)
{
	return r->nfindings;
}

const struct finding *report_finding(const struct report *r, size_t i)
{
	return &r->findings[i];
}

void report_finding_fields(const struct finding *f, struct finding_fields *out)
{
	out->rule = f->ctx->rule;
	out->asset = f->asset;
	out->group = f->ctx->group;
	out->file = f->ctx->file;
	out->note = f->ctx->note;
	out->severity = (enum severity)f->severity;
	out->status = (enum fstatus)f->status;
}

size_t report_nexposure(const struct report *r)
{
	return r->nexposure;
}

const struct exposure_row *report_exposure_row(const struct report *r, size_t i)
{
	return &r->exposure[i];
}
