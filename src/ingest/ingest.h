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
	uint32_t *site_index; /* open-addressed: site + 1; 0 empty */
	size_t site_cap;
	const char *sites_path; /* the --sites file read, and its digest */
	char sites_sha256[SHA256_HEX_LEN + 1];
	/* a streamed CSV inventory opened (and its first bytes read, to tell
	 * its format) but not yet read: csv_stream reads it, inventory_free
	 * closes it */
	struct input *src;
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
 * field_limits[] in inventory.c; chipgate-inventory(5), "Inputs and
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

/* ==========================================================================
 * Fleet-scale inputs (issue #7): CSV (streamed), CycloneDX JSON, osquery
 * exports, format detection, and the collectors behind `chipgate collect`.
 * Implemented in csv.c, cyclonedx.c, osquery.c, detect.c and collect*.c.
 * ========================================================================== */

struct catalog; /* catalog/catalog.h: osquery and the collectors resolve PCI ids */

enum inv_format { INVFMT_AUTO, INVFMT_CFG, INVFMT_CSV, INVFMT_CYCLONEDX, INVFMT_OSQUERY };

/* "auto", "cfg", "csv", "cyclonedx", "osquery". */
const char *inv_format_name(enum inv_format f);
int inv_format_parse(const char *s, enum inv_format *out); /* 0 or -1 */
/* Tell the format of a document from its first LEN bytes: libconfig, CSV,
 * CycloneDX JSON (an object) or an osquery export (an array). Returns 0,
 * or -1 when the bytes fit none of them. */
int inv_format_detect(const char *head, size_t len, enum inv_format *out);
/* Read the start of PATH and detect its format; d filled on failure
 * ("cannot tell the format ... use --format-in"). Reads PATH: to read an
 * input once, use inventory_open_any instead. */
int inv_format_detect_file(const char *path, enum inv_format *out, struct diag *d);

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

/* An osquery export of pci_devices (the JSON array `osqueryi --json`
 * prints), one file per host: accelerators are recognised by PCI id and
 * class with CAT, and grouped one asset per model, as `collect` does. */
int inventory_load_osquery(struct inventory *inv, const char *path, const struct catalog *cat,
			   struct diag *d);
int inventory_load_osquery_text(struct inventory *inv, const char *name, const char *text,
				size_t len, const struct catalog *cat, struct diag *d);

/* Any inventory, in format FMT or (INVFMT_AUTO) the detected one. CSV is
 * loaded whole here (ONLY_ID as for inventory_load_csv); stream it with
 * csv_stream instead when the rows need not be kept. CAT is needed for
 * osquery exports only. *USED, when not NULL, gets the format read. */
int inventory_load_any(struct inventory *inv, const char *path, enum inv_format fmt,
		       const struct catalog *cat, const char *only_id, enum inv_format *used,
		       struct diag *d);
/* As inventory_load_any, opening PATH once (a pipe, a FIFO, /dev/fd/N and
 * "-" work like files: the format is told from the bytes read first, which
 * are then read by the reader, not read again), except that with STREAM
 * a CSV inventory is not read here: it is left open in INV (inv->src) for
 * csv_stream, which then reads it once. */
int inventory_open_any(struct inventory *inv, const char *path, enum inv_format fmt,
		       const struct catalog *cat, const char *only_id, bool stream,
		       enum inv_format *used, struct diag *d);

/* Position of the value at a JSON path in TEXT (for diagnostics after
 * jansson, which keeps none): PATH is a list of N steps, each an object
 * key or (key NULL) an array index. Returns 0 and sets line/col (1-based),
 * or -1 when the path cannot be followed. */
struct json_step {
	const char *key;
	size_t index;
};
int json_locate(const char *text, size_t len, const struct json_step *path, size_t n, int *line,
		int *col);

