/* Diagnostics: a position and a message, filled by library code and
 * printed by the command layer as "chipgate: FILE:LINE:COL: message". */
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void diag_clear(struct diag *d)
{
	d->file[0] = '\0';
	d->line = d->col = 0;
	d->msg[0] = '\0';
}

void diag_vset(struct diag *d, const char *file, int line, int col, const char *fmt, va_list ap)
{
	if (!d)
		return;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	d->col = col;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	/* one line, always */
	for (char *p = d->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

void diag_set(struct diag *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vset(d, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_format(const struct diag *d, struct strbuf *out)
{
	if (d->file[0]) {
		sb_puts(out, d->file);
		if (d->line > 0) {
			sb_printf(out, ":%d", d->line);
			if (d->col > 0)
				sb_printf(out, ":%d", d->col);
		}
		sb_puts(out, ": ");
	}
	sb_puts(out, d->msg[0] ? d->msg : "unknown error");
}

void diag_list_push(struct diag_list *l, const struct diag *d)
{
	XGROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = *d;
}

void diag_list_release(struct diag_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *diag_excerpt(char *out, size_t size, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, limit = size > 8 ? size - 8 : 0;
	size_t shown = 0;
	for (size_t i = 0; i < n && o < limit; i++) {
		unsigned char c = (unsigned char)s[i];
		if (shown >= 60) {
			break;
		}
		if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
			if (o + 4 >= limit)
				break;
			if (c == '\'' || c == '\\') {
				out[o++] = '\\';
				out[o++] = (char)c;
			} else {
				out[o++] = '\\';
				out[o++] = 'x';
				out[o++] = hex[c >> 4];
				out[o++] = hex[c & 15];
			}
		} else {
			out[o++] = (char)c;
		}
		shown++;
	}
	if (shown < n && size > 4) {
		/* cut at a UTF-8 boundary before the ellipsis */
		while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
			o--;
		if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
			o--;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (size)
		out[o < size ? o : size - 1] = '\0';
	return out;
}
