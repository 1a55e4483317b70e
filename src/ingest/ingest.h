/* ingest: inventory readers → struct asset. The native libconfig format
 * (DESIGN §4) is read whole into an inventory; the CSV and CycloneDX
 * readers, and the collectors of src/collect (collect/collect.h), produce
 * the same structures. Readers validate everything (types, enumerations,
 * ranges, unique ids) and reject bad input with one FILE:LINE[:COL]
 * diagnostic; they never resolve models to the catalog (that is the
 * resolve stage: a BOM only asks it which devices are accelerators) and
 * never print. Depends on util only, and on catalog for that question. */
#ifndef CHIPGATE_INGEST_H
#define CHIPGATE_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/hmap.h"
#include "util/util.h"

/* Enumerated fields. The *_name() strings are canonical and static, so a
 * string field can be compared by pointer after ingest. */
enum purpose { PURPOSE_UNSET = -1, PURPOSE_COMMERCIAL, PURPOSE_GOVERNMENT, PURPOSE_CRITICAL,
	       PURPOSE_RESEARCH, PURPOSE_OTHER, PURPOSE_MILITARY, PURPOSE_PUBLIC_INSTITUTION,
	       PURPOSE_COUNT };
enum status { STATUS_UNSET = -1, STATUS_DEPLOYED, STATUS_ORDERED, STATUS_PLANNED,
	      STATUS_DECOMMISSIONED, STATUS_COUNT };
/* What an asset runs. Zero is "not given", so that a reader that does not
 * know the field leaves it unset. */
enum workload { WORKLOAD_UNSET, WORKLOAD_TRAINING, WORKLOAD_INFERENCE, WORKLOAD_MIXED,
		WORKLOAD_COUNT };
/* The organisation an inventory is of (its header's `kind`). */
enum org_kind { ORG_UNSET, ORG_STATE_OWNED, ORG_PRIVATE, ORG_GOVERNMENT,
		ORG_PUBLIC_INSTITUTION, ORG_COUNT };
/* Who pays for a site (a site's `funding`). */
enum funding { FUNDING_UNSET, FUNDING_STATE, FUNDING_PUBLIC, FUNDING_PRIVATE, FUNDING_COUNT };

const char *purpose_name(enum purpose p); /* "critical-infrastructure"; NULL for unset */
const char *status_name(enum status s);
int purpose_parse(const char *s, enum purpose *out); /* 0 or -1 */
int status_parse(const char *s, enum status *out);
/* "training", "state-owned", "state", ...: NULL for unset; parse: 0 or -1. */
const char *workload_name(enum workload w);
int workload_parse(const char *s, enum workload *out);
const char *org_kind_name(enum org_kind k);
int org_kind_parse(const char *s, enum org_kind *out);
const char *funding_name(enum funding f);
int funding_parse(const char *s, enum funding *out);
/* The values of an enumerated field as a message lists them ("training,
 * inference, mixed"), for FIELD "purpose", "status", "workload", "kind" or
 * "funding" (static). */
const char *enum_values(const char *field);

struct kv {
	const char *name;
	const char *value;
};

/* One line of an inventory. Strings are NULL when absent. */
struct csv_thread; /* a CSV reader thread (csv_stream.c) */

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
	/* when the order was placed (ordered_on), valid when has_ordered_on:
	 * a reader that does not know the field leaves both zero */
	bool has_ordered_on;
	cg_date ordered_on;
	enum workload workload;
	/* hashed: model_hash and site_hash are hash_mem of model and site
	 * (their bytes; site_hash 0 without a site), computed by the CSV
	 * reader's thread, so that the engine's lookups by model and site
	 * cost its own thread less. Other readers leave hashed false. */
	bool hashed;
	uint64_t model_hash, site_hash;
};

/* A site of the inventory (`sites`), visible to expressions as site.*
 * for the assets whose `site` names it. Strings are NULL when absent. */