/* ---- collectors: this machine's PCI bus and saved tool output ------------
 * lspci, nvidia-smi (CSV, -q -x XML, -q text, -L, the default table),
 * npu-smi, rocm-smi and amd-smi, cnmon, Kubernetes nodes and Redfish
 * resources. Each reader turns its tool's view into physical units: MIG
 * instances, SR-IOV virtual functions, vGPU slices, time-sliced replicas,
 * the GCDs of a multi-die package and compute partitions are folded into
 * their package or ignored, and the output's comments say which and why. */

struct collect_opts {
	const char *site;      /* --site, or NULL */
	enum purpose purpose;  /* --purpose, or PURPOSE_UNSET */
	enum status status;    /* --status, or STATUS_UNSET */
	const char *host;      /* prefix of asset ids and attrs.host; NULL: none */
	const char *pci_ids;   /* libpci's device names from this pci.ids; NULL: the system's */
};

/* One PCI function as a collector saw it. */
struct pci_function {
	unsigned domain, bus, dev, fn;
	uint16_t vendor, device; /* 0 when unknown (plain lspci without ids) */
	int cls;                 /* base class << 8 | subclass; -1 unknown */
	const char *vendor_name; /* as printed; may be NULL */
	const char *device_name;
	bool vf;                 /* an SR-IOV virtual function */
	size_t pf;               /* of a virtual function: 1 + the index of its physical
	                          * function among those collect_pci is given; 0: not there */
	/* SR-IOV capability of a physical function, when known */
	unsigned vf_offset, vf_stride, total_vfs;
	uint16_t vf_device;
	int line; /* where it was read (0 for the live bus) */
};

/* Largest count of units one line of tool output may claim (a node's GPU
 * count, attached_gpus, a resource's capacity): more is not a machine, it
 * is bad input. */
#define COLLECT_MAX_COUNT 65536

/* Physical units of one model as a reader saw them: KEY (a UUID, a PCI
 * address, a serial, a node) stands for COUNT units and is counted once per
 * (host, site, model), however often it is seen. */
struct collect_unit {
	const char *model;      /* the model to write (see collect_model_name) */
	const char *name;       /* the tool's own name for it, when it states a memory
	                         * size ("A100-SXM4-40GB"); NULL: MODEL */
	const char *key_attr;   /* "uuids", "pci_addresses", "serials", "nodes", ... */
	const char *key;
	const char *pci_id;     /* "10de:20b2", or NULL */
	long long count;        /* units KEY stands for; 0 means 1 */
	double memory_mib;      /* memory the tool reports per unit; 0: not reported */
	const char *quantity_note; /* why the count is a lower bound, or NULL */
};

struct collect_group; /* (host, site, model) -> units, in collect.c */
struct collect_index; /* groups and keys seen, by name: in collect.c */

/* A collection in progress: accelerators grouped one per (host, site,
 * model). Everything lives in the arena of inv. */
struct collect {
	struct inventory inv; /* the result, after collect_finish() */
	const struct catalog *cat;
	struct collect_opts opts;
	const char *source; /* of the input being read: "lspci", "nvidia-smi", ... */
	const char *input;  /* the file being read, NULL for the live bus */
	const char *host;   /* of the units being added: the input's, or collect_set_host's */
	const char *site;
	const char *input_host; /* the host of the input being read */
	struct collect_input {
		const char *source, *path, *host;
	} *inputs;
	size_t ninputs, capi;
	struct collect_group *groups;
	size_t ngroups, capg;
	struct collect_index *index;
	size_t nhosts; /* distinct hosts among the assets, after collect_finish */
	struct collect_note {
		const char *text; /* a device ignored or folded and why, for a comment */
		unsigned count;
		bool folded;      /* folded into a counted unit, else ignored */
	} *notes;
	size_t nnotes, capn;
	struct collect_warning {
		const char *file; /* the input, or NULL */
		int line;         /* 0: none */
		const char *text;
	} *warnings;
	size_t nwarnings, capw;
	size_t warnings_left_out; /* past the first 100, only counted */
};

