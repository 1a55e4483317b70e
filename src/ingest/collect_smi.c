/* Saved output of the vendors' management tools as collector input:
 *
 *  - `nvidia-smi --query-gpu=... --format=csv[,nounits]` with any column
 *    set that includes a header: a GPU is known by pci.device_id (vendor
 *    and device id, resolved by the catalog) or by name; it is counted once
 *    per uuid (or pci.bus_id, or index), so MIG instances and repeated
 *    samples (`-l`) are not extra GPUs;
 *  - `npu-smi info`: the table of NPUs, two rows per chip (name and health,
 *    then chip id and bus id), the process table after it ignored.
 *
 * Must never count a GPU twice or accept a CSV without a header. */
#include "ingest/ingest.h"

#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

/* ---- nvidia-smi --query-gpu --format=csv ----------------------------------- */

enum { NV_NAME, NV_UUID, NV_BUS, NV_DEVID, NV_INDEX, NV_NCOLS };
static const char *const nv_cols[NV_NCOLS] = {"name", "uuid", "pci.bus_id", "pci.device_id",
					      "index"};

struct nvs {
	struct collect *c;
	const char *name;
	struct diag *d;
	int line;        /* line of the row being read */
	bool failed, have_header;
	int col[NV_NCOLS]; /* column of each field we use, -1 absent */
	size_t ncols;
	char **fields;
	size_t nf, capf;
	char **header; /* the header fields, to skip repeats of it */
	unsigned rows;
};

static void nv_field(void *s, size_t len, void *data)
{
	struct nvs *r = data;
	XGROW(r->fields, r->capf, r->nf + 1);
	r->fields[r->nf++] = arena_strndup(&r->c->inv.arena, s, len);
}

/* "[N/A]", "[Not Supported]", "" are no value. */
static const char *value(const struct nvs *r, int which)
{
	int k = r->col[which];
	if (k < 0 || (size_t)k >= r->nf)
		return NULL;
	const char *v = r->fields[k];
	return *v && *v != '[' ? v : NULL;
}

/* "memory.total [MiB]" -> "memory.total" (header names carry units). */
static void strip_unit(char *s)
{
	char *b = strstr(s, " [");
	if (b)
		*b = '\0';
}

static void nv_header(struct nvs *r)
{
	for (int k = 0; k < NV_NCOLS; k++)
		r->col[k] = -1;
	for (size_t i = 0; i < r->nf; i++) {
		strip_unit(r->fields[i]);
		for (int k = 0; k < NV_NCOLS; k++)
			if (strcasecmp(r->fields[i], nv_cols[k]) == 0 && r->col[k] < 0)
				r->col[k] = (int)i;
	}
	if (r->col[NV_NAME] < 0 && r->col[NV_DEVID] < 0) {
		diag_set(r->d, r->name, r->line, 0,
			 "no 'name' or 'pci.device_id' column in the header (run nvidia-smi "
			 "--query-gpu=name,uuid,pci.bus_id,pci.device_id --format=csv, without noheader)");
		r->failed = true;
		return;
	}
	r->ncols = r->nf;
	r->header = xmalloc(sizeof(char *) * (r->nf + 1));
	memcpy(r->header, r->fields, sizeof(char *) * r->nf);
	r->have_header = true;
}

static bool is_header_again(const struct nvs *r)
{
	for (size_t i = 0; i < r->nf; i++) {
		char tmp[256];
		snprintf(tmp, sizeof(tmp), "%s", r->fields[i]);
		strip_unit(tmp);
		if (strcmp(tmp, r->header[i]) != 0)
			return false;
	}
	return true;
}

/* "00000000:3B:00.0" -> "0000:3b:00.0" */
static const char *bus_address(struct collect *c, const char *bus)
{
	struct pci_function f = {0};
	if (pci_address_parse(bus, strlen(bus), &f) != 0)
		return arena_strdup(&c->inv.arena, bus);
	return arena_printf(&c->inv.arena, "%04x:%02x:%02x.%u", f.domain & 0xffffu, f.bus, f.dev, f.fn);
}

static void nv_gpu(struct nvs *r)
{
	const char *name = value(r, NV_NAME), *uuid = value(r, NV_UUID), *bus = value(r, NV_BUS),
		   *devid = value(r, NV_DEVID), *index = value(r, NV_INDEX);
	if (uuid && strncmp(uuid, "MIG-", 4) == 0)
		return; /* a MIG instance of a GPU listed on its own */
	const char *model = NULL;
	char pci_id[10] = "";
	unsigned long v;
	char *end;
	if (devid && (v = strtoul(devid, &end, 16), *end == '\0') && v > 0xffff && v <= 0xffffffffUL) {
		/* 0x233010DE: device id in the high half, vendor in the low */
		snprintf(pci_id, sizeof(pci_id), "%04x:%04x", (unsigned)(v & 0xffff),
			 (unsigned)((v >> 16) & 0xffff));
		const struct chip *chip =
			catalog_match_pci(r->c->cat, (uint16_t)(v & 0xffff), (uint16_t)(v >> 16));
		if (chip) {
			struct strbuf sb = STRBUF_INIT;
			chip_display_name(chip, &sb);
			model = arena_strdup(&r->c->inv.arena, sb_str(&sb));
			sb_release(&sb);
		}
	}
	if (!model && name)
		model = collect_model_name(r->c, name);
	if (!model)
		model = arena_printf(&r->c->inv.arena, "pci:%s", pci_id);
	const char *key_attr = uuid ? "uuids" : "pci_addresses";
	const char *key = uuid ? uuid
		: bus	       ? bus_address(r->c, bus)
		: index	       ? arena_printf(&r->c->inv.arena, "index %s", index)
			       : arena_printf(&r->c->inv.arena, "row %d", r->line);
	collect_add(r->c, model, key_attr, key, pci_id[0] ? pci_id : NULL);
	r->rows++;
}

