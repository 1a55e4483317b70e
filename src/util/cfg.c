/* Safe libconfig reading. The raw text is audited before libconfig sees
 * it (NUL bytes, invalid UTF-8, @include, "\x00" escapes, integers that
 * libconfig 1.5 would silently wrap, floats that overflow), and the typed
 * getters turn every wrong type or value into one FILE:LINE:COL line. */
#include "util/cfg.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the raw audit ---------------------------------------------------- */

static int audit_fail(const char *path, const char *buf, size_t off, struct diag *d,
		      const char *what, const char *tok, size_t toklen)
{
	int line, col;
	char ex[96];
	text_position(buf, off, &line, &col);
	diag_set(d, path, line, col, "%s '%s'", what, diag_excerpt(ex, sizeof(ex), tok, toklen));
	return -1;
}

/* Check one number literal at buf[i..j). */
static int audit_number(const char *path, const char *buf, size_t i, size_t j, struct diag *d)
{
	char tmp[128];
	size_t n = j - i;
	if (n >= sizeof(tmp))
		return audit_fail(path, buf, i, d, "number too long", buf + i, n);
	memcpy(tmp, buf + i, n);
	tmp[n] = '\0';
	bool is_float = strpbrk(tmp, ".eE") && !(n > 1 && tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X'));
	const char *digits = tmp[0] == '-' || tmp[0] == '+' ? tmp + 1 : tmp;
	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		is_float = false;
	if (is_float) {
		errno = 0;
		char *end;
		double v = strtod(tmp, &end);
		if (errno == ERANGE && fabs(v) > 1.0)
			return audit_fail(path, buf, i, d, "number out of range", tmp, n);
		if (!isfinite(v))
			return audit_fail(path, buf, i, d, "number out of range", tmp, n);
		return 0;
	}
	/* errors quote the literal as written, L suffix included */
	const char *tok = buf + i;
	size_t toklen = n;
	bool is_long = n > 0 && (tmp[n - 1] == 'L' || tmp[n - 1] == 'l');
	while (n > 0 && (tmp[n - 1] == 'L' || tmp[n - 1] == 'l'))
		tmp[--n] = '\0';
	errno = 0;
	char *end;
	bool hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
	long long v;
	if (hex) {
		unsigned long long u = strtoull(tmp, &end, 16);
		if (errno == ERANGE || u > (is_long ? (unsigned long long)LLONG_MAX : 0xffffffffULL))
			return audit_fail(path, buf, i, d, "number out of range", tok, toklen);
		return 0;
	}
	v = strtoll(tmp, &end, 10);
	if (errno == ERANGE || (!is_long && (v > INT32_MAX || v < INT32_MIN)))
		return audit_fail(path, buf, i, d, "number out of range", tok, toklen);
	return 0;
}

/* Walk the text like libconfig's scanner: skip comments and strings, look
 * at directives, escapes and number literals. */
static int audit_text(const char *path, const char *buf, size_t len, struct diag *d)
{
	size_t i = 0;
	bool line_start = true;
	/* parse_doc hands libconfig the text after a BOM, so a directive
	 * right after it is at the start of a line too */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		char c = buf[i];
		if (c == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (line_start && c == '@') {
			size_t j = i;
			while (j < len && buf[j] != '\n')
				j++;
			return audit_fail(path, buf, i, d, "directives are not supported", buf + i, j - i);
		}
		line_start = false;
		if (c == '#' || (c == '/' && i + 1 < len && buf[i + 1] == '/')) {
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && buf[i + 1] == '*') {
			const char *e = strstr(buf + i + 2, "*/");
			i = e ? (size_t)(e - buf) + 2 : len;
			continue;
		}
		if (c == '"') {
			size_t j = i + 1;
			while (j < len && buf[j] != '"') {
				if (buf[j] == '\\' && j + 1 < len) {
					if ((buf[j + 1] == 'x' || buf[j + 1] == 'X') && j + 3 < len &&
					    buf[j + 2] == '0' && buf[j + 3] == '0')
						return audit_fail(path, buf, j, d, "NUL escape in string",
								  buf + j, 4);
					j++;
				}
				j++;
			}
			i = j + 1;
			continue;
		}
		if (isdigit((unsigned char)c) || ((c == '-' || c == '+' || c == '.') && i + 1 < len &&
						  isdigit((unsigned char)buf[i + 1]))) {
			/* a number unless it is the tail of a name */
			bool in_name = i > 0 && (isalnum((unsigned char)buf[i - 1]) || buf[i - 1] == '_' ||
						 buf[i - 1] == '-' || buf[i - 1] == '*');
			size_t j = i + 1;
			while (j < len && (isalnum((unsigned char)buf[j]) || buf[j] == '.' ||
					   ((buf[j] == '-' || buf[j] == '+') &&
					    (buf[j - 1] == 'e' || buf[j - 1] == 'E'))))
				j++;
			if (!in_name && audit_number(path, buf, i, j, d) != 0)
				return -1;
			i = j;
			continue;
		}
		i++;
	}
	return 0;
}

/* ---- loading -------------------------------------------------------------- */

static int parse_doc(struct cfgdoc *doc, struct diag *d)
{
	sha256_hex(doc->buf, doc->len, doc->sha256);
	if (text_validate(doc->path, doc->buf, doc->len, d) != 0 ||
	    audit_text(doc->path, doc->buf, doc->len, d) != 0)
		return -1;
	config_init(&doc->cfg);
	doc->loaded = true;
	const char *text = doc->buf;
	if (doc->len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	if (config_read_string(&doc->cfg, text) != CONFIG_TRUE) {
		const char *msg = config_error_text(&doc->cfg);
		/* bison's stack limit, reached by deep nesting, not by lack of memory */
		if (msg && strcmp(msg, "memory exhausted") == 0)
			msg = "nested too deeply";
		diag_set(d, doc->path, config_error_line(&doc->cfg), 0, "%s", msg ? msg : "syntax error");
		return -1;
	}
	return 0;
}

int cfgdoc_load_file(struct cfgdoc *doc, const char *path, struct diag *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = path;
	if (file_read_text(path, &doc->buf, &doc->len, d) != 0)
		return -1;
	if (parse_doc(doc, d) != 0) {
		cfgdoc_free(doc);
		return -1;
	}
	return 0;
}

int cfgdoc_load_text(struct cfgdoc *doc, const char *name, const char *text, size_t len,
		     struct diag *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = name;
	doc->buf = xmalloc(len + 1);
	memcpy(doc->buf, text, len);
	doc->buf[len] = '\0';
	doc->len = len;
	if (parse_doc(doc, d) != 0) {
		cfgdoc_free(doc);
		return -1;
	}
	return 0;
}

void cfgdoc_free(struct cfgdoc *doc)
{
	if (doc->loaded)
		config_destroy(&doc->cfg);
	doc->loaded = false;
	free(doc->buf);
	doc->buf = NULL;
	doc->len = 0;
}

/* ---- positions and errors --------------------------------------------- */

int cfg_line(const config_setting_t *s)
{
	int line = (int)config_setting_source_line(s);
	while (line <= 0 && s && config_setting_parent(s)) {
		s = config_setting_parent(s);
		line = (int)config_setting_source_line(s);
	}
	return line > 0 ? line : 0;
}

int cfg_col(const struct cfgdoc *doc, const config_setting_t *s)
{
	const char *name = config_setting_name(s);
	int line = (int)config_setting_source_line(s);
	if (!name || line <= 0 || !doc->buf)
		return 0;
	const char *p = doc->buf;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return 0;
	const char *eol = strchr(p, '\n');
	size_t linelen = eol ? (size_t)(eol - p) : strlen(p);
	size_t nlen = strlen(name);
	bool in_str = false;
	for (size_t i = 0; i + nlen <= linelen; i++) {
		/* a name inside a string value on the same line is not the setting */
		if (p[i] == '"' || in_str) {
			if (p[i] == '\\' && in_str)
				i++;
			else if (p[i] == '"')
				in_str = !in_str;
			continue;
		}
		if (memcmp(p + i, name, nlen) != 0)
			continue;
		bool left = i == 0 || !(isalnum((unsigned char)p[i - 1]) || p[i - 1] == '_' ||
					 p[i - 1] == '-');
		size_t k = i + nlen;
		while (k < linelen && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (left && k < linelen && (p[k] == '=' || p[k] == ':'))
			return (int)i + 1;
	}
	return 0;
}

void cfg_error(const struct cfgdoc *doc, const config_setting_t *s, struct diag *d,
	       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vset(d, doc->path, s ? cfg_line(s) : 0, s ? cfg_col(doc, s) : 0, fmt, ap);
	va_end(ap);
}

const char *cfg_article(const char *noun)
{
	return noun && strchr("aeiou", noun[0]) && noun[0] ? "an" : "a";
}

const char *cfg_type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP: return "group";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64: return "integer";
	case CONFIG_TYPE_FLOAT: return "number";
	case CONFIG_TYPE_STRING: return "string";
	case CONFIG_TYPE_BOOL: return "boolean";
	case CONFIG_TYPE_ARRAY: return "array";
	case CONFIG_TYPE_LIST: return "list";
	default: return "nothing";
	}
}

/* The member NAME of S; a missing required member is an error at S. */
static int member(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		  bool required, config_setting_t **out, struct diag *d)
{
	*out = config_setting_get_member(s, name);
	if (!*out && required) {
		const char *gname = config_setting_name(s);
		diag_set(d, doc->path, cfg_line(s), gname ? cfg_col(doc, s) : 0,
			 "missing required setting '%s'", name);
		return -1;
	}
	return 0;
}

static int wrong_type(const struct cfgdoc *doc, const config_setting_t *m, const char *want,
		      struct diag *d)
{
	const char *have = cfg_type_name(config_setting_type(m));
	cfg_error(doc, m, d, "'%s' must be %s %s, not %s %s", config_setting_name(m),
		  cfg_article(want), want, cfg_article(have), have);
	return -1;
}

int cfg_string(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	       const char **out, struct diag *d)
{
	config_setting_t *m;
	if (member(doc, s, name, required, &m, d) != 0)
		return -1;
	if (!m)
		return 0;
	if (config_setting_type(m) != CONFIG_TYPE_STRING)
		return wrong_type(doc, m, "string", d);
	const char *v = config_setting_get_string(m);
	if (required && (!v || !*v)) {
		cfg_error(doc, m, d, "'%s' must not be empty", name);
		return -1;
	}
	if (v && text_validate(doc->path, v, strlen(v), d) != 0) {
		cfg_error(doc, m, d, "'%s' is not valid UTF-8", name);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_number(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	       double min, double max, double *out, struct diag *d)
{
	config_setting_t *m;
	if (member(doc, s, name, required, &m, d) != 0)
		return -1;
	if (!m)
		return 0;
	double v;
	switch (config_setting_type(m)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64: v = (double)config_setting_get_int64(m); break;
	case CONFIG_TYPE_FLOAT: v = config_setting_get_float(m); break;
	default: return wrong_type(doc, m, "number", d);
	}
	if (!isfinite(v) || v < min || v > max) {
		cfg_error(doc, m, d, "'%s' must be between %g and %g, not %g", name, min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_int(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	    long long min, long long max, long long *out, struct diag *d)
{
	config_setting_t *m;
	if (member(doc, s, name, required, &m, d) != 0)
		return -1;
	if (!m)
		return 0;
	int t = config_setting_type(m);
	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
		return wrong_type(doc, m, "whole number", d);
	long long v = config_setting_get_int64(m);
	if (v < min || v > max) {
		cfg_error(doc, m, d, "'%s' must be between %lld and %lld, not %lld", name, min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_bool(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	     int *out, struct diag *d)
{
	config_setting_t *m;
	if (member(doc, s, name, required, &m, d) != 0)
		return -1;
	if (!m)
		return 0;
	if (config_setting_type(m) != CONFIG_TYPE_BOOL)
		return wrong_type(doc, m, "boolean (true or false)", d);
	*out = config_setting_get_bool(m);
	return 0;
}

int cfg_date(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	     cg_date *out, struct diag *d)
{
	const char *v = NULL;
	if (cfg_string(doc, s, name, required, &v, d) != 0)
		return -1;
	if (!v)
		return 0;
	if (date_parse(v, out) != 0) {
		char ex[96];
		cfg_error(doc, config_setting_get_member(s, name), d,
			  "'%s' is not a date (YYYY-MM-DD): '%s'", name,
			  diag_excerpt(ex, sizeof(ex), v, strlen(v)));
		return -1;
	}
	return 0;
}

int cfg_strings(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		bool allow_scalar, struct arena *arena, const char ***out, size_t *n, struct diag *d)
{
	config_setting_t *m;
	*out = NULL;
	*n = 0;
	if (member(doc, s, name, false, &m, d) != 0 || !m)
		return 0;
	int t = config_setting_type(m);
	if (t == CONFIG_TYPE_STRING && allow_scalar) {
		const char *v;
		if (cfg_string(doc, s, name, true, &v, d) != 0)
			return -1;
		*out = arena_alloc(arena, sizeof(char *));
		(*out)[0] = arena_strdup(arena, v);
		*n = 1;
		return 0;
	}
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return wrong_type(doc, m, "list of strings", d);
	int cnt = config_setting_length(m);
	const char **v = arena_alloc(arena, sizeof(char *) * (size_t)(cnt > 0 ? cnt : 1));
	for (int i = 0; i < cnt; i++) {
		config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			const char *have = cfg_type_name(config_setting_type(e));
			cfg_error(doc, m, d, "'%s' must be a list of strings; item %d is %s %s", name,
				  i + 1, cfg_article(have), have);
			return -1;
		}
		const char *sv = config_setting_get_string(e);
		if (!sv || !*sv) {
			cfg_error(doc, m, d, "'%s' item %d is empty", name, i + 1);
			return -1;
		}
		if (text_validate(doc->path, sv, strlen(sv), d) != 0) {
			cfg_error(doc, m, d, "'%s' item %d is not valid UTF-8", name, i + 1);
			return -1;
		}
		v[i] = arena_strdup(arena, sv);
	}
	*out = v;
	*n = (size_t)cnt;
	return 0;
}

int cfg_aggregate(const struct cfgdoc *doc, const config_setting_t *s, const char *name, int type,
		  bool required, config_setting_t **out, struct diag *d)
{
	config_setting_t *m;
	*out = NULL;
	if (member(doc, s, name, required, &m, d) != 0)
		return -1;
	if (!m)
		return 0;
	int t = config_setting_type(m);
	bool ok = t == type || (type == CONFIG_TYPE_LIST && t == CONFIG_TYPE_ARRAY &&
				config_setting_length(m) == 0);
	if (!ok)
		return wrong_type(doc, m, cfg_type_name(type), d);
	*out = m;
	return 0;
}

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	size_t prev[65], cur[65];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (cur[j] < best)
				best = cur[j];
		}
		if (best > cap)
			return cap + 1;
		memcpy(prev, cur, sizeof(size_t) * (lb + 1));
	}
	/* the row minimum can be within CAP while the distance is not */
	return prev[lb] > cap ? cap + 1 : prev[lb];
}

int cfg_check_members(const struct cfgdoc *doc, const config_setting_t *s,
		      const char *const *allowed, struct diag *d)
{
	int n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(m);
		if (!name)
			continue;
		bool ok = false;
		const char *best = NULL;
		size_t bestd = 3;
		for (const char *const *a = allowed; *a; a++) {
			if (strcmp(*a, name) == 0) {
				ok = true;
				break;
			}
			size_t dist = edit_distance(name, *a, 2);
			if (dist < bestd) {
				bestd = dist;
				best = *a;
			}
		}
		if (ok)
			continue;
		if (best)
			cfg_error(doc, m, d, "unknown setting '%s' (did you mean '%s'?)", name, best);
		else
			cfg_error(doc, m, d, "unknown setting '%s'", name);
		return -1;
	}
	return 0;
}
