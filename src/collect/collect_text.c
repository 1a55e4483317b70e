/* Helpers the collectors of tool output share (collect_int.h, and the
 * small parsers of collect.h): lines and key/value lines of text reports,
 * shell prompts before them, memory sizes, counts, serials and bus ids as
 * tools print them, vGPU profile names, and JSON parsed with jansson with
 * the positions of errors found again in the text. Must never read past a
 * line, and never accept a number it cannot hold. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t line_indent(const struct line *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++) {
		if (l->s[i] == ' ')
			n++;
		else if (l->s[i] == '\t')
			n = (n / 4 + 1) * 4;
		else
			break;
	}
	return n;
}

struct line line_trim(struct line l)
{
	while (l.len && isspace((unsigned char)l.s[0]))
		l.s++, l.len--;
	while (l.len && isspace((unsigned char)l.s[l.len - 1]))
		l.len--;
	return l;
}

size_t line_cells(const struct line *tl, struct line *cell, size_t max)
{
	size_t n = 0;
	const char *p = tl->s + 1, *end = tl->s + tl->len;
	while (p < end && n < max) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		if (!bar)
			break;
		cell[n++] = line_trim((struct line){p, (size_t)(bar - p), tl->no});
		p = bar + 1;
	}
	return n;
}

bool line_blank(const struct line *l)
{
	return line_trim(*l).len == 0;
}

bool line_key_value(const struct line *l, char sep, struct line *key, struct line *value)
{
	const char *p = memchr(l->s, sep, l->len);
	if (!p)
		return false;
	*key = line_trim((struct line){l->s, (size_t)(p - l->s), l->no});
	*value = line_trim((struct line){p + 1, l->len - (size_t)(p - l->s) - 1, l->no});
	return true;
}

bool line_is(const struct line *l, const char *text)
{
	struct line t = line_trim(*l);
	return t.len == strlen(text) && memcmp(t.s, text, t.len) == 0;
}

bool line_starts(const struct line *l, const char *text)
{
	struct line t = line_trim(*l);
	size_t n = strlen(text);
	return t.len >= n && memcmp(t.s, text, n) == 0;
}

bool line_contains(const struct line *l, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; n && i + n <= l->len; i++)
		if (memcmp(l->s + i, text, n) == 0)
			return true;
	return false;
}

const char *line_dup(struct collect *c, const struct line *l)
{
	return arena_strndup(&c->inv.arena, l->s, l->len);
}

int line_error(struct diag *d, const char *name, const struct line *l, const char *what)
{
	char ex[96];
	diag_set(d, name, l->no, (int)line_indent(l) + 1, "%s: '%s'", what,
		 diag_excerpt(ex, sizeof(ex), line_trim(*l).s, line_trim(*l).len));
	return -1;
}

bool line_is_prompt(const struct line *l, const char *program)
{
	struct line t = line_trim(*l);
	if (!t.len)
		return false;
	if (t.s[0] == '$' || t.s[0] == '#' || (t.len >= 2 && t.s[0] == '~' && (t.s[1] == '$' || t.s[1] == '#')))
		return true;
	/* "user@host:~$ cmd": a first word ending in '$' or '#' */
	size_t w = 0;
	while (w < t.len && !isspace((unsigned char)t.s[w]))
		w++;
	if (w && w < 128 && (t.s[w - 1] == '$' || t.s[w - 1] == '#' || t.s[w - 1] == '>'))
		return true;
	if (!program)
		return false;
	/* the bare command, or a path to it: "/usr/local/bin/npu-smi info" */
	size_t pn = strlen(program);
	return w >= pn && memcmp(t.s + w - pn, program, pn) == 0 &&
	       (w == pn || t.s[w - pn - 1] == '/');
}

