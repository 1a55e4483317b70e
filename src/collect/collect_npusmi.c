/* Saved Huawei npu-smi output as collector input, alone or several
 * commands in one file (as fault-diagnosis collectors save them):
 *
 *  - `npu-smi info`: the table of NPUs, two rows per chip (the NPU id and
 *    name, then the chip id, bus id and HBM usage), the process table
 *    after it ignored;
 *  - `npu-smi info -m`: one row per chip (NPU id, chip id, logic id,
 *    name); rows of MCUs (board microcontrollers) are not chips;
 *  - `npu-smi info -t board -i N [-c C]` and `-t usages`: "Key : value"
 *    blocks that start at "NPU ID", adding a chip's name, bus id, PCI ids
 *    and HBM capacity.
 *
 * What the forms say about one chip (NPU id, chip id) is merged, so a file
 * with all of them counts each chip once. Lines of other commands between
 * them (hccn_tool, lspci) are skipped. Must never accept a file in which
 * none of these forms appears. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

#define MAX_CHIPS 4096 /* chips of one host: far more than any server holds */

/* What is known of one chip; CHIP -1 for what a board block says of the
 * whole NPU (a card). */
struct npu_chip {
	long npu, chip;
	const char *name, *bus;
	uint16_t vendor, device;
	double hbm_mib;
	long chip_count; /* for a board record: -1 unknown */
	int line;
};

struct npu {
	struct collect *c;
	const char *file;
	struct diag *d;
	struct npu_chip *v;
	size_t n, cap;
	/* the table */
	bool in_table, in_processes, hbm_column, seen_form;
	const char *row_name; /* of the last NPU row */
	long row_npu;
	/* key/value blocks */
	long kv_npu, kv_chip; /* -1: no block open */
	bool kv_chip_given;
	/* -m */
	bool in_m;
};

static struct npu_chip *chip_rec(struct npu *s, long npu, long chip, int line)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].npu == npu && s->v[i].chip == chip)
			return &s->v[i];
	if (s->n >= MAX_CHIPS)
		return NULL;
	XGROW(s->v, s->cap, s->n + 1);
	s->v[s->n] = (struct npu_chip){.npu = npu, .chip = chip, .chip_count = -1, .line = line};
	return &s->v[s->n++];
}

static long number(const char *s, size_t n)
{
	long long v;
	char buf[24];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return parse_ll(buf, 0, 1000000, &v) == 0 ? (long)v : -1;
}

static int too_many(struct npu *s, int line)
{
	diag_set(s->d, s->file, line, 0, "more than %d NPU chips: not the output of one host",
		 MAX_CHIPS);
	return -1;
}

/* ---- the table ---------------------------------------------------------------- */

/* Split a table row "| a | b | c |" into trimmed cells (ROW is modified). */
static size_t cells(char *row, char **out, size_t max)
{
	size_t n = 0;
	char *p = row;
	if (*p == '|')
		p++;
	while (*p && n < max) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		while (*p == ' ')
			p++;
		char *e = p + strlen(p);
		while (e > p && isspace((unsigned char)e[-1]))
			*--e = '\0';
		out[n++] = p;
		if (!bar)
			break;
		p = bar + 1;
		if (!*p)
			break;
	}
	return n;
}

/* The last "used / total" of a cell: the total, in MB. */
static double last_total(const char *cell)
{
	const char *slash = strrchr(cell, '/');
	return slash ? parse_memory_mib(slash + 1, UNIT_MIB) : 0;
}

/* "0     910B" + "OK": a name row. "0" + "0000:C1:00.0": the chip row under it. */
static int table_row(struct npu *s, char *row, int line)
{
	char *cell[8];
	size_t n = cells(row, cell, CG_ARRAY_LEN(cell));
	if (n < 2)
		return 0;
	if (strncmp(cell[0], "NPU", 3) == 0 && strstr(cell[0], "Name")) {
		s->in_table = s->seen_form = true;
		s->in_processes = false;
		return 0;
	}
	if (strncmp(cell[0], "Chip", 4) == 0 && n >= 3 && strstr(cell[2], "HBM-Usage"))
		s->hbm_column = true;
	if (strncmp(cell[0], "NPU", 3) == 0 && strstr(cell[0], "Chip") && strstr(cell[1], "Process")) {
		s->in_processes = true;
		return 0;
	}
	if (!s->in_table || s->in_processes || strncmp(cell[0], "Chip", 4) == 0)
		return 0;
	const char *a = cell[0];
	size_t idn = strspn(a, "0123456789");
	const char *rest = a + idn;
	while (*rest == ' ')
		rest++;
	struct pci_function f;
	if (pci_address_parse(cell[1], strlen(cell[1]), &f) == 0) {
		/* the chip row: "0" or "0  0" (chip id, logic id) + bus id */
		if (!s->row_name) {
			diag_set(s->d, s->file, line, 0, "npu-smi chip row before its NPU row");
			return -1;
		}
		long chip = idn ? number(a, idn) : 0;
		struct npu_chip *r = chip_rec(s, s->row_npu, chip < 0 ? 0 : chip, line);
		if (!r)
			return too_many(s, line);
		r->name = s->row_name;
		/* the second chip of a multi-chip card shares the bus id */
		r->bus = chip > 0 ? arena_printf(&s->c->inv.arena, "%s#%ld",
						 collect_bus_address(s->c, cell[1]), chip)
				  : collect_bus_address(s->c, cell[1]);
		if (s->hbm_column && n >= 3 && last_total(cell[2]) > 0)
			r->hbm_mib = last_total(cell[2]);
		return 0;
	}
	if (idn && *rest) {
		s->row_npu = number(a, idn);
		s->row_name = arena_strdup(&s->c->inv.arena, rest);
		if (s->row_npu < 0) {
			diag_set(s->d, s->file, line, 0, "NPU id out of range");
			return -1;
		}
	}
	return 0;
}