static void nv_row(int ch, void *data)
{
	struct nvs *r = data;
	if (!r->failed && r->nf > 0) {
		if (!r->have_header) {
			nv_header(r);
		} else if (r->nf != r->ncols) {
			diag_set(r->d, r->name, r->line, 0, "row has %zu fields, the header has %zu", r->nf,
				 r->ncols);
			r->failed = true;
		} else if (!is_header_again(r)) {
			nv_gpu(r);
		}
	}
	r->nf = 0;
	if (ch == '\n')
		r->line++;
}

/* Lines before the header that are a prompt or the command itself. */
static size_t skip_prompt(const char *text, size_t len, int *lines)
{
	size_t off = 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		char buf[128];
		snprintf(buf, sizeof(buf), "%.*s", (int)(n < 127 ? n : 127), text + off);
		if (!(strstr(buf, "nvidia-smi") || buf[0] == '$' || buf[0] == '#') || !nl)
			break;
		off += n + 1;
		(*lines)++;
	}
	return off;
}

int collect_nvidia_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			    struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct nvs r = {.c = c, .name = name, .d = d, .line = 1};
	size_t off = skip_prompt(text, len, &r.line);
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	size_t done = csv_parse(&p, text + off, len - off, nv_field, nv_row, &r);
	int rc = 0;
	if (!r.failed && done < len - off) {
		int line, col;
		text_position(text, off + done, &line, &col);
		diag_set(d, name, line, col, "malformed CSV quoting");
		rc = -1;
	} else if (!r.failed && csv_fini(&p, nv_field, nv_row, &r) != 0) {
		diag_set(d, name, r.line, 0, "unterminated quoted field at the end of the file");
		rc = -1;
	}
	if (r.failed)
		rc = -1;
	if (rc == 0 && !r.have_header) {
		diag_set(d, name, 0, 0, "empty nvidia-smi output (expected --query-gpu CSV with a header)");
		rc = -1;
	}
	csv_free(&p);
	free(r.fields);
	free(r.header);
	return rc;
}

int collect_nvidia_smi(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_nvidia_smi_text(c, path, buf, len, d);
	free(buf);
	return rc;
}

/* ---- npu-smi info -------------------------------------------------------------- */

/* Split a table row "| a | b | c |" into trimmed cells. */
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

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

struct npu {
	struct collect *c;
	char *model; /* of the last name row */
	char npu_id[16];
	bool in_table, in_processes, banner;
	unsigned chips;
};

/* "0     910B" + "OK": a name row. "0" + "0000:C1:00.0": the chip row under it. */
static int npu_row(struct npu *s, char **cell, size_t n, const char *name, int line, struct diag *d)
{
	if (n < 2)
		return 0;
	if (strncmp(cell[0], "NPU", 3) == 0 && strstr(cell[0], "Name")) {
		s->in_table = true;
		return 0;
	}
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
		if (!s->model) {
			diag_set(d, name, line, 0, "npu-smi chip row before its NPU row");
			return -1;
		}
		char key[64];
		snprintf(key, sizeof(key), "%04x:%02x:%02x.%u", f.domain & 0xffffu, f.bus, f.dev, f.fn);
		if (idn && strtoul(a, NULL, 10) > 0) {
			/* the second chip of a multi-chip card shares the bus id */
			size_t o = strlen(key);
			snprintf(key + o, sizeof(key) - o, "#%lu", strtoul(a, NULL, 10));
		}
		collect_add(s->c, s->model, "pci_addresses", key, NULL);
		s->chips++;
		return 0;
	}
	if (idn && *rest && all_digits(a, idn)) {
		char text[160];
		snprintf(text, sizeof(text), "%s%s", strncasecmp(rest, "Ascend", 6) == 0 ? "Huawei " : "Huawei Ascend ",
			 rest);
		s->model = (char *)collect_model_name(s->c, text);
		snprintf(s->npu_id, sizeof(s->npu_id), "%.*s", (int)(idn < 15 ? idn : 15), a);
	}
	return 0;
}

int collect_npu_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct npu s = {.c = c};
	int line = 0, rc = 0;
	char *row = NULL;
	size_t cap = 0;
	for (const char *p = text, *end = text + len; p < end && rc == 0;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		XGROW(row, cap, n + 1);
		memcpy(row, p, n);
		row[n] = '\0';
		if (strstr(row, "npu-smi") && strstr(row, "Version"))
			s.banner = true;
		if (row[0] == '|') {
			char *cell[8];
			size_t nc = cells(row, cell, CG_ARRAY_LEN(cell));
			rc = npu_row(&s, cell, nc, name, line, d);
		}
		p = nl ? nl + 1 : end;
	}
	free(row);
	if (rc == 0 && !s.in_table) {
		diag_set(d, name, 0, 0, "not npu-smi info output (no 'NPU Name' table header)");
		rc = -1;
	}
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
