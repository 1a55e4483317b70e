/* Saved nvidia-smi output as collector input, in every form nvidia-smi
 * prints, told apart by content:
 *
 *  - `--query-gpu=... --format=csv[,nounits]` with any column set that
 *    includes a header (here): a GPU is known by pci.device_id (vendor and
 *    device id, resolved by the catalog) or by name, and counted once per
 *    uuid (else pci.bus_id, serial or index), so repeated samples (`-l`)
 *    are not extra GPUs;
 *  - `-q -x` XML (collect_nvxml.c), `-q`, `-L` and the default table
 *    (collect_nvtext.c).
 *
 * Every form ends in nv_add_gpu(): a MIG instance is part of its GPU, a
 * vGPU slice in a guest is a share of a GPU on another host, and neither is
 * counted. Must never count a GPU twice or accept a CSV without a header. */
#include "collect/collect_int.h"

#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

/* ---- one GPU, whatever printed it -------------------------------------------- */

/* "0x233010DE" / "233010DE": the device id in the high half, the vendor in
 * the low. False when it is no such id (the A10G's "000000DE"). */
static bool nv_device_id(const char *s, uint16_t *vendor, uint16_t *device)
{
	if (!s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = strlen(s);
	if (n == 0 || n > 8 || strspn(s, "0123456789abcdefABCDEF") != n)
		return false;
	unsigned long v = strtoul(s, NULL, 16);
	if (v <= 0xffff || (v & 0xffff) == 0 || (v >> 16) == 0)
		return false;
	*vendor = (uint16_t)(v & 0xffff);
	*device = (uint16_t)(v >> 16);
	return true;
}

static bool is_vgpu_guest(const struct nv_gpu *g)
{
	if (g->virt_mode)
		return strcasecmp(g->virt_mode, "VGPU") == 0;
	return collect_vgpu_name(g->name);
}

void nv_add_gpu(struct collect *c, const struct nv_gpu *g)
{
	struct arena *ar = &c->inv.arena;
	const char *name = g->name ? g->name : "unnamed GPU";
	if (g->uuid && strncmp(g->uuid, "MIG-", 4) == 0) {
		collect_fold(c, "MIG instance %s: part of a GPU listed on its own", g->uuid);
		return;
	}
	if (is_vgpu_guest(g)) {
		collect_note(c, "%s: a vGPU slice in a guest, a share of a GPU on its hypervisor host "
				"(inventory that host)",
			     name);
		return;
	}
	uint16_t vendor = 0, device = 0;
	char pci_id[10] = "";
	const char *model = NULL;
	const struct chip *by_pci = NULL;
	if (nv_device_id(g->devid, &vendor, &device)) {
		snprintf(pci_id, sizeof(pci_id), "%04x:%04x", vendor, device);
		model = collect_pci_model(c, vendor, device);
		by_pci = catalog_match_pci(c->cat, vendor, device);
	}
	if (g->name) {
		/* nvidia-smi's names are NVIDIA's: "Tesla T4" is an NVIDIA Tesla T4 */
		const char *full = strncasecmp(g->name, "NVIDIA", 6) == 0
					   ? g->name
					   : arena_printf(ar, "NVIDIA %s", g->name);
		/* a name the table cut is kept as printed: check says it is unknown */
		const char *named = g->name_cut ? full : collect_model_name(c, full);
		struct catalog_match m;
		catalog_match(c->cat, named, &m);
		/* the name, when the PCI id says nothing or the same chip ("NVIDIA
		 * A10G" says more than the catalog's "NVIDIA A10") */
		if (!model || (m.chip && m.chip == by_pci && m.kind != MATCH_AMBIGUOUS))
			model = named;
	}
	const char *uuid = collect_real_id(g->uuid), *serial = collect_real_id(g->serial);
	struct collect_unit u = {.model = model, .name = g->name, .pci_id = pci_id[0] ? pci_id : NULL,
				 .memory_mib = g->memory_mib};
	if (uuid) {
		u.key_attr = "uuids";
		u.key = uuid;
	} else if (g->bus) {
		u.key_attr = "pci_addresses";
		u.key = collect_bus_address(c, g->bus);
	} else if (serial) {
		u.key_attr = "serials";
		u.key = serial;
	} else {
		u.key_attr = "indexes";
		u.key = g->index ? g->index : arena_printf(ar, "line %d", g->line);
	}
	collect_add_unit(c, &u);
	for (unsigned i = 0; i < g->mig_devices; i++)
		collect_fold(c, "MIG device of %s: a partition of a counted GPU", model ? model : name);
	for (unsigned i = 0; i < g->vgpus; i++)
		collect_fold(c, "vGPU on %s: a share of a counted GPU", model ? model : name);
}

/* ---- nvidia-smi --query-gpu --format=csv ----------------------------------- */

enum { NV_NAME, NV_UUID, NV_BUS, NV_DEVID, NV_INDEX, NV_MEMORY, NV_VIRT, NV_SERIAL, NV_NCOLS };
static const char *const nv_cols[NV_NCOLS] = {"name",	       "uuid",	 "pci.bus_id",
					      "pci.device_id", "index",	 "memory.total",
					      "virtualization_mode", "serial"};

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
			if ((strcasecmp(r->fields[i], nv_cols[k]) == 0 ||
			     (k == NV_NAME && strcasecmp(r->fields[i], "gpu_name") == 0) ||
			     (k == NV_UUID && strcasecmp(r->fields[i], "gpu_uuid") == 0) ||
			     (k == NV_BUS && strcasecmp(r->fields[i], "gpu_bus_id") == 0) ||
			     (k == NV_SERIAL && strcasecmp(r->fields[i], "gpu_serial") == 0)) &&
			    r->col[k] < 0)
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
			struct nv_gpu g = {.name = value(r, NV_NAME), .uuid = value(r, NV_UUID),
					   .bus = value(r, NV_BUS), .devid = value(r, NV_DEVID),
					   .index = value(r, NV_INDEX), .virt_mode = value(r, NV_VIRT),
					   .serial = value(r, NV_SERIAL), .line = r->line};
			g.memory_mib = parse_memory_mib(value(r, NV_MEMORY), UNIT_MIB);
			nv_add_gpu(r->c, &g);
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

int collect_nvsmi_csv_text(struct collect *c, const char *name, const char *text, size_t len,
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

/* ---- which form ------------------------------------------------------------------ */

enum nv_form { NVF_CSV, NVF_XML, NVF_REPORT };

/* The form of TEXT from its first lines that are not a prompt: XML starts
 * with '<'; the -q report, -L and the table have lines of their own; what
 * is left is CSV (whose reader says so when it is not). */
static enum nv_form nv_form(const char *text, size_t len)
{
	struct lines ls;
	struct line l;
	lines_init(&ls, text, len);
	for (int n = 0; n < 64 && lines_next(&ls, &l);) {
		struct line t = line_trim(l);
		if (!t.len)
			continue;
		if (t.s[0] == '<')
			return NVF_XML;
		if (line_starts(&t, "==============NVSMI LOG") || line_starts(&t, "Attached GPUs") ||
		    line_starts(&t, "GPU 0") || line_starts(&t, "+----") ||
		    line_starts(&t, "| NVIDIA-SMI") || line_starts(&t, "No devices were found"))
			return NVF_REPORT;
		if (line_is_prompt(&t, "nvidia-smi") && n == 0)
			continue; /* the command line, however it was typed */
		n++;
	}
	return NVF_CSV;
}

int collect_nvidia_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			    struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	switch (nv_form(text, len)) {
	case NVF_XML: return collect_nvsmi_xml_text(c, name, text, len, d);
	case NVF_REPORT: return collect_nvsmi_report_text(c, name, text, len, d);
	default: return collect_nvsmi_csv_text(c, name, text, len, d);
	}
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
