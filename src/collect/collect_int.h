/* Pieces the collectors of tool output share and nothing else needs: a
 * line reader over a text, key/value lines ("Product Name : Tesla T4"),
 * NVIDIA GPUs as every form of nvidia-smi describes them, and JSON
 * helpers over jansson with positions from json_locate. Private to
 * src/collect/collect_*.c; never included outside src/collect. */
#ifndef CHIPGATE_COLLECT_INT_H
#define CHIPGATE_COLLECT_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "collect/collect.h"

/* The catalog's "Vendor Model" of CHIP, in C's arena (collect.c). */
struct chip;
const char *collect_chip_name(struct collect *c, const struct chip *chip);

/* ---- lines ------------------------------------------------------------------ */

/* One line of a text: [s, s + len) without its "\n" or "\r\n". */
struct line {
	const char *s;
	size_t len;
	int no; /* 1-based */
};

struct lines {
	const char *p, *end;
	int no;
};

static inline void lines_init(struct lines *l, const char *text, size_t len)
{
	l->p = text;
	l->end = text + len;
	l->no = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		l->p += 3; /* a byte-order mark */
}

/* The next line, or false at the end. */
static inline bool lines_next(struct lines *l, struct line *out)
{
	if (l->p >= l->end)
		return false;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	const char *e = nl ? nl : l->end;
	out->s = l->p;
	out->len = (size_t)(e - l->p);
	if (out->len && out->s[out->len - 1] == '\r')
		out->len--;
	out->no = ++l->no;
	l->p = nl ? nl + 1 : l->end;
	return true;
}

/* Leading blanks of a line, a tab counting as the next multiple of 4. */
size_t line_indent(const struct line *l);
/* The line without leading and trailing blanks. */
struct line line_trim(struct line l);
bool line_blank(const struct line *l);
/* The cells of a table row "| a | b | c |" (the line's first character is
 * the opening bar), trimmed, into CELL (at most MAX); their count. */
size_t line_cells(const struct line *tl, struct line *cell, size_t max);
/* "Key   : value" (or "Key: value" with SEP ':'): the key and the value,
 * both trimmed. False when the line has no separator. */
bool line_key_value(const struct line *l, char sep, struct line *key, struct line *value);
/* Does the trimmed line equal / start with TEXT (case-sensitive)? */
bool line_is(const struct line *l, const char *text);
bool line_starts(const struct line *l, const char *text);
bool line_contains(const struct line *l, const char *text);
/* A NUL-terminated copy in C's arena. */
const char *line_dup(struct collect *c, const struct line *l);
/* Set d to "NAME:LINE[:COL]: MESSAGE 'EXCERPT'" with an excerpt of L. */
int line_error(struct diag *d, const char *name, const struct line *l, const char *what);
/* A shell prompt or the command line typed before the output: "$ cmd",
 * "~$ cmd", "# cmd", "user@host:~$ cmd", or the bare command (PROGRAM
 * names it: "nvidia-smi", "amd-smi"). */
bool line_is_prompt(const struct line *l, const char *program);

/* A memory size as tools print it ("15360 MiB", "23308MiB", "64289 MB",
 * "192G", "34342961152" with UNIT_BYTES), in MiB; 0 when it is none. */
enum { UNIT_MIB, UNIT_BYTES, UNIT_GIB };
double parse_memory_mib(const char *s, int default_unit);

/* ---- NVIDIA GPUs -------------------------------------------------------------- */

/* One GPU as a form of nvidia-smi printed it; NULL: not printed. */
struct nv_gpu {
	const char *name;      /* product name */
	const char *uuid;      /* "GPU-..." or, for a MIG instance row, "MIG-..." */
	const char *bus;       /* "00000000:3B:00.0" */
	const char *serial;
	const char *devid;     /* pci.device_id, "0x233010DE" or "233010DE" */
	const char *index;
	const char *virt_mode; /* "None", "Pass-Through", "VGPU", "Host VGPU" */
	double memory_mib;     /* fb memory total; 0 unknown */
	unsigned mig_devices;  /* MIG devices listed inside it */
	unsigned vgpus;        /* vGPUs a host lists on it */
	bool name_cut;         /* the table cut its name ("..."): no model from it */
	int line;
};

/* Count G (or fold or ignore it, saying why): a MIG instance listed as a
 * row of its own is part of its GPU, a vGPU slice in a guest is a share of
 * a GPU on another host; everything else is one physical GPU. */
void nv_add_gpu(struct collect *c, const struct nv_gpu *g);

/* ---- JSON ----------------------------------------------------------------------- */

/* Parse TEXT with jansson (duplicates rejected); on failure d says where. */
json_t *json_parse(const char *name, const char *text, size_t len, struct diag *d);
/* The string member KEY of O (a number is printed), or NULL. */
const char *json_text(json_t *o, const char *key, char *buf, size_t size);
/* A JSON diagnostic at a path (N steps), or without position. */
int json_error_at(struct diag *d, const char *name, const char *text, size_t len,
		  const struct json_step *path, size_t n, const char *fmt, ...) CG_PRINTF(7, 8);

#endif
