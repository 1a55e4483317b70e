/* Which reader an inventory file needs, told from its content (libconfig,
 * CSV, CycloneDX JSON or an osquery export; the dispatch to the reader is
 * inventory_open_any in src/collect/open.c), and json_locate(), which
 * finds a JSON value's line and column again for diagnostics (jansson
 * keeps no positions). Must never guess silently: a file that fits no
 * format is an error that names --format-in. */
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

/* ---- dispatch ---------------------------------------------------------------- */

/* ---- json_locate ------------------------------------------------------------ */

struct jscan {
	const char *p, *end;
};

static void ws(struct jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Skip a string at s->p (which is '"'); its raw body is [*b, *e). */
static int skip_string(struct jscan *s, const char **b, const char **e)
{
	if (s->p >= s->end || *s->p != '"')
		return -1;
	s->p++;
	if (b)
		*b = s->p;
	while (s->p < s->end && *s->p != '"')
		s->p += *s->p == '\\' ? 2 : 1;
	if (s->p >= s->end)
		return -1;
	if (e)
		*e = s->p;
	s->p++;
	return 0;
}

/* Skip any value: a string, a nested object or array, or a scalar. */
static int skip_value(struct jscan *s)
{
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == '"')
		return skip_string(s, NULL, NULL);
	if (*s->p == '{' || *s->p == '[') {
		int depth = 0;
		while (s->p < s->end) {
			char c = *s->p;
			if (c == '"') {
				if (skip_string(s, NULL, NULL) != 0)
					return -1;
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ']') && --depth == 0) {
				s->p++;
				return 0;
			}
			s->p++;
		}
		return -1;
	}
	while (s->p < s->end && !strchr(",}] \t\r\n", *s->p))
		s->p++;
	return 0;
}

/* Does the raw JSON string body [b, e) spell KEY? (Escapes compared
 * literally except \" \\ \/, which is all keys in practice use.) */
static bool key_is(const char *b, const char *e, const char *key)
{
	while (b < e && *key) {
		char c = *b++;
		if (c == '\\' && b < e) {
			c = *b++;
			if (c != '"' && c != '\\' && c != '/')
				return false;
		}
		if (c != *key++)
			return false;
	}
	return b == e && !*key;
}

static int step(struct jscan *s, const struct json_step *st)
{
	ws(s);
	if (s->p >= s->end)
		return -1;
	if (st->key) {
		if (*s->p != '{')
			return -1;
		s->p++;
		for (;;) {
			ws(s);
			const char *b, *e;
			if (skip_string(s, &b, &e) != 0)
				return -1;
			ws(s);
			if (s->p >= s->end || *s->p != ':')
				return -1;
			s->p++;
			ws(s);
			if (key_is(b, e, st->key))
				return 0;
			if (skip_value(s) != 0)
				return -1;
			ws(s);
			if (s->p >= s->end || *s->p != ',')
				return -1;
			s->p++;
		}
	}
	if (*s->p != '[')
		return -1;
	s->p++;
	for (size_t i = 0;; i++) {
		ws(s);
		if (i == st->index)
			return s->p < s->end && *s->p != ']' ? 0 : -1;
		if (skip_value(s) != 0)
			return -1;
		ws(s);
		if (s->p >= s->end || *s->p != ',')
			return -1;
		s->p++;
	}
}

int json_locate(const char *text, size_t len, const struct json_step *path, size_t n, int *line,
		int *col)
{
	struct jscan s = {text, text + len};
	for (size_t i = 0; i < n; i++)
		if (step(&s, &path[i]) != 0)
			return -1;
	ws(&s);
	text_position(text, (size_t)(s.p - text), line, col);
	return 0;
}
