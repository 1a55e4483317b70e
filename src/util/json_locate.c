/* json_locate: where a value is in a JSON text, for diagnostics after
 * jansson (which keeps no positions) -- the collectors' JSON readers and
 * the report reader (src/report/read_json.c) find a value of the wrong
 * type or range again by scanning the text along the path of member names
 * and array indexes that led to it.
 *
 * Must never read past the text: every step checks its end. */
#include <stdbool.h>
#include <string.h>

#include "util/util.h"

struct json_cursor {
	const char *p, *end;
};

static void ws(struct json_cursor *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Skip a string at s->p (which is '"'); its raw body is [*b, *e). */
static int skip_string(struct json_cursor *s, const char **b, const char **e)
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
static int skip_value(struct json_cursor *s)
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

static int step(struct json_cursor *s, const struct json_step *st)
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
	struct json_cursor s = {text, text + len};
	for (size_t i = 0; i < n; i++)
		if (step(&s, &path[i]) != 0)
			return -1;
	ws(&s);
	text_position(text, (size_t)(s.p - text), line, col);
	return 0;
}
