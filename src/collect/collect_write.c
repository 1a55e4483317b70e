/* The writers of a collection: a libconfig inventory (DESIGN §4) whose
 * comments say what was read, every warning, and every device that was
 * ignored or folded into another and why; or a CSV inventory with one
 * column per attribute used. What they write must read back through the
 * inventory readers with the same assets (the fuzz targets check it), so
 * every string is escaped and no comment spans two lines. */
#include "collect/collect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void cfg_string_lit(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/* TEXT on one comment line: control characters (a file name may hold a
 * newline) as blanks. */
static void comment_put(FILE *fp, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, fp);
}

static void write_input(FILE *fp, const struct collect_input *in)
{
	fputs(strcmp(in->source, "libpci") == 0 && in->path ? "libpci reading the dump " : in->source,
	      fp);
	if (in->path && strcmp(in->source, "libpci") != 0) {
		fputs(" output in ", fp);
		comment_put(fp, in->path);
	} else if (in->path) {
		comment_put(fp, in->path);
	}
}

static void write_notes(const struct collect *c, FILE *fp, const char *comment)
{
	size_t hosts = c->nhosts, n = c->inv.nassets;
	fprintf(fp, "%s chipgate collect: ", comment);
	if (hosts > 1)
		fprintf(fp, "%zu asset%s on %zu hosts", n, n == 1 ? "" : "s", hosts);
	else
		fprintf(fp, "%zu accelerator model%s", n, n == 1 ? "" : "s");
	if (c->ninputs == 1) {
		fputs(" from ", fp);
		write_input(fp, &c->inputs[0]);
		fputc('\n', fp);
	} else {
		fprintf(fp, " from %zu inputs\n", c->ninputs);
		for (size_t i = 0; i < c->ninputs; i++) {
			fprintf(fp, "%s read ", comment);
			write_input(fp, &c->inputs[i]);
			if (c->inputs[i].host) {
				/* Kubernetes and Redfish outputs name their machines */
				bool names = strcmp(c->inputs[i].source, "kubectl") == 0 ||
					     strcmp(c->inputs[i].source, "redfish") == 0;
				fputs(names ? " (the hosts it names, else " : " (host ", fp);
				comment_put(fp, c->inputs[i].host);
				fputc(')', fp);
			}
			fputc('\n', fp);
		}
	}
	for (size_t i = 0; i < c->nwarnings; i++) {
		const struct collect_warning *w = &c->warnings[i];
		fprintf(fp, "%s warning: ", comment);
		if (w->file) {
			comment_put(fp, w->file);
			if (w->line > 0)
				fprintf(fp, ":%d", w->line);
			fputs(": ", fp);
		}
		comment_put(fp, w->text);
		fputc('\n', fp);
	}
	if (c->warnings_left_out)
		fprintf(fp, "%s warning: %zu more warnings left out\n", comment, c->warnings_left_out);
	for (size_t i = 0; i < c->nnotes; i++) {
		fprintf(fp, "%s %s %u x ", comment, c->notes[i].folded ? "folded" : "ignored",
			c->notes[i].count);
		comment_put(fp, c->notes[i].text);
		fputc('\n', fp);
	}
}

int collect_write_cfg(const struct collect *c, FILE *fp)
{
	write_notes(c, fp, "#");
	fputs("assets = (", fp);
	for (size_t i = 0; i < c->inv.nassets; i++) {
		const struct asset *a = &c->inv.assets[i];
		fprintf(fp, "%s\n  { id = ", i ? "," : "");
		cfg_string_lit(fp, a->id);
		fputs("; model = ", fp);
		cfg_string_lit(fp, a->model);
		fprintf(fp, "; quantity = %lld;", a->quantity);
		if (a->site) {
			fputs("\n    site = ", fp);
			cfg_string_lit(fp, a->site);
			fputc(';', fp);
		}
		if (a->purpose != PURPOSE_UNSET)
			fprintf(fp, " purpose = \"%s\";", purpose_name(a->purpose));
		if (a->status != STATUS_UNSET)
			fprintf(fp, " status = \"%s\";", status_name(a->status));
		fputs("\n    attrs = {", fp);
		for (size_t k = 0; k < a->nattrs; k++) {
			fprintf(fp, " %s = ", a->attrs[k].name);
			cfg_string_lit(fp, a->attrs[k].value);
			fputc(';', fp);
		}
		fputs(" }; }", fp);
	}
	fputs(c->inv.nassets ? "\n);\n" : ");\n", fp);
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}

static void csv_field(FILE *fp, const char *s)
{
	bool quote = !*s ? false : (strpbrk(s, ",\"\r\n") || isspace((unsigned char)s[0]) ||
				     isspace((unsigned char)s[strlen(s) - 1]));
	if (!quote) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

int collect_write_csv(const struct collect *c, FILE *fp)
{
	/* attribute columns: every name used, in order of first use */
	const char *names[32]; /* every attribute collect writes fits */
	size_t nn = 0;
	for (size_t i = 0; i < c->inv.nassets; i++)
		for (size_t k = 0; k < c->inv.assets[i].nattrs; k++) {
			const char *n = c->inv.assets[i].attrs[k].name;
			bool seen = false;
			for (size_t j = 0; j < nn && !seen; j++)
				seen = strcmp(names[j], n) == 0;
			if (!seen && nn < CG_ARRAY_LEN(names))
				names[nn++] = n;
		}
	fputs("id,model,quantity,site,purpose,status", fp);
	for (size_t j = 0; j < nn; j++) {
		fputc(',', fp);
		csv_field(fp, names[j]);
	}
	fputs("\r\n", fp);
	for (size_t i = 0; i < c->inv.nassets; i++) {
		const struct asset *a = &c->inv.assets[i];
		csv_field(fp, a->id);
		fputc(',', fp);
		csv_field(fp, a->model);
		fprintf(fp, ",%lld,", a->quantity);
		csv_field(fp, a->site ? a->site : "");
		fprintf(fp, ",%s,%s", a->purpose != PURPOSE_UNSET ? purpose_name(a->purpose) : "",
			a->status != STATUS_UNSET ? status_name(a->status) : "");
		for (size_t j = 0; j < nn; j++) {
			const char *v = "";
			for (size_t k = 0; k < a->nattrs; k++)
				if (strcmp(a->attrs[k].name, names[j]) == 0)
					v = a->attrs[k].value;
			fputc(',', fp);
			csv_field(fp, v);
		}
		fputs("\r\n", fp);
	}
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}
