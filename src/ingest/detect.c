/* Which reader an inventory file needs, told from its content (libconfig,
 * CSV, CycloneDX JSON or an osquery export; the dispatch to the reader is
 * inventory_open_any in src/collect/open.c). Must never guess silently:
 * a file that fits no format is an error that names --format-in. */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"auto", "cfg", "csv", "cyclonedx", "osquery"};

const char *inv_format_name(enum inv_format f)
{
	return f >= INVFMT_AUTO && f <= INVFMT_OSQUERY ? format_names[f] : "?";
}

int inv_format_parse(const char *s, enum inv_format *out)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(format_names); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = (enum inv_format)i;
			return 0;
		}
	return -1;
}

/* A libconfig setting starts with a name and then '=' or ':'. */
static bool setting_start(const char *p, const char *end)
{
	if (p >= end || !(isalpha((unsigned char)*p) || *p == '*'))
		return false;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '*'))
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p < end && (*p == '=' || *p == ':');
}

int inv_format_detect(const char *head, size_t len, enum inv_format *out)
{
	const char *p = head, *end = head + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end)
		return -1;
	if (*p == '{') {
		*out = INVFMT_CYCLONEDX;
		return 0;
	}
	if (*p == '[') {
		*out = INVFMT_OSQUERY;
		return 0;
	}
	if (*p == '#' || (end - p >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*')) ||
	    setting_start(p, end)) {
		*out = INVFMT_CFG;
		return 0;
	}
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	if (memchr(p, ',', (size_t)((eol ? eol : end) - p))) {
		*out = INVFMT_CSV;
		return 0;
	}
	return -1;
}

int inv_format_undetected(const char *path, struct diag *d)
{
	diag_set(d, path, 0, 0,
		 "cannot tell the inventory format (not libconfig, CSV, CycloneDX or osquery JSON); "
		 "use --format-in");
	return -1;
}

int inv_format_detect_file(const char *path, enum inv_format *out, struct diag *d)
{
	struct input in;
	const char *head;
	size_t n;
	if (input_open(&in, path, d) != 0)
		return -1;
	int rc = input_peek(&in, INV_FORMAT_HEAD, &head, &n, d);
	if (rc == 0 && inv_format_detect(head, n, out) != 0)
		rc = inv_format_undetected(path, d);
	input_close(&in);
	return rc;
}
