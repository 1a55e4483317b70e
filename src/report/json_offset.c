/* Where a member is in a JSON text that is already known to be valid:
 * jansson keeps no positions, so the report reader (read_json.c) finds a
 * value of the wrong type or range again by scanning the text along the
 * path of member names and array indexes that led to it.
 *
 * Must never read past the text: every step checks its end. */
#include <stdbool.h>
#include <string.h>

#include "report/report_int.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* P is at an opening quote; returns the position after the closing one. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < end ? p + 1 : end;
}

/* Skip one value (the text is known to be valid JSON). */
static const char *skip_value(const char *p, const char *end)
{
	size_t depth = 0;
	do {
		p = skip_ws(p, end);
		if (p >= end)
			return end;
		if (*p == '"') {
			p = skip_string(p, end);
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (*p == ',' || *p == ':') {
			p++;
		} else {
			/* a scalar; strchr would match a NUL (the set's terminator),
			 * so stop at one explicitly, and always move on */
			const char *q = p;
			while (q < end && *q && !strchr(",:]} \t\r\n", *q))
				q++;
			p = q > p ? q : p + 1;
		}
	} while (depth > 0);
	return p;
}

long report_json_offset(const char *buf, size_t len, const struct json_seg *segs, int n)
{
	const char *p = buf, *end = buf + len;
	for (int i = 0; i < n; i++) {
		p = skip_ws(p, end);
		if (p >= end)
			return -1;
		if (segs[i].key) {
			if (*p != '{')
				return -1;
			p++;
			size_t klen = strlen(segs[i].key);
			for (;;) {
				p = skip_ws(p, end);
				if (p >= end || *p != '"')
					return -1;
				const char *k = p + 1;
				p = skip_string(p, end);
				bool match = (size_t)(p - 1 - k) == klen &&
				             memcmp(k, segs[i].key, klen) == 0;
				p = skip_ws(p, end);
				if (p >= end || *p != ':')
					return -1;
				p = skip_ws(p + 1, end);
				if (match)
					break;
				p = skip_ws(skip_value(p, end), end);
				if (p >= end || *p != ',')
					return -1;
				p++;
			}
		} else {
			if (*p != '[')
				return -1;
			p++;
			for (size_t k = 0; k < segs[i].idx; k++) {
				p = skip_ws(skip_value(p, end), end);
				if (p >= end || *p != ',')
					return -1;
				p++;
			}
			p = skip_ws(p, end);
		}
	}
	p = skip_ws(p, end);
	return p < end ? (long)(p - buf) : -1;
}