double parse_memory_mib(const char *s, int default_unit)
{
	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	char *end;
	double v = strtod(s, &end);
	if (!isfinite(v) || v < 0 || v > 1e15)
		return 0;
	while (isspace((unsigned char)*end))
		end++;
	int unit = default_unit;
	if (!*end) {
		/* the default unit */
	} else if (strncasecmp(end, "MiB", 3) == 0 || strncasecmp(end, "MB", 2) == 0 ||
		   strcasecmp(end, "M") == 0) {
		unit = UNIT_MIB;
	} else if (strncasecmp(end, "GiB", 3) == 0 || strncasecmp(end, "GB", 2) == 0 ||
		   strcasecmp(end, "G") == 0) {
		unit = UNIT_GIB;
	} else if (strcasecmp(end, "B") == 0 || strcasecmp(end, "bytes") == 0) {
		unit = UNIT_BYTES;
	} else if (strncasecmp(end, "KiB", 3) == 0 || strncasecmp(end, "KB", 2) == 0) {
		return v / 1024.0;
	} else {
		return 0;
	}
	double mib = unit == UNIT_BYTES ? v / 1048576.0 : unit == UNIT_GIB ? v * 1024.0 : v;
	return mib > 0 && mib < 1e12 ? mib : 0;
}

/* ---- JSON ------------------------------------------------------------------------ */

json_t *json_parse(const char *name, const char *text, size_t len, struct diag *d)
{
	json_error_t err;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root)
		diag_set(d, name, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
			 "invalid JSON: %s", err.text);
	return root;
}

const char *json_text(json_t *o, const char *key, char *buf, size_t size)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return json_string_length(v) ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, size, "%.17g", json_real_value(v));
		return buf;
	}
	return NULL;
}

int json_error_at(struct diag *d, const char *name, const char *text, size_t len,
		  const struct json_step *path, size_t n, const char *fmt, ...)
{
	int line = 0, col = 0;
	if (n && json_locate(text, len, path, n, &line, &col) != 0)
		line = col = 0;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(d, name, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- small parsing helpers shared by the readers --------------------------------- */

int collect_parse_count(const char *s, size_t len, long long *out)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len || len > 12)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > COLLECT_MAX_COUNT)
		return -1;
	*out = v;
	return 0;
}

const char *collect_real_id(const char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	static const char *const none[] = {"N/A", "[N/A]", "NA", "REDACTED", "Not Supported",
					   "[Not Supported]", "Unknown", "None", "0x0"};
	for (size_t i = 0; i < CG_ARRAY_LEN(none); i++)
		if (strcasecmp(s, none[i]) == 0)
			return NULL;
	bool zeros = true, any = false;
	for (const char *p = s; *p; p++) {
		if (isalnum((unsigned char)*p)) {
			any = true;
			if (*p != '0')
				zeros = false;
		}
	}
	if (!any || zeros)
		return NULL;
	/* "0x0000..." and "GPU-00000000-0000-..." are masked too */
	const char *p = s;
	if (strncasecmp(p, "GPU-", 4) == 0 || strncasecmp(p, "0x", 2) == 0)
		p += p[0] == '0' ? 2 : 4;
	for (; *p; p++)
		if (isalnum((unsigned char)*p) && *p != '0')
			return s;
	return NULL;
}

bool collect_vgpu_name(const char *name)
{
	if (!name)
		return false;
	if (strncasecmp(name, "GRID ", 5) == 0)
		return true;
	/* "NVIDIA A16-4Q", "A100-40C", "T4-16Q": a profile suffix -<GB><class> */
	const char *dash = strrchr(name, '-');
	if (!dash || dash == name)
		return false;
	const char *p = dash + 1;
	size_t nd = strspn(p, "0123456789");
	return nd >= 1 && nd <= 3 && strchr("QCBAqcba", p[nd]) && p[nd] && p[nd + 1] == '\0' &&
	       isalnum((unsigned char)dash[-1]);
}

const char *collect_bus_address(struct collect *c, const char *s)
{
	struct pci_function f = {0};
	if (pci_address_parse(s, strlen(s), &f) != 0)
		return arena_strdup(&c->inv.arena, s);
	return arena_printf(&c->inv.arena, "%04x:%02x:%02x.%u", f.domain & 0xffffu, f.bus, f.dev,
			    f.fn);
}
