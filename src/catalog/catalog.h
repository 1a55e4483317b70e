/* catalog: the accelerator catalog — vendors and chips loaded from
 * libconfig (the embedded rules/catalog.cfg, overlaid by user catalogs),
 * free-text and PCI-id matching, and the derived export facts: TPP, PD and
 * the ECCN 3A090 class (DESIGN §5, reference/export-controls.md §1).
 *
 * Must never guess: a figure missing from the catalog stays unknown (NAN),
 * and a classification that needs it is ECCN_INDETERMINATE. */
#ifndef CHIPGATE_CATALOG_H
#define CHIPGATE_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "util/hmap.h"
#include "util/util.h"

/* Precisions with their bit lengths for TPP (fp4/int4 4, fp8/int8 8,
 * fp16/bf16 16, tf32/fp32 32). */
enum prec { PREC_FP4, PREC_INT4, PREC_FP8, PREC_INT8, PREC_FP16, PREC_BF16, PREC_TF32, PREC_FP32, PREC_COUNT };

enum eccn { ECCN_NONE, ECCN_3A090A, ECCN_3A090B, ECCN_INDETERMINATE };

/* A tri-state fact: unknown, false, true. */
enum tri { TRI_UNKNOWN = -1, TRI_FALSE = 0, TRI_TRUE = 1 };

struct entity_listing {
	cg_date date;
	const char *note; /* e.g. "affiliates added"; may be NULL */
};

struct vendor {
	const char *name;    /* "NVIDIA" */
	const char *country; /* ISO 3166-1 alpha-2 */
	const char **aliases;
	size_t naliases;
	uint16_t *pci;       /* PCI vendor ids */
	size_t npci;
	uint32_t *non_accel; /* vendor<<16|device ids that are not accelerators (switches) */
	size_t nnon_accel;
	struct entity_listing *listings; /* US Entity List entries */
	size_t nlistings;
	const char **sources;
	size_t nsources;
	const char *file;
	int line;
};

struct chip {
	const char *id;    /* "nvidia-h20" */
	const char *model; /* "H20" */
	const struct vendor *vendor;
	const char **aliases;
	size_t naliases;
	uint32_t *pci; /* vendor<<16 | device */
	size_t npci;
	enum tri datacenter;
	int dies;            /* dense figures and die area are per die; default 1 */
	double die_area_mm2; /* per die; NAN unknown */
	double memory_gb;    /* NAN unknown */
	double memory_bw_gbs;
	double dense[PREC_COUNT]; /* dense TFLOPS/TOPS per die; NAN unknown */
	const char *fab_country;  /* NULL unknown */
	double tpp_reported;      /* as published, for comparison; NAN */
	double pd_reported;
	const char *note;         /* why a figure is missing, caveats; NULL if none */
	const char **sources;
	size_t nsources;
	const char *file;
	int line;

	/* derived by catalog_derive() */
	double tpp;          /* NAN unknown */
	enum prec tpp_prec;  /* the precision that gave the maximum */
	double area_mm2;     /* dies × die_area; NAN unknown */
	double pd;           /* NAN unknown */
	enum eccn eccn;
	const char *eccn_why; /* static text: which paragraph applied */
};

struct catalog_key; /* a folded matching key */

/* The catalog. Everything it points to lives in its arena. */
struct catalog {
	struct arena arena;
	struct vendor **vendors;
	size_t nvendors, capv;
	struct chip **chips;
	size_t nchips, capc;
	struct hmap chip_index; /* over chips, by id */
	struct catalog_key *keys; /* sorted by folded text, built lazily */
	size_t nkeys;
	char sha256[SHA256_HEX_LEN + 1]; /* of the embedded text */
	const char *source;              /* "embedded:catalog.cfg" */
	/* overlays applied, for the report's inputs */
	const char **overlays;
	char (*overlay_sha256)[SHA256_HEX_LEN + 1];
	size_t noverlays;
};

