/* collect: inventories from this machine's PCI bus and from saved tool
 * output -- lspci, nvidia-smi (CSV, -q -x XML, -q text, -L, the default
 * table), npu-smi, rocm-smi and amd-smi, cnmon, Kubernetes nodes, Redfish
 * resources and osquery's pci_devices export. Each reader turns its tool's
 * view into physical units: MIG instances, SR-IOV virtual functions, vGPU
 * slices, time-sliced replicas, the GCDs of a multi-die package and
 * compute partitions are folded into their package or ignored, and the
 * output's comments say which and why. Devices are named with the
 * catalog; the result is a struct inventory (ingest.h), written as
 * libconfig or CSV.
 *
 * A stage after ingest and catalog: collect -> ingest, catalog -> util.
 * It is also where an inventory of any format is opened
 * (inventory_open_any), since it alone knows every reader. Never prints. */
#ifndef CHIPGATE_COLLECT_H
#define CHIPGATE_COLLECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ingest/ingest.h"
#include "util/util.h"

struct catalog; /* catalog/catalog.h */

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

/* ---- inventories of any format ------------------------------------------ */

/* An osquery export of pci_devices (the JSON array `osqueryi --json`
 * prints), one file per host: accelerators are recognised by PCI id and
 * class with CAT, and grouped one asset per model, as `collect` does. */
int inventory_load_osquery(struct inventory *inv, const char *path, const struct catalog *cat,
			   struct diag *d);
int inventory_load_osquery_text(struct inventory *inv, const char *name, const char *text,
				size_t len, const struct catalog *cat, struct diag *d);

/* Any inventory, in format FMT or (INVFMT_AUTO) the detected one. CSV is
 * loaded whole here (ONLY_ID as for inventory_load_csv); stream it with
 * csv_stream instead when the rows need not be kept. CAT tells the
 * accelerators of an osquery export (needed) and of a BOM (NULL: every
 * device of a BOM is kept). *USED, when not NULL, gets the format read. */
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

#endif