struct site {
	const char *id;
	const char *country;  /* ISO 3166-1 alpha-2 */
	const char *province;
	enum funding funding;
	double completion;    /* 0..1; NAN when not given */
	const char *owner_hq; /* ISO 3166-1 alpha-2 of the owner's headquarters */
	int public_hub;       /* 1 true, 0 false, -1 not given */
	const char *programme;
	const char *file;
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
	const char *asset; /* NULL: every asset (unless group is set) */
	const char *group; /* an exposure group, or a pack's id (CG-STALE-PACK); NULL: none */
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
	enum org_kind kind;       /* the header's `kind` */
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
	/* the sites (`sites`, or --sites FILE.csv); has_sites when a list was
	 * given, even an empty one: then an asset naming another site is
	 * reported. Looked up by id through an index (inventory_site). */
	struct site *sites;
	size_t nsites;
	bool has_sites;
	struct hmap site_index; /* hash of a site's id -> the site */
	const char *sites_path; /* the --sites file read, and its digest */
	char sites_sha256[SHA256_HEX_LEN + 1];
	/* a streamed CSV inventory opened (and its first bytes read, to tell
	 * its format) but not yet read: csv_stream reads it, inventory_free
	 * closes it */
	struct input *src;
	/* the reader thread csv_stream_begin started, until csv_stream ends */
	struct csv_thread *reader;
	/* set before csv_stream when nothing shown needs sha256 (no output
	 * of the run prints the inputs' digests): the input is not hashed and
	 * sha256 stays empty */
	bool no_digest;
	/* the companion file inventory_load_justifications read, and its
	 * digest (for the report's inputs: it is not read again) */
	const char *just_path;
	char just_sha256[SHA256_HEX_LEN + 1];
	/* loaded for one asset id (explain, justify): of the other ids read,
	 * the closest to it, for "did you mean"; NULL when none is close */
	const char *near_id;
	/* what a reader left out and why, one line for the user (a BOM's
	 * devices that are not accelerators); NULL when nothing */
	const char *note;
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
/* The site called ID, or NULL (also when ID is NULL). */
const struct site *inventory_site(const struct inventory *inv, const char *id);
/* Load the sites of a CSV file (a header row; columns id, country,
 * province, funding, completion, owner_hq, public_hub, programme, id
 * required) into INV, validated as the native reader validates `sites`.
 * 0, or -1 with D at FILE:LINE:COL. */
int inventory_load_sites_csv(struct inventory *inv, const char *path, struct diag *d);
int inventory_load_sites_csv_text(struct inventory *inv, const char *name, const char *text,
				  size_t len, struct diag *d);
/* (Re)build the index of INV's sites; -1 with D at the second of two
 * sites of one id. */
int inventory_index_sites(struct inventory *inv, struct diag *d);

/* A country code: two uppercase ASCII letters. */
bool country_code_valid(const char *s);

/* ---- field length limits --------------------------------------------------
 * Every text field of every inventory reader has a longest value, in bytes
 * of UTF-8 (a CSV field as it is after unquoting and trimming): a longer
 * value is an input error, never truncated, never copied into a report.
 * The classes are here; which field is in which is the table
 * field_limits[] in limits.c; chipgate-inventory(5), "Inputs and
 * limits", lists both. */
#define FIELD_LIMIT_NAME 256      /* ids, model, site, owner, order, one tag, ... */
#define FIELD_LIMIT_ATTR_NAME 128 /* an attribute's name (a CSV column's, a justification field's) */
#define FIELD_LIMIT_TEXT 4096     /* free text: attribute values, reasons, paths, a CSV tags cell */
/* The limit of FIELD ("model", "tags" for one tag, "attrs" or "attrs.NAME"
 * for an attribute's value, ...); a field the table does not name (a
 * justification's own fields) is free text. */
size_t field_limit(const char *field);
/* Fill d with "FILE:LINE[:COL]: field 'FIELD' is LEN bytes; the limit is
 * LIMIT" and return -1. FIELD is a name the reader knows (a setting, a
 * column, a property), never the value. */
int field_too_long(struct diag *d, const char *file, int line, int col, const char *field,
		   size_t len, size_t limit);
/* The same for a name over FIELD_LIMIT_ATTR_NAME: "KIND name is LEN
 * bytes; the limit is 128" (KIND "attribute", "column", "field"). The name
 * is not quoted: the position says which, and a CSV column's name may not
 * even be UTF-8 yet. */
int name_too_long(struct diag *d, const char *file, int line, int col, const char *kind,
		  size_t len);

/* ---- other formats: CSV (streamed), CycloneDX JSON, format detection ------
 * Implemented in csv_*.c, cyclonedx.c and detect.c. Reading any format
 * told from the content, the osquery export included, is
 * inventory_open_any() in collect/collect.h: that stage knows every
 * reader. */

struct catalog; /* catalog/catalog.h: a BOM's accelerators are told by their names */

enum inv_format { INVFMT_AUTO, INVFMT_CFG, INVFMT_CSV, INVFMT_CYCLONEDX, INVFMT_OSQUERY };

/* "auto", "cfg", "csv", "cyclonedx", "osquery". */
const char *inv_format_name(enum inv_format f);
int inv_format_parse(const char *s, enum inv_format *out); /* 0 or -1 */
/* Tell the format of a document from its first LEN bytes: libconfig, CSV,
 * CycloneDX JSON (an object) or an osquery export (an array). Returns 0,
 * or -1 when the bytes fit none of them. */
int inv_format_detect(const char *head, size_t len, enum inv_format *out);
#define INV_FORMAT_HEAD 4096 /* the first bytes that are enough to tell */
/* Read the start of PATH and detect its format; d filled on failure
 * ("cannot tell the format ... use --format-in"). Reads PATH: to read an
 * input once, use inventory_open_any (collect/collect.h) instead. */
int inv_format_detect_file(const char *path, enum inv_format *out, struct diag *d);
/* Fill D with the error for PATH, whose format cannot be told, and
 * return -1. */
int inv_format_undetected(const char *path, struct diag *d);

/* An empty inventory for PATH, as the readers start one (inventory_free). */
void inventory_init_empty(struct inventory *inv, const char *path);
/* Append a deep copy of A (strings, tags, attrs) to INV's assets. */
struct asset *inventory_add_asset(struct inventory *inv, const struct asset *a);

/* Called once per CSV row, in file order. A and everything it points to
 * (except a->file) is valid only during the call: copy what you keep. A
 * non-zero return stops the stream; the reader then returns -1 with d as
 * the callback left it. */
typedef int (*asset_fn)(void *ctx, const struct asset *a, struct diag *d);

/* Stream the CSV inventory inv->path ("-" = stdin), or the input left
 * open in inv->src by inventory_open_any: each row is validated and handed
 * to FN, and not kept. Memory grows only with the set of ids seen (for
 * duplicates). inv->sha256 is set from the bytes read. On error d holds
 * "FILE:LINE:COL: message" (COL = the column number) and -1 is returned;
 * rows before the bad one have been passed to FN. */
int csv_stream(struct inventory *inv, asset_fn fn, void *ctx, struct diag *d);
/* Start reading it ahead, on the reader thread csv_stream uses, while the
 * caller does other work (check loads its packs meanwhile): rows wait,
 * a bounded number of them, for csv_stream; nothing of INV may change
 * until then, but inventory_free, which stops the reader. -1 with D set
 * when it cannot start; errors in the rows are told by csv_stream. */
int csv_stream_begin(struct inventory *inv, struct diag *d);
/* Stop a reader csv_stream_begin started and csv_stream did not finish. */
void csv_stream_abandon(struct inventory *inv);
int csv_stream_text(struct inventory *inv, const char *text, size_t len, asset_fn fn, void *ctx,
		    struct diag *d);
/* Load a CSV inventory whole (every asset kept in INV, or with ONLY_ID just
 * the asset of that id: explain on a large fleet). Same validation. On
 * error INV is freed, as inventory_load does. */
int inventory_load_csv(struct inventory *inv, const char *path, const char *only_id, struct diag *d);
int inventory_load_csv_text(struct inventory *inv, const char *name, const char *text, size_t len,
			    struct diag *d);
/* The same from IN, an input already opened (and perhaps read ahead) for
 * inv->path, which this reads to the end; the caller closes it. INV must
 * have been started with inventory_init_empty. */
int inventory_load_csv_input(struct inventory *inv, struct input *in, const char *only_id,
			     struct diag *d);

/* CycloneDX 1.4-1.6 JSON: components of type "device" (nested too) that
 * are accelerators become assets: those CAT knows by name, and those that
 * say so in a type or function property ("GPU", "NPU", "AI accelerator");
 * the other devices (connectors, regulators, servers) are counted and
 * named in inv->note. With CAT NULL every device is kept. On error INV is
 * freed and d says where (line and column when the value can be located
 * in the text). */
int inventory_load_cyclonedx(struct inventory *inv, const char *path, const struct catalog *cat,
			     struct diag *d);
int inventory_load_cyclonedx_text(struct inventory *inv, const char *name, const char *text,
				  size_t len, const struct catalog *cat, struct diag *d);

#endif