/* ---- npu-smi info -m ---------------------------------------------------------- */

/* "0   0   0   Ascend 910A": NPU id, chip id, logic id (or "-"), name. */
static int m_row(struct npu *s, const struct line *l)
{
	struct line t = line_trim(*l);
	const char *p = t.s, *end = t.s + t.len;
	const char *w[3];
	size_t wl[3];
	for (int i = 0; i < 3; i++) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		w[i] = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		wl[i] = (size_t)(p - w[i]);
	}
	while (p < end && isspace((unsigned char)*p))
		p++;
	long npu = number(w[0], wl[0]), chip = number(w[1], wl[1]);
	if (npu < 0 || chip < 0 || p == end) {
		s->in_m = false; /* the table ended */
		return 1;
	}
	char name[128];
	snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
	if (strcasecmp(name, "Mcu") == 0 || (wl[2] == 1 && w[2][0] == '-')) {
		collect_note(s->c, "npu-smi -m row '%s': a board microcontroller, not a chip", name);
		return 0;
	}
	struct npu_chip *r = chip_rec(s, npu, chip, l->no);
	if (!r)
		return too_many(s, l->no);
	if (!r->name)
		r->name = arena_strdup(&s->c->inv.arena, name);
	return 0;
}

/* ---- Key : value blocks (-t board, -t usages) ------------------------------------ */

static int kv_line(struct npu *s, const struct line *key, const struct line *value, int line)
{
	char k[64], v[128];
	snprintf(k, sizeof(k), "%.*s", (int)(key->len < 63 ? key->len : 63), key->s);
	snprintf(v, sizeof(v), "%.*s", (int)(value->len < 127 ? value->len : 127), value->s);
	if (strcmp(k, "NPU ID") == 0) {
		s->kv_npu = number(value->s, value->len);
		s->kv_chip = -1;
		s->kv_chip_given = false;
		s->seen_form = true;
		if (s->kv_npu < 0)
			return line_error(s->d, s->file, &(struct line){value->s, value->len, line},
					  "NPU ID out of range");
		return 0;
	}
	if (s->kv_npu < 0)
		return 0; /* another command's key/value lines */
	if (strcmp(k, "Chip ID") == 0 && !s->kv_chip_given) {
		long chip = number(value->s, value->len);
		if (chip >= 0) {
			s->kv_chip = chip;
			s->kv_chip_given = true;
			/* what came before it in this block (usages: HBM first); the
			 * second chip_rec may move the array: take the value first */
			struct npu_chip *board = chip_rec(s, s->kv_npu, -1, line);
			if (!board)
				return too_many(s, line);
			double hbm = board->hbm_mib;
			struct npu_chip *r = chip_rec(s, s->kv_npu, chip, line);
			if (!r)
				return too_many(s, line);
			if (!r->hbm_mib)
				r->hbm_mib = hbm;
		}
		return 0;
	}
	struct npu_chip *r = chip_rec(s, s->kv_npu, s->kv_chip, line);
	if (!r)
		return too_many(s, line);
	unsigned x;
	if (strcmp(k, "Chip Name") == 0 && *v) {
		r->name = arena_strdup(&s->c->inv.arena, v);
	} else if (strcmp(k, "PCIe Bus Info") == 0) {
		struct pci_function f;
		if (pci_address_parse(v, strlen(v), &f) == 0)
			r->bus = collect_bus_address(s->c, v);
	} else if (strcmp(k, "PCI Vendor ID") == 0 && sscanf(v, "0x%4x", &x) == 1) {
		r->vendor = (uint16_t)x;
	} else if (strcmp(k, "PCI Device ID") == 0 && sscanf(v, "0x%4x", &x) == 1) {
		r->device = (uint16_t)x;
	} else if (strcmp(k, "HBM Capacity(MB)") == 0) {
		r->hbm_mib = parse_memory_mib(v, UNIT_MIB);
	} else if (strcmp(k, "Chip Count") == 0 && s->kv_chip < 0) {
		long long cc;
		if (parse_ll(v, 0, 64, &cc) != 0)
			return line_error(s->d, s->file, &(struct line){value->s, value->len, line},
					  "chip count out of range");
		r->chip_count = (long)cc;
	}
	return 0;
}