/* Load the embedded catalog into CAT (initialised here; free with
 * catalog_free). Returns 0, or -1 with d filled. */
int catalog_load_embedded(struct catalog *cat, struct diag *d);
/* Overlay a user catalog file: vendors and chips with an existing name/id
 * replace the embedded entry, new ones are added. */
int catalog_overlay_file(struct catalog *cat, const char *path, struct diag *d);
/* Parse catalog text (for tests and the embedded copy); FILE names it. */
int catalog_overlay_text(struct catalog *cat, const char *file, const char *text, size_t len,
			 struct diag *d);
void catalog_free(struct catalog *cat);

/* How a text matched. */
enum match_kind { MATCH_NONE, MATCH_EXACT, MATCH_PREFIX, MATCH_PCI, MATCH_AMBIGUOUS };

struct catalog_match {
	enum match_kind kind;
	const struct chip *chip;   /* NULL unless EXACT, PREFIX or PCI */
	const struct chip *others[4]; /* for AMBIGUOUS: the candidates */
	size_t nothers;
	const char *via;           /* the key that matched (model, alias, "pci 10de:2329") */
};

/* Match free text: case, vendor prefix, punctuation and spacing folded;
 * aliases; "10de:2329" or "pci:10de:2329" as a PCI id. A text that matches
 * no key exactly is tried by its bracketed parts, right to left, as pci.ids
 * writes names ("GH100 [H100 SXM5 80GB]"), before the longest key that is
 * a whole-token prefix of the whole text. */
void catalog_match(const struct catalog *cat, const char *text, struct catalog_match *m);
const struct chip *catalog_match_pci(const struct catalog *cat, uint16_t vendor, uint16_t device);
const struct chip *catalog_find_id(const struct catalog *cat, const char *id);
const struct vendor *catalog_find_vendor(const struct catalog *cat, const char *name);
const struct vendor *catalog_vendor_by_pci(const struct catalog *cat, uint16_t vendor);
/* True for ids the catalog says are not accelerators (NVSwitch ...). */
bool catalog_pci_not_accelerator(const struct catalog *cat, uint16_t vendor, uint16_t device);
/* The closest catalog chip to TEXT for "did you mean", or NULL. */
const struct chip *catalog_suggest(const struct catalog *cat, const char *text);

/* Compute tpp, pd and eccn of C from its figures. */
void catalog_derive(struct chip *c);
/* The 3A090 rule itself: tpp/pd NAN when unknown. *why gets static text. */
enum eccn eccn_classify(double tpp, double pd, enum tri datacenter, const char **why);
/* C's dense FP16 TFLOPS (BF16 when FP16 is not given) over all its dies,
 * as a justification's need and the alternatives to an order compare it;
 * NAN when unknown. */
double chip_tflops_fp16(const struct chip *c);
const char *eccn_name(enum eccn e);   /* "3A090.a", "3A090.b", "none", "indeterminate" */
const char *prec_name(enum prec p);   /* "fp16" */
int prec_bits(enum prec p);
/* "NVIDIA H20" */
void chip_display_name(const struct chip *c, struct strbuf *out);
/* The origin country under a basis ("vendor" or "fab"); NULL if unknown. */
const char *chip_origin(const struct chip *c, bool fab_basis);
/* The first Entity List date of the vendor that is on or before AS_OF
 * (listed since), or CG_DATE_NONE when not listed on that day. */
cg_date vendor_listed_on(const struct vendor *v, cg_date as_of);

/* How many decimals PD needs (2 to 6) so that its rounding does not seem
 * to put it on a 3A090 threshold it is not on: 3.196 prints "3.196", not
 * "3.20" (the b.2 floor). */
int catalog_pd_decimals(const struct chip *c);
/* Print the arithmetic behind TPP, PD and the class (for show/explain). */
void catalog_explain_chip(const struct chip *c, struct strbuf *out);

#endif
