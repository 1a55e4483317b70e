/* cfg: safe reading of libconfig documents for every reader (catalog,
 * inventories, policies). libconfig 1.5 wraps out-of-range integers,
 * truncates strings at "\x00" and follows @include: the raw text is
 * audited first so none of that reaches a reader, and typed getters give
 * FILE:LINE:COL diagnostics that name the setting. */
#ifndef CHIPGATE_UTIL_CFG_H
#define CHIPGATE_UTIL_CFG_H

#include <libconfig.h>

#include "util/util.h"

struct cfgdoc {
	config_t cfg;
	const char *path; /* as given; borrowed */
	char *buf;        /* the raw text (NUL-terminated) */
	size_t len;
	char sha256[SHA256_HEX_LEN + 1];
	bool loaded;
};

/* Read PATH and parse it. On error d is filled and the doc is released. */
int cfgdoc_load_file(struct cfgdoc *doc, const char *path, struct diag *d);
/* Parse TEXT (copied) as if read from NAME. */
int cfgdoc_load_text(struct cfgdoc *doc, const char *name, const char *text, size_t len,
		     struct diag *d);
void cfgdoc_free(struct cfgdoc *doc);

/* Position of a setting: its line, and the column of its name on that
 * line when it can be found (else 0). */
int cfg_line(const config_setting_t *s);
int cfg_col(const struct cfgdoc *doc, const config_setting_t *s);
/* Set d to "PATH:LINE:COL: msg" at setting S. */
void cfg_error(const struct cfgdoc *doc, const config_setting_t *s, struct diag *d,
	       const char *fmt, ...) CG_PRINTF(4, 5);

/* Typed getters of the member NAME of group S. Each returns 0 on success
 * (absent optional members leave the default: NULL, NAN, unchanged) and -1
 * with d filled when the member is missing but REQUIRED, or has the wrong
 * type or an invalid value. Strings are checked to be non-empty when
 * required and are borrowed from the config (valid until cfgdoc_free)
 * unless an arena is passed. */
int cfg_string(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	       const char **out, struct diag *d);
int cfg_number(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	       double min, double max, double *out, struct diag *d);
int cfg_int(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	    long long min, long long max, long long *out, struct diag *d);
int cfg_bool(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	     int *out, struct diag *d);
int cfg_date(const struct cfgdoc *doc, const config_setting_t *s, const char *name, bool required,
	     cg_date *out, struct diag *d);
/* A list or array of strings (a single string is accepted as a list of
 * one when ALLOW_SCALAR). Copies into ARENA. */
int cfg_strings(const struct cfgdoc *doc, const config_setting_t *s, const char *name,
		bool allow_scalar, struct arena *arena, const char ***out, size_t *n, struct diag *d);
/* A member that must be a list/array/group (or absent: *out NULL). */
int cfg_aggregate(const struct cfgdoc *doc, const config_setting_t *s, const char *name, int type,
		  bool required, config_setting_t **out, struct diag *d);
/* Every member of group S must be named in ALLOWED (NULL-terminated);
 * otherwise "unknown setting 'x' (did you mean 'y'?)". */
int cfg_check_members(const struct cfgdoc *doc, const config_setting_t *s,
		      const char *const *allowed, struct diag *d);
/* The human name of a libconfig type: "string", "list", ... */
const char *cfg_type_name(int type);
/* The indefinite article for NOUN in messages: "an" for "integer" and
 * "array", "a" otherwise. */
const char *cfg_article(const char *noun);

#endif