/* ---- the result ------------------------------------------------------------------ */

static const char *chip_model(struct npu *s, const struct npu_chip *r)
{
	const char *name = r->name;
	if (r->vendor && r->device) {
		const char *m = collect_pci_model(s->c, r->vendor, r->device);
		if (m)
			return m;
	}
	if (!name)
		return NULL;
	const char *bare = strncasecmp(name, "Ascend", 6) == 0 ? name + 6 : name;
	while (*bare == ' ')
		bare++;
	struct arena *ar = &s->c->inv.arena;
	const char *texts[3] = {arena_printf(ar, "Huawei Ascend %s", bare), bare, name};
	return collect_model_name_of(s->c, texts, 3);
}

/* Board records (-t board without -c) lend their bus id, PCI ids and HBM
 * to the chip of a one-chip NPU, or stand for the NPU when no chip of it
 * was seen. */
static void merge_boards(struct npu *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct npu_chip *b = &s->v[i];
		if (b->chip >= 0)
			continue;
		struct npu_chip *only = NULL;
		size_t nchips = 0;
		for (size_t j = 0; j < s->n; j++)
			if (s->v[j].chip >= 0 && s->v[j].npu == b->npu) {
				only = &s->v[j];
				nchips++;
			}
		if (nchips == 1) {
			if (!only->bus && b->chip_count <= 1)
				only->bus = b->bus;
			if (!only->vendor) {
				only->vendor = b->vendor;
				only->device = b->device;
			}
			if (!only->hbm_mib)
				only->hbm_mib = b->hbm_mib;
			if (!only->name)
				only->name = b->name;
			b->npu = -1; /* merged */
		} else if (nchips == 0 && (b->bus || b->name || b->device)) {
			b->chip = 0; /* the NPU itself, seen only as a board */
		} else {
			b->npu = -1;
		}
	}
}

static void add_chips(struct npu *s)
{
	merge_boards(s);
	for (size_t i = 0; i < s->n; i++) {
		struct npu_chip *r = &s->v[i];
		if (r->npu < 0 || r->chip < 0)
			continue;
		char pci_id[10];
		snprintf(pci_id, sizeof(pci_id), "%04x:%04x", r->vendor, r->device);
		struct collect_unit u = {.model = chip_model(s, r), .name = r->name,
					 .pci_id = r->vendor ? pci_id : NULL, .memory_mib = r->hbm_mib};
		if (!u.model)
			u.model = r->vendor ? NULL : "Huawei Ascend (model not printed)";
		if (r->bus) {
			u.key_attr = "pci_addresses";
			u.key = r->bus;
		} else {
			u.key_attr = "npu_chips";
			u.key = arena_printf(&s->c->inv.arena, "npu%ld-chip%ld", r->npu, r->chip);
		}
		collect_add_unit(s->c, &u);
	}
}

int collect_npu_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct npu s = {.c = c, .file = name, .d = d, .kv_npu = -1, .kv_chip = -1, .row_npu = -1};
	struct lines ls;
	struct line l;
	int rc = 0;
	char *row = NULL;
	size_t cap = 0;
	lines_init(&ls, text, len);
	while (rc == 0 && lines_next(&ls, &l)) {
		struct line t = line_trim(l), key, value;
		if (!t.len)
			continue;
		if (t.s[0] == '|' || t.s[0] == '+') {
			s.kv_npu = -1;
			s.in_m = false;
			XGROW(row, cap, t.len + 1);
			memcpy(row, t.s, t.len);
			row[t.len] = '\0';
			if (row[0] == '|')
				rc = table_row(&s, row, l.no);
		} else if (line_starts(&t, "NPU ID") && strstr(line_dup(c, &t), "Chip Name") &&
			   !memchr(t.s, ':', t.len)) {
			s.in_m = s.seen_form = true; /* npu-smi info -m */
			s.kv_npu = -1;
		} else if (s.in_m && isdigit((unsigned char)t.s[0])) {
			int r = m_row(&s, &l);
			rc = r < 0 ? -1 : 0;
		} else if (line_key_value(&t, ':', &key, &value) && key.len && key.len < 64 &&
			   !memchr(key.s, '[', key.len)) {
			s.in_m = false;
			rc = kv_line(&s, &key, &value, l.no);
		} else {
			s.in_m = false;
			s.kv_npu = -1; /* a command line, or another tool's output */
		}
	}
	free(row);
	if (rc == 0 && !s.seen_form) {
		diag_set(d, name, 0, 0,
			 "not npu-smi info output (no 'NPU Name' table, no 'npu-smi info -m' table, "
			 "no 'NPU ID :' block)");
		rc = -1;
	}
	if (rc == 0)
		add_chips(&s);
	free(s.v);
	return rc;
}

int collect_npu_smi(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_npu_smi_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
