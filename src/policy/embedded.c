/* The packs compiled into the binary (the packs of rules/, not the catalog): their
 * names, the aliases their headers give (`aliases`, so that a pack renamed
 * keeps answering to its old name), the packs of a jurisdiction, and the
 * message for a name that is none of them. Headers are read without
 * compiling the packs. */
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"

bool policy_has_cfg_suffix(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && strcmp(s + n - 4, ".cfg") == 0;
}

/* The `aliases` of the embedded pack FILE (NAME.cfg), read from its
 * header without compiling it, into OUT (at most MAX, static storage). */
static size_t embedded_aliases(const char *file, const char **out, size_t max)
{
	static struct {
		char file[64];
		char names[8][64];
		size_t n;
	} cache[16];
	static size_t ncache;
	for (size_t i = 0; i < ncache; i++)
		if (strcmp(cache[i].file, file) == 0) {
			for (size_t k = 0; k < cache[i].n && k < max; k++)
				out[k] = cache[i].names[k];
			return cache[i].n < max ? cache[i].n : max;
		}
	const struct embedded_file *f = embedded_find(file);
	if (!f || ncache == CG_ARRAY_LEN(cache) || strlen(file) >= sizeof(cache[0].file))
		return 0;
	size_t c = ncache++;
	snprintf(cache[c].file, sizeof(cache[c].file), "%s", file);
	config_t cfg;
	config_init(&cfg);
	config_setting_t *a;
	if (config_read_string(&cfg, (const char *)f->data) == CONFIG_TRUE &&
	    (a = config_lookup(&cfg, "policy.aliases")) != NULL) {
		int n = config_setting_type(a) == CONFIG_TYPE_STRING ? 1 : config_setting_length(a);
		for (int i = 0; i < n && cache[c].n < CG_ARRAY_LEN(cache[c].names); i++) {
			const char *s = config_setting_type(a) == CONFIG_TYPE_STRING
			                    ? config_setting_get_string(a)
			                    : config_setting_get_string_elem(a, (unsigned)i);
			if (s && strlen(s) < sizeof(cache[c].names[0]))
				snprintf(cache[c].names[cache[c].n++], sizeof(cache[c].names[0]),
				         "%s", s);
		}
	}
	config_destroy(&cfg);
	for (size_t k = 0; k < cache[c].n && k < max; k++)
		out[k] = cache[c].names[k];
	return cache[c].n < max ? cache[c].n : max;
}

const char *policy_embedded_name(const char *name)
{
	if (strchr(name, '/') || policy_has_cfg_suffix(name) || strcmp(name, "catalog") == 0)
		return NULL;
	const char *all[16];
	size_t n = policy_embedded_all(all, 16);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i], name) == 0)
			return all[i];
	for (size_t i = 0; i < n; i++) {
		char buf[80];
		const char *al[8];
		snprintf(buf, sizeof(buf), "%s.cfg", all[i]);
		size_t k = embedded_aliases(buf, al, 8);
		for (size_t j = 0; j < k; j++)
			if (strcmp(al[j], name) == 0)
				return all[i];
	}
	return NULL;
}

bool policy_is_embedded(const char *name)
{
	return policy_embedded_name(name) != NULL;
}

void policy_list_embedded(struct strbuf *sb, const char *sep)
{
	size_t n = 0;
	for (size_t i = 0; i < embedded_files_count; i++) {
		const char *f = embedded_files[i].name;
		size_t len = strlen(f);
		if (!policy_has_cfg_suffix(f) || strcmp(f, "catalog.cfg") == 0)
			continue;
		sb_printf(sb, "%s%.*s", n++ ? sep : "", (int)(len - 4), f);
	}
}

/* NAME is neither a file nor an embedded pack: say which packs there are,
 * and the closest one. */
void policy_no_such_pack(const char *name, struct diag *d)
{
	struct strbuf all = STRBUF_INIT;
	policy_list_embedded(&all, "\n");
	struct suggest s;
	suggest_init(&s, name);
	for (char *p = all.buf, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		suggest_offer(&s, p);
		char buf[80];
		const char *al[8];
		snprintf(buf, sizeof(buf), "%s.cfg", p);
		size_t k = embedded_aliases(buf, al, 8);
		for (size_t j = 0; j < k; j++)
			suggest_offer(&s, al[j]);
	}
	struct strbuf msg = STRBUF_INIT;
	sb_puts(&msg, "no such policy pack");
	if (s.best)
		sb_printf(&msg, " (did you mean '%s'?)", s.best);
	sb_puts(&msg, "; embedded packs: ");
	for (char *p = all.buf; p < all.buf + all.len; p += strlen(p) + 1)
		sb_printf(&msg, "%s, ", p);
	sb_puts(&msg, "or give a file path");
	snprintf(d->msg, sizeof(d->msg), "%s", sb_str(&msg));
	sb_release(&msg);
	sb_release(&all);
}

size_t policy_embedded_all(const char **names, size_t max)
{
	size_t n = 0;
	static char store[16][64];
	for (size_t i = 0; i < embedded_files_count && n < max && n < 16; i++) {
		const char *f = embedded_files[i].name;
		size_t len = strlen(f);
		if (strcmp(f, "catalog.cfg") == 0 || len < 5 || len - 4 >= sizeof(store[0]))
			continue;
		memcpy(store[n], f, len - 4);
		store[n][len - 4] = '\0';
		names[n] = store[n];
		n++;
	}
	return n;
}

/* Embedded packs whose jurisdiction is JURISDICTION: read from the header
 * of each pack without compiling it. */
size_t policy_embedded_for(const char *jurisdiction, const char **names, size_t max)
{
	const char *all[16];
	size_t n = policy_embedded_all(all, 16), out = 0;
	for (size_t i = 0; i < n && out < max; i++) {
		char buf[80];
		snprintf(buf, sizeof(buf), "%s.cfg", all[i]);
		const struct embedded_file *f = embedded_find(buf);
		config_t cfg;
		config_init(&cfg);
		const char *j = NULL;
		if (config_read_string(&cfg, (const char *)f->data) == CONFIG_TRUE &&
		    config_lookup_string(&cfg, "policy.jurisdiction", &j) == CONFIG_TRUE &&
		    strcmp(j, jurisdiction) == 0)
			names[out++] = all[i];
		config_destroy(&cfg);
	}
	return out;
}