/* Start a collection (free with collect_free). CAT must outlive it. With a
 * SOURCE, the first input is begun as collect_input(c, SOURCE, INPUT,
 * o->host) does; with SOURCE NULL, call collect_input before each input. */
void collect_init(struct collect *c, const struct catalog *cat, const struct collect_opts *o,
		  const char *source, const char *input);
/* Begin reading INPUT (NULL: the live bus) of SOURCE; its units belong to
 * HOST (NULL: none) until a reader names another with collect_set_host. */
void collect_input(struct collect *c, const char *source, const char *input, const char *host);
/* The units added next belong to HOST (NULL: the input's) at SITE (NULL:
 * --site); a reader calls it when the output names its machines (a
 * Kubernetes node, a Redfish system). */
void collect_set_host(struct collect *c, const char *host, const char *site);
/* Add the accelerators among N PCI functions: known to the catalog by id,
 * or of class 3D controller / processing accelerator; switches, bridges,
 * NICs and the catalog's not_accelerators are ignored, SR-IOV virtual
 * functions are not counted. */
void collect_pci(struct collect *c, struct pci_function *f, size_t n);
/* Add units (see struct collect_unit). */
void collect_add_unit(struct collect *c, const struct collect_unit *u);
/* Add a unit known only by a link to it (U is copied): counted when the
 * collection finishes unless a unit of the same host and key was added in
 * full, by this input or another (a Redfish collection that was not
 * expanded, read beside the resources it links to). */
void collect_add_link(struct collect *c, const struct collect_unit *u);
/* Add one accelerator of MODEL text, identified by KEY (a PCI address or a
 * UUID, as KEY_ATTR says: "pci_addresses" or "uuids"; a key already counted
 * for that model is not counted twice). PCI_ID ("10de:20b2") may be NULL. */
void collect_add(struct collect *c, const char *model, const char *key_attr, const char *key,
		 const char *pci_id);
/* The model text for a chip found by the catalog or by MODEL text: the
 * catalog's "Vendor Model" when TEXT names a chip exactly (by its model or
 * an alias), else TEXT as the tool printed it (a prefix match such as
 * "A100-SXM4-40GB" keeps its own name, which check resolves the same way).
 * The result is in the collection's arena. */
const char *collect_model_name(struct collect *c, const char *text);
/* The same for the first of N texts that the catalog knows (exactly or by
 * a prefix), else the first text: a tool that prints "910A" and "Ascend
 * 910A" for one chip. */
const char *collect_model_name_of(struct collect *c, const char *const *texts, size_t n);
/* The catalog's name of the chip with PCI id VENDOR:DEVICE, or NULL. */
const char *collect_pci_model(struct collect *c, uint16_t vendor, uint16_t device);
/* Record that a device was ignored (counted per distinct TEXT). */
void collect_note(struct collect *c, const char *fmt, ...) CG_PRINTF(2, 3);
/* The same for N such devices at once (nothing when N is 0). */
void collect_note_n(struct collect *c, unsigned n, const char *fmt, ...) CG_PRINTF(3, 4);
/* Record that a device was folded into a counted unit (a MIG instance, a
 * GCD, a partition, a replica), counted per distinct TEXT. */
void collect_fold(struct collect *c, const char *fmt, ...) CG_PRINTF(2, 3);
/* The same for N such devices at once (nothing when N is 0). */
void collect_fold_n(struct collect *c, unsigned n, const char *fmt, ...) CG_PRINTF(3, 4);
/* Record a warning about the input being read, at LINE (0: none): printed
 * by the CLI and kept in the output's comments. */
void collect_warn(struct collect *c, int line, const char *fmt, ...) CG_PRINTF(3, 4);
/* Parse a PCI address "[DOMAIN:]BUS:DEV.FN" (hex). 0 or -1. */
int pci_address_parse(const char *s, size_t len, struct pci_function *f);
/* "00000000:3B:00.0" -> "0000:3b:00.0" (in C's arena); S itself when it
 * is not a PCI address. */
