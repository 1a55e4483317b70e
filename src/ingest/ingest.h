/* ingest: inventory readers → struct asset. The native libconfig format
 * (DESIGN §4) is read whole into an inventory; CSV, CycloneDX and osquery
 * readers and the collectors produce the same structures. Readers validate
 * everything (types, enumerations, ranges, unique ids) and reject bad input
 * with one FILE:LINE[:COL] diagnostic; they never match models to the
 * catalog (that is the resolve stage) and never print. */
#ifndef CHIPGATE_INGEST_H
#define CHIPGATE_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/util.h"

/* Enumerated fields. The *_name() strings are canonical and static, so a
 * string field can be compared by pointer after ingest. */
enum purpose { PURPOSE_UNSET = -1, PURPOSE_COMMERCIAL, PURPOSE_GOVERNMENT, PURPOSE_CRITICAL,
	       PURPOSE_RESEARCH, PURPOSE_OTHER, PURPOSE_COUNT };
enum status { STATUS_UNSET = -1, STATUS_DEPLOYED, STATUS_ORDERED, STATUS_PLANNED,
	      STATUS_DECOMMISSIONED, STATUS_COUNT };

const char *purpose_name(enum purpose p); /* "critical-infrastructure"; NULL for unset */
const char *status_name(enum status s);
int purpose_parse(const char *s, enum purpose *out); /* 0 or -1 */
int status_parse(const char *s, enum status *out);

struct kv {
	const char *name;
	const char *value;
};

/* One line of an inventory. Strings are NULL when absent. */
struct asset {
	const char *id;
	const char *model;
	long long quantity; /* >= 1 */
	const char *site;
	enum purpose purpose;
	enum status status;
	const char *order;
	const char *destination; /* ISO 3166-1 alpha-2 */
	const char *owner;
	const char **tags;
	size_t ntags;
	struct kv *attrs; /* free-form, visible as asset.attrs.NAME */
	size_t nattrs;
	const char *file; /* where it was read */
	int line;
};

/* A justification record (DESIGN §6). Every field is kept by name so a
 * policy can require any of them; the common ones are also typed. */
enum jfield_type { JF_STRING, JF_LIST, JF_NUMBER, JF_GROUP };
struct jfield {
	const char *name;
	enum jfield_type type;
	const char *str;       /* JF_STRING */
	const char **list;     /* JF_LIST */
	size_t nlist;
	double num;            /* JF_NUMBER */
	int line;
};

struct justification {
	const char *asset;
	const char *rule;
	const char *reason;
	const char **alternatives;
	size_t nalternatives;
	double need_tflops_fp16; /* NAN when not stated */
	double need_tpp;
	double need_memory_gb;
	const char *requested_by;
	const char *approver;
	cg_date approved_on; /* CG_DATE_NONE when absent */
	cg_date expires;
	const char *approval;  /* path of a signed approval envelope, or NULL */
	struct jfield *fields; /* every setting of the record, in file order */
	size_t nfields;
	const char *file;
	int line;
};

struct waiver {
	const char *rule;
	const char *asset; /* NULL: every asset */
	const char *reason;
	const char *approver;
	cg_date expires; /* CG_DATE_NONE: never (discouraged; lint warns) */
	const char *file;
	int line;
};

/* A loaded inventory. Everything lives in its arena. */
struct inventory {
	struct arena arena;
	const char *path;
	char sha256[SHA256_HEX_LEN + 1];
	const char *organization;
	const char *jurisdiction; /* NULL when the file does not say */
	cg_date as_of;            /* CG_DATE_NONE when the file does not say */
	const char **policies;
	size_t npolicies;
	struct asset *assets;
	size_t nassets, cap_assets;
	struct justification *justs;
	size_t njusts;
	struct waiver *waivers;
	size_t nwaivers;
};

/* Load a native libconfig inventory. On error fills d (FILE:LINE[:COL])
 * and leaves inv empty (nothing to free). On success free with
 * inventory_free(). */
int inventory_load(struct inventory *inv, const char *path, struct diag *d);
int inventory_load_text(struct inventory *inv, const char *name, const char *text, size_t len,
			struct diag *d);
/* Load justifications and waivers (and optionally an `inventory` header)
 * from a companion libconfig file into INV (for CSV inventories). */
int inventory_load_justifications(struct inventory *inv, const char *path, struct diag *d);
void inventory_free(struct inventory *inv);

/* The asset called ID, or NULL. */
const struct asset *inventory_find(const struct inventory *inv, const char *id);

/* A country code: two uppercase ASCII letters. */
bool country_code_valid(const char *s);

#endif
