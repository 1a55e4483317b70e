/* The text forms of nvidia-smi as collector input, told apart by their
 * lines:
 *
 *  - `nvidia-smi -q`: "GPU 00000000:3B:00.0" blocks of indented
 *    "Key : value" lines (Product Name, GPU UUID, PCI > Device Id, FB
 *    Memory Usage > Total, GPU Virtualization Mode, MIG Devices);
 *    "Attached GPUs" is held against the blocks listed;
 *  - `nvidia-smi -L`: "GPU 0: NAME (UUID: GPU-...)", MIG devices indented
 *    under their GPU;
 *  - the default table: two rows per GPU (index, name and bus id; then
 *    the memory), then the MIG devices and processes tables, whose rows
 *    are not GPUs. A name the table cut ("NVIDIA A100-SXM...") is kept as
 *    printed, with a warning.
 *
 * A file that ends inside a GPU's block or table, or holds a line none of
 * these forms has, is refused with the line's number. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct nvt {
	struct collect *c;
	const char *file;
	struct diag *d;
};

/* ---- nvidia-smi -q ------------------------------------------------------------- */

/* The value of a key at the GPU's top level or in one section. */
enum q_section { QS_GPU, QS_PCI, QS_FB, QS_VIRT, QS_MIG, QS_VGPU, QS_OTHER };

static int q_report(struct nvt *t, const char *text, size_t len)
{
	struct lines ls;
	struct line l, key, value;
	struct nv_gpu g = {0};
	bool in_gpu = false, seen_log = false, seen_pci = false;
	enum q_section sec = QS_OTHER;
	size_t sec_indent = 0, gpu_indent = 0;
	long long attached = -1;
	int attached_line = 0, gpu_line = 0;
	unsigned listed = 0;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line tl = line_trim(l);
		if (!tl.len)
			continue;
		size_t ind = line_indent(&l);
		if (line_starts(&tl, "==============NVSMI LOG")) {
			seen_log = true;
			continue;
		}
		if (ind == 0 && line_starts(&tl, "GPU ") && tl.len > 4) {
			struct pci_function f;
			const char *bus = tl.s + 4;
			size_t bl = tl.len - 4;
			if (pci_address_parse(bus, bl, &f) == 0) {
				if (in_gpu) {
					if (!g.name || !seen_pci)
						goto truncated;
					nv_add_gpu(t->c, &g);
				}
				seen_pci = false;
				memset(&g, 0, sizeof(g));
				g.bus = arena_strndup(&t->c->inv.arena, bus, bl);
				g.line = gpu_line = l.no;
				in_gpu = true;
				listed++;
				sec = QS_GPU;
				gpu_indent = 4;
				continue;
			}
		}
		bool kv = line_key_value(&tl, ':', &key, &value);
		if (ind == 0 && kv && line_is(&key, "Attached GPUs")) {
			char buf[32];
			snprintf(buf, sizeof(buf), "%.*s", (int)(value.len < 31 ? value.len : 31), value.s);
			if (collect_parse_count(buf, strlen(buf), &attached) != 0)
				return line_error(t->d, t->file, &l, "Attached GPUs is not a count");
			attached_line = l.no;
			continue;
		}
		if (ind == 0 && in_gpu && !kv)
			return line_error(t->d, t->file, &l, "not a line of an nvidia-smi -q GPU block");
		if (ind == 0 || !in_gpu)
			continue; /* Timestamp, Driver Version, top-level sections; the command */
		if (!kv || value.len == 0) { /* a section's title */
			if (ind == gpu_indent) {
				sec = line_is(&tl, "PCI")			  ? QS_PCI
				      : line_is(&tl, "FB Memory Usage")		  ? QS_FB
				      : line_is(&tl, "GPU Virtualization Mode") ? QS_VIRT
				      : line_is(&tl, "MIG Devices")		  ? QS_MIG
				      : line_is(&tl, "vGPU Device Capability") || line_is(&tl, "vGPUs")
					      ? QS_VGPU
					      : QS_OTHER;
				sec_indent = ind;
			} else if (sec == QS_MIG && line_is(&tl, "MIG Device")) {
				g.mig_devices++;
			}
			continue;
		}
		if (ind <= sec_indent && ind == gpu_indent)
			sec = QS_GPU;
		const char *v = value.len ? line_dup(t->c, &value) : NULL;
		if (v && (strcmp(v, "N/A") == 0 || v[0] == '['))
			v = NULL;
		if (sec == QS_GPU && ind == gpu_indent) {
			if (line_is(&key, "Product Name"))
				g.name = v;
			else if (line_is(&key, "GPU UUID"))
				g.uuid = v;
			else if (line_is(&key, "Serial Number"))
				g.serial = v;
			else if (line_is(&key, "Minor Number"))
				g.index = v;
		} else if (sec == QS_PCI && line_is(&key, "Device Id")) {
			g.devid = v;
			seen_pci = true;
		} else if (sec == QS_PCI && line_is(&key, "Bus Id") && v) {
			g.bus = v;
		} else if (sec == QS_FB && line_is(&key, "Total")) {
			g.memory_mib = parse_memory_mib(v, UNIT_MIB);
		} else if (sec == QS_VIRT && line_is(&key, "Virtualization Mode")) {
			g.virt_mode = v;
		}
	}
	if (in_gpu) {
		if (!g.name || !seen_pci)
			goto truncated;
		nv_add_gpu(t->c, &g);
	}
	if (!seen_log && !listed && attached < 0) {
		diag_set(t->d, t->file, 0, 0, "not nvidia-smi -q output (no NVSMI LOG, no GPU block)");
		return -1;
	}
	if (attached > (long long)listed)
		collect_warn(t->c, attached_line,
			     "Attached GPUs says %lld, %u GPU blocks listed: counted what is listed",
			     attached, listed);
	return 0;
