/* The field length limits of every inventory reader (the classes are in
 * ingest.h; chipgate-inventory(5), "Inputs and limits", lists both) and
 * the diagnostics for a value or a name over its limit. A value over its
 * limit is an input error, never truncated. */
#include "ingest/ingest.h"

#include <string.h>

/* The one table of every reader's limits. Names and references are kept
 * to what a human would type; attribute values may carry a list
 * (collect's PCI addresses or UUIDs of a host's devices, 41 bytes each) or
 * a URL; free text is a paragraph or a path. (Dates are YYYY-MM-DD and
 * need none.) A limit keeps a 1 MB cell out of every finding's evidence.
 * chipgate-inventory(5), "Inputs and limits", lists the same table:
 * change both. */

static const struct {
	const char *field;
	size_t max;
} field_limits[] = {
	/* an asset (every reader) */
	{"id", FIELD_LIMIT_NAME},
	{"model", FIELD_LIMIT_NAME},
	{"quantity", FIELD_LIMIT_NAME},
	{"site", FIELD_LIMIT_NAME},
	{"purpose", FIELD_LIMIT_NAME},
	{"status", FIELD_LIMIT_NAME},
	{"order", FIELD_LIMIT_NAME},
	{"destination", FIELD_LIMIT_NAME},
	{"owner", FIELD_LIMIT_NAME},
	{"workload", FIELD_LIMIT_NAME},
	{"ordered_on", FIELD_LIMIT_NAME},
	{"tags", FIELD_LIMIT_NAME}, /* each tag */
	{"attrs", FIELD_LIMIT_TEXT}, /* each value; names: FIELD_LIMIT_ATTR_NAME */
	{"vendor", FIELD_LIMIT_NAME}, /* osquery, CycloneDX manufacturer and supplier */
	/* the inventory header */
	{"organization", FIELD_LIMIT_NAME},
	{"kind", FIELD_LIMIT_NAME},
	{"jurisdiction", FIELD_LIMIT_NAME},
	{"policies", FIELD_LIMIT_TEXT}, /* each: a pack's name or a path */
	/* a site (sites, --sites) */
	{"country", FIELD_LIMIT_NAME},
	{"province", FIELD_LIMIT_NAME},
	{"funding", FIELD_LIMIT_NAME},
	{"completion", FIELD_LIMIT_NAME},
	{"owner_hq", FIELD_LIMIT_NAME},
	{"public_hub", FIELD_LIMIT_NAME},
	{"programme", FIELD_LIMIT_NAME},
	/* justifications and waivers */
	{"asset", FIELD_LIMIT_NAME},
	{"group", FIELD_LIMIT_NAME},
	{"rule", FIELD_LIMIT_NAME},
	{"alternatives", FIELD_LIMIT_NAME}, /* each */
	{"requested_by", FIELD_LIMIT_NAME},
	{"approver", FIELD_LIMIT_NAME},
	{"reason", FIELD_LIMIT_TEXT},
	{"approval", FIELD_LIMIT_TEXT}, /* a path */
};

size_t field_limit(const char *field)
{
	if (strncmp(field, "attrs.", 6) == 0)
		field = "attrs";
	for (size_t i = 0; i < CG_ARRAY_LEN(field_limits); i++)
		if (strcmp(field, field_limits[i].field) == 0)
			return field_limits[i].max;
	return FIELD_LIMIT_TEXT;
}

int field_too_long(struct diag *d, const char *file, int line, int col, const char *field,
		   size_t len, size_t limit)
{
	char ex[96];
	diag_set(d, file, line, col, "field '%s' is %zu bytes; the limit is %zu",
		 diag_excerpt(ex, sizeof(ex), field, strlen(field)), len, limit);
	return -1;
}

int name_too_long(struct diag *d, const char *file, int line, int col, const char *kind,
		  size_t len)
{
	diag_set(d, file, line, col, "%s name is %zu bytes; the limit is %d", kind, len,
		 FIELD_LIMIT_ATTR_NAME);
	return -1;
}