const char *collect_bus_address(struct collect *c, const char *s);
/* A count of units as a tool prints it (decimal, surrounding blanks
 * allowed): 0, or -1 when it is not a number or over COLLECT_MAX_COUNT. */
int collect_parse_count(const char *s, size_t len, long long *out);
/* A serial number or UUID a tool printed, or NULL when it is none:
 * empty, "N/A", "[N/A]", "NA", "REDACTED", "Not Supported", or only zeros
 * (masked). */
const char *collect_real_id(const char *s);
/* A vGPU profile name, as a guest sees its slice of a GPU: "GRID
 * A100-4C", "NVIDIA A16-4Q". */
bool collect_vgpu_name(const char *name);

/* Parsers of saved tool output; each fills C and returns 0, or -1 with d.
 * The _text variants read TEXT (LEN bytes) named NAME; the others read
 * PATH ("-" = standard input) once, within CHIPGATE_MAX_INPUT. */
int collect_lspci(struct collect *c, const char *path, struct diag *d);
int collect_lspci_text(struct collect *c, const char *name, const char *text, size_t len,
		       struct diag *d);
/* Every form nvidia-smi prints, told from the content: --query-gpu
 * --format=csv, -q -x (XML), -q, -L and the default table. */
int collect_nvidia_smi(struct collect *c, const char *path, struct diag *d);
int collect_nvidia_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			    struct diag *d);
/* The forms on their own (collect_nvidia_smi_text dispatches to them). */
int collect_nvsmi_csv_text(struct collect *c, const char *name, const char *text, size_t len,
			   struct diag *d);
int collect_nvsmi_xml_text(struct collect *c, const char *name, const char *text, size_t len,
			   struct diag *d);
int collect_nvsmi_report_text(struct collect *c, const char *name, const char *text, size_t len,
			      struct diag *d);
/* npu-smi info (the table), info -m, and info -t board -i N. */
int collect_npu_smi(struct collect *c, const char *path, struct diag *d);
int collect_npu_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d);
/* rocm-smi --json (--showproductname, -a). */
int collect_rocm_smi(struct collect *c, const char *path, struct diag *d);
int collect_rocm_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			  struct diag *d);
/* amd-smi static, as text or --json. */
int collect_amd_smi(struct collect *c, const char *path, struct diag *d);
int collect_amd_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d);
/* Cambricon cnmon (the table) and cnmon info. */
int collect_cnmon(struct collect *c, const char *path, struct diag *d);
int collect_cnmon_text(struct collect *c, const char *name, const char *text, size_t len,
		       struct diag *d);
/* kubectl get nodes -o json (a List or one Node), kubectl describe
 * node(s), and their labels and capacities as printed (grep, YAML). */
int collect_kube(struct collect *c, const char *path, struct diag *d);
int collect_kube_text(struct collect *c, const char *name, const char *text, size_t len,
		      struct diag *d);
/* A Redfish Processor, ProcessorCollection, GraphicsController or
 * PCIeDevice resource (or a collection of them with expanded members). */
int collect_redfish(struct collect *c, const char *path, struct diag *d);
int collect_redfish_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d);
/* Scan the PCI bus with libpci; DUMP non-NULL reads `lspci -x` output from
 * that file instead (libpci's dump access method). */
int collect_libpci(struct collect *c, const char *dump, struct diag *d);

/* Turn the groups into c->inv.assets (sorted by host and model; ids from
 * host and model), recording identity conflicts: a reported memory size
 * more than 10% away from the catalog's figure for the model (or from the
 * size the tool's own name states). Call once, after the parsers. */
void collect_finish(struct collect *c);
/* Write the collected inventory as libconfig or as CSV. 0, or -1 on a
 * write error. */
int collect_write_cfg(const struct collect *c, FILE *fp);
int collect_write_csv(const struct collect *c, FILE *fp);
void collect_free(struct collect *c);

#endif