truncated:
	diag_set(t->d, t->file, gpu_line, 0,
		 "the GPU block ends without its Product Name or PCI Device Id (a truncated "
		 "nvidia-smi -q report?)");
	return -1;
}

/* ---- nvidia-smi -L --------------------------------------------------------------- */

/* "GPU 0: Tesla T4 (UUID: GPU-d37e...)" */
static int l_line(struct nvt *t, const struct line *l)
{
	struct line tl = line_trim(*l);
	const char *colon = memchr(tl.s, ':', tl.len);
	const char *open = NULL;
	for (const char *p = tl.s + tl.len; p > tl.s; p--)
		if (p[-1] == '(') {
			open = p - 1;
			break;
		}
	if (!colon || !open || open < colon || tl.s[tl.len - 1] != ')' ||
	    strncmp(open, "(UUID: ", 7) != 0)
		return line_error(t->d, t->file, l, "not nvidia-smi -L output");
	struct nv_gpu g = {.line = l->no};
	g.index = arena_strndup(&t->c->inv.arena, tl.s + 4, (size_t)(colon - tl.s - 4));
	struct line name = line_trim((struct line){colon + 1, (size_t)(open - colon - 1), l->no});
	g.name = name.len ? line_dup(t->c, &name) : NULL;
	g.uuid = arena_strndup(&t->c->inv.arena, open + 7, (size_t)(tl.s + tl.len - 1 - open - 7));
	nv_add_gpu(t->c, &g);
	return 0;
}

static int l_list(struct nvt *t, const char *text, size_t len)
{
	struct lines ls;
	struct line l;
	bool any = false;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line tl = line_trim(l);
		if (!tl.len)
			continue;
		if (line_starts(&tl, "GPU ") && line_indent(&l) == 0) {
			if (l_line(t, &l) != 0)
				return -1;
			any = true;
		} else if (line_starts(&tl, "MIG ") && line_indent(&l) > 0 && any) {
			collect_fold(t->c, "MIG device listed by nvidia-smi -L: a partition of a counted GPU");
		} else if (!(l.no == 1 && line_is_prompt(&l, "nvidia-smi"))) {
			return line_error(t->d, t->file, &l, "not nvidia-smi -L output");
		}
	}
	return 0;
}

/* ---- the default table ------------------------------------------------------------ */

enum t_state { TS_BEFORE, TS_HEAD, TS_GPUS, TS_MIG, TS_PROC };

static int table(struct nvt *t, const char *text, size_t len)
{
	struct lines ls;
	struct line l = {0};
	enum t_state st = TS_BEFORE;
	struct nv_gpu g = {0};
	int row = 0; /* row of the current GPU block: 0 none, 1 name row seen */
	bool closed = true, banner = false, head = false;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line tl = line_trim(l), cell[6];
		if (!tl.len)
			continue;
		if (tl.s[0] == '+') { /* a border: ends a GPU block */
			if (row) {
				nv_add_gpu(t->c, &g);
				row = 0;
			}
			closed = true;
			continue;
		}
		if (tl.s[0] != '|') {
			if (st == TS_BEFORE && (line_is_prompt(&l, "nvidia-smi") || l.no <= 2))
				continue; /* the command, a timestamp line */
			return line_error(t->d, t->file, &l, "not nvidia-smi output");
		}
		closed = false;
		if (line_starts(&tl, "| NVIDIA-SMI")) {
			banner = true;
			continue;
		}
		size_t n = line_cells(&tl, cell, CG_ARRAY_LEN(cell));
		if (n >= 1 && line_starts(&cell[0], "GPU  Name")) {
			st = TS_HEAD;
			head = true;
			continue;
		}
		if (n >= 1 && line_starts(&cell[0], "MIG devices")) {
			st = TS_MIG;
			continue;
		}
		if (n >= 1 && line_starts(&cell[0], "Processes")) {
			st = TS_PROC;
			continue;
		}
		if (line_starts(&tl, "|====")) {
			if (st == TS_HEAD)
				st = TS_GPUS;
			continue;
		}
		if (st == TS_MIG && n >= 1 && cell[0].len && isdigit((unsigned char)cell[0].s[0])) {
			collect_fold(t->c, "MIG device in nvidia-smi's table: a partition of a counted GPU");
			continue;
		}
		if (st != TS_GPUS)
			continue; /* headings, the processes, MIG rows' second lines */
		if (n < 2)
			return line_error(t->d, t->file, &l, "not a row of nvidia-smi's GPU table");
		if (!row) {
			/* "   0  Tesla T4            Off  " | "00000000:00:1E.0 Off" */
			const char *p = cell[0].s, *end = cell[0].s + cell[0].len;
			size_t idn = 0;
			while (p + idn < end && isdigit((unsigned char)p[idn]))
				idn++;
			if (!idn)
				return line_error(t->d, t->file, &l, "not a GPU row of nvidia-smi's table");
			memset(&g, 0, sizeof(g));
			g.line = l.no;
			g.index = arena_strndup(&t->c->inv.arena, p, idn);
			struct line name = line_trim((struct line){p + idn, (size_t)(end - p - idn), l.no});
			/* the Persistence-M column ("On", "Off") ends the cell */
			if (name.len > 3 && memcmp(name.s + name.len - 3, " On", 3) == 0)
				name.len -= 3;
			else if (name.len > 4 && memcmp(name.s + name.len - 4, " Off", 4) == 0)
				name.len -= 4;
			name = line_trim(name);
			g.name = name.len ? line_dup(t->c, &name) : NULL;
			if (g.name && name.len > 3 && memcmp(name.s + name.len - 3, "...", 3) == 0) {
				g.name_cut = true;
				collect_warn(t->c, l.no,
					     "nvidia-smi's table cut the name '%s': its model is kept as "
					     "printed (use nvidia-smi -q or --query-gpu for the whole name)",
					     g.name);
			}
			const char *b = cell[1].s, *be = memchr(b, ' ', cell[1].len);
			size_t bl = be ? (size_t)(be - b) : cell[1].len;
			struct pci_function f;
			if (pci_address_parse(b, bl, &f) == 0)
				g.bus = arena_strndup(&t->c->inv.arena, b, bl);
			row = 1;
		} else if (row == 1) {
			/* "| N/A   32C  P8  9W / 70W |  2MiB / 15360MiB | ..." */
			const char *slash = memchr(cell[1].s, '/', cell[1].len);
			if (slash) {
				char buf[40];
				size_t k = (size_t)(cell[1].s + cell[1].len - slash - 1);
				snprintf(buf, sizeof(buf), "%.*s", (int)(k < 39 ? k : 39), slash + 1);
				g.memory_mib = parse_memory_mib(buf, UNIT_MIB);
			}
			row = 2;
		}
	}
	if (row || !closed) {
		diag_set(t->d, t->file, l.no, 0, "nvidia-smi's table ends without its border (truncated?)");
		return -1;
	}
	if (!banner || !head) {
		diag_set(t->d, t->file, 0, 0,
			 "not nvidia-smi output (no NVIDIA-SMI banner or no 'GPU  Name' table)");
		return -1;
	}
	return 0;
}

int collect_nvsmi_report_text(struct collect *c, const char *name, const char *text, size_t len,
			      struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct nvt t = {c, name, d};
	struct lines ls;
	struct line l;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line tl = line_trim(l);
		if (!tl.len || (l.no == 1 && line_is_prompt(&l, "nvidia-smi")))
			continue;
		if (line_starts(&tl, "No devices were found"))
			return 0; /* nvidia-smi on a machine without GPUs */
		if (tl.s[0] == '+' || tl.s[0] == '|')
			return table(&t, text, len);
		if (line_starts(&tl, "GPU ") && line_indent(&l) == 0 && line_contains(&tl, "(UUID: "))
			return l_list(&t, text, len);
		if (line_starts(&tl, "==============NVSMI LOG") || line_starts(&tl, "Attached GPUs") ||
		    line_starts(&tl, "GPU ") || line_starts(&tl, "Timestamp"))
			return q_report(&t, text, len);
		if (l.no > 2)
			break;
	}
	diag_set(d, name, 0, 0, "not nvidia-smi output (expected the -q report, -L, the table or "
				"--query-gpu CSV)");
	return -1;
}
