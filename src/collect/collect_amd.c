/* AMD's management tools as collector input:
 *
 *  - `rocm-smi --json` (with --showproductname, -a or any other set): an
 *    object of "cardN" objects, and a "system" object whose topology keys
 *    name the devices the driver sees;
 *  - `amd-smi static`, as text ("GPU: N" blocks of indented "KEY: value"
 *    lines; "CPU: N" blocks are the CPU side of a socket) or with --json
 *    (an array of GPUs, or {"gpu_data": [...]}).
 *
 * rocm-smi and amd-smi list each GCD of a multi-die package (an MI250X is
 * two) and each compute partition (an MI300X in CPX mode is eight) as a
 * device of its own: devices that share a serial number are one physical
 * package, said in a "folded" note; for a dual-GCD model whose serials are
 * not reported, the GCDs are paired and a warning says so. Must never
 * count a GCD or a partition as a unit, nor accept JSON of another tool. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEVICES 4096 /* devices of one host */

/* One device as the tool listed it. */
struct amd_dev {
	const char *label;   /* "card0", "GPU 0" */
	const char *series;  /* "Arcturus GL-XL [Instinct MI100]", "MI300A" */
	const char *product; /* a board's product name, when given apart */
	const char *bus;
	const char *asic_serial, *board_serial; /* real ones only */
	const char *partition;                   /* "SPX", "CPX", ... or NULL */
	uint16_t device;
	double vram_mib;
	int line;     /* text: where its block starts; JSON: 0, found when needed */
	long jindex;  /* amd-smi JSON: its index; -1 rocm-smi ("cardN" is the label) */
	bool done;
};

struct amd {
	struct collect *c;
	const char *file;
	struct diag *d;
	struct amd_dev *v;
	size_t n, cap;
	const char *text; /* JSON positions are found only when a warning needs one */
	size_t len;
	bool json, gpu_data;
};

/* The line of device V (json_locate scans from the start: not per device). */
static int dev_line(const struct amd *a, const struct amd_dev *v)
{
	if (!a->json)
		return v->line;
	struct json_step p[2];
	size_t n = 0;
	if (v->jindex < 0) {
		p[n++] = (struct json_step){v->label, 0};
	} else {
		if (a->gpu_data)
			p[n++] = (struct json_step){"gpu_data", 0};
		p[n++] = (struct json_step){NULL, (size_t)v->jindex};
	}
	int line = 0, col;
	return json_locate(a->text, a->len, p, n, &line, &col) == 0 ? line : 0;
}

static struct amd_dev *new_dev(struct amd *a, int line)
{
	if (a->n >= MAX_DEVICES)
		return NULL;
	XGROW(a->v, a->cap, a->n + 1);
	a->v[a->n] = (struct amd_dev){.line = line};
	return &a->v[a->n++];
}

static bool hex16(const char *s, uint16_t *out)
{
	if (!s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = strlen(s);
	if (!n || n > 4 || strspn(s, "0123456789abcdefABCDEF") != n)
		return false;
	*out = (uint16_t)strtoul(s, NULL, 16);
	return true;
}

/* Models of which each package holds two GCDs, each listed as a device. */
static bool dual_gcd(const char *model)
{
	return model && (strstr(model, "MI250") || strstr(model, "MI200"));
}

/* An APU, whose VRAM is the share of unified memory set aside for its
 * GPU (a setting), not the package's memory: not compared. */
static bool apu(const char *model)
{
	return model && strstr(model, "MI300A");
}

static const char *dev_model(struct amd *a, const struct amd_dev *v)
{
	struct arena *ar = &a->c->inv.arena;
	if (v->device) {
		const char *m = collect_pci_model(a->c, 0x1002, v->device);
		if (m)
			return m;
	}
	const char *texts[6];
	size_t n = 0;
	for (int k = 0; k < 2; k++) {
		const char *s = k == 0 ? v->product : v->series;
		if (!s)
			continue;
		/* pci.ids style: "Aqua Vanjaram [Instinct MI300A]" names it in brackets */
		const char *lb = strrchr(s, '['), *rb = lb ? strchr(lb, ']') : NULL;
		if (lb && rb && rb > lb + 1) {
			const char *in = arena_strndup(ar, lb + 1, (size_t)(rb - lb - 1));
			if (strncasecmp(in, "AMD", 3) != 0)
				texts[n++] = arena_printf(ar, "AMD %s", in);
		}
		texts[n++] = strncasecmp(s, "AMD", 3) == 0 ? s : arena_printf(ar, "AMD %s", s);
	}
	if (!n)
		return v->device ? NULL : "AMD GPU (model not printed)";
	return collect_model_name_of(a->c, texts, n);
}

/* Count the devices as physical packages: those sharing an ASIC serial
 * (compute partitions) or a board serial (GCDs) are one. */
static void add_devices(struct amd *a)
{
	struct arena *ar = &a->c->inv.arena;
	for (size_t i = 0; i < a->n; i++) {
		struct amd_dev *v = &a->v[i];
		if (v->done)
			continue;
		v->done = true;
		const char *model = dev_model(a, v);
		double mem = v->vram_mib;
		bool partitioned = v->partition && strcasecmp(v->partition, "SPX") != 0;
		unsigned folded = 0;
		for (size_t j = i + 1; j < a->n; j++) {
			struct amd_dev *w = &a->v[j];
			if (w->done)
				continue;
			bool same_asic = v->asic_serial && w->asic_serial &&
					 strcmp(v->asic_serial, w->asic_serial) == 0;
			bool same_board = v->board_serial && w->board_serial &&
					  strcmp(v->board_serial, w->board_serial) == 0;
			if (!same_asic && !same_board)
				continue;
			w->done = true;
			folded++;
			if (same_asic || partitioned) {
				collect_fold(a->c, "compute partition (%s) of %s: part of a counted package "
						   "(same serial)",
					     w->partition ? w->partition : "partitioned",
					     model ? model : "an AMD GPU");
				mem = 0; /* what a partition reports depends on the memory mode */
			} else {
				collect_fold(a->c, "GCD of %s: a die of a counted multi-die package (same "
						   "board serial)",
					     model ? model : "an AMD GPU");
				if (mem > 0)
					mem += w->vram_mib; /* each GCD has its own HBM */
			}
		}
		if ((partitioned && !folded) || apu(model))
			mem = 0;
		if (dual_gcd(model) && !folded) {
			/* no serial joins the two GCDs of this package: pair it with the
			 * next unpaired device of the same model, in the tool's order */
			for (size_t j = i + 1; j < a->n; j++) {
				struct amd_dev *w = &a->v[j];
				if (w->done || w->board_serial || v->board_serial)
					continue;
				const char *wm = dev_model(a, w);
				if (!wm || strcmp(wm, model) != 0)
					continue;
				w->done = true;
				folded++;
				if (mem > 0)
					mem += w->vram_mib;
				collect_warn(a->c, dev_line(a, w),
					     "%s and %s: two GCDs of one %s paired in listing order (the "
					     "tool reported no serial numbers to tell the packages apart)",
					     v->label, w->label, model);
				collect_fold(a->c, "GCD of %s: a die of a counted multi-die package (paired "
						   "in listing order)",
					     model);
				break;
			}
		}
		char pci_id[10];
		snprintf(pci_id, sizeof(pci_id), "1002:%04x", v->device);
		struct collect_unit u = {.model = model, .name = v->series,
					 .pci_id = v->device ? pci_id : NULL, .memory_mib = mem};
		const char *serial = v->board_serial ? v->board_serial : v->asic_serial;
		if (serial) {
			u.key_attr = "serials";
			u.key = serial;
		} else if (v->bus) {
			u.key_attr = "pci_addresses";
			u.key = collect_bus_address(a->c, v->bus);
		} else {
			u.key_attr = "devices";
			u.key = arena_strdup(ar, v->label);
		}
		collect_add_unit(a->c, &u);
	}
}

/* ---- rocm-smi --json ---------------------------------------------------------- */

/* KEY of O, in any case ("Card series", "Card Series"). */
static const char *member(json_t *o, const char *key, char *buf, size_t size)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		if (strcasecmp(k, key) == 0)
			return json_is_string(v) && json_string_length(v) ? json_string_value(v)
			       : json_is_integer(v) ? (snprintf(buf, size, "%lld", (long long)json_integer_value(v)), buf)
						    : NULL;
	}
	return NULL;
}

/* The DRM devices the topology keys of "system" name: the highest index
 * of "... between DRM devices I and J", plus one. */
static long topology_devices(json_t *sys)
{
	const char *k;
	json_t *v;
	long max = -1;
	json_object_foreach(sys, k, v) {
		const char *p = strstr(k, "between DRM devices ");
		long i, j;
		if (p && sscanf(p + 20, "%ld and %ld", &i, &j) == 2 && i >= 0 && j >= 0 && i < 100000 &&
		    j < 100000) {
			if (i > max)
				max = i;
			if (j > max)
				max = j;
		}
	}
	return max + 1;
}

static int rocm_json(struct amd *a, const char *text, size_t len)
{
	json_t *root = json_parse(a->file, text, len, a->d);
	if (!root)
		return -1;
	int rc = 0;
	if (!json_is_object(root)) {
		rc = json_error_at(a->d, a->file, text, len, NULL, 0,
				   "not rocm-smi --json output (expected an object of 'cardN' objects)");
		goto out;
	}
	const char *k;
	json_t *card;
	size_t cards = 0;
	json_object_foreach(root, k, card) {
		if (strncmp(k, "card", 4) != 0 || !isdigit((unsigned char)k[4]))
			continue;
		struct json_step at = {k, 0};
		if (!json_is_object(card)) {
			rc = json_error_at(a->d, a->file, text, len, &at, 1, "'%s' must be an object", k);
			goto out;
		}
		struct amd_dev *v = new_dev(a, 0);
		if (!v) {
			rc = json_error_at(a->d, a->file, text, len, &at, 1,
					   "more than %d cards: not the output of one host", MAX_DEVICES);
			goto out;
		}
		v->jindex = -1;
		char b1[32], b2[32], b3[32];
		struct arena *ar = &a->c->inv.arena;
		v->label = arena_strdup(ar, k);
		const char *s = member(card, "Card series", b1, sizeof(b1));
		v->series = s ? arena_strdup(ar, s) : NULL;
		const char *id = member(card, "Device ID", b2, sizeof(b2));
		if (!id)
			id = member(card, "GPU ID", b2, sizeof(b2));
		hex16(id, &v->device);
		const char *bus = member(card, "PCI Bus", b3, sizeof(b3));
		v->bus = bus ? arena_strdup(ar, bus) : NULL;
		const char *serial = collect_real_id(member(card, "Serial Number", b1, sizeof(b1)));
		v->board_serial = serial ? arena_strdup(ar, serial) : NULL;
		const char *part = member(card, "Compute Partition", b1, sizeof(b1));
		v->partition = part && collect_real_id(part) ? arena_strdup(ar, part) : NULL;
		v->vram_mib = parse_memory_mib(member(card, "VRAM Total Memory (B)", b1, sizeof(b1)),
					       UNIT_BYTES);
		if (!v->series && !v->device && !v->bus) {
			rc = json_error_at(a->d, a->file, text, len, &at, 1,
					   "'%s' has no Card series, Device ID or PCI Bus: not rocm-smi "
					   "output",
					   k);
			goto out;
		}
		cards++;
	}
	json_t *sys = json_object_get(root, "system");
	if (!cards && !json_is_object(sys)) {
		rc = json_error_at(a->d, a->file, text, len, NULL, 0,
				   "not rocm-smi --json output (no 'cardN' object, no 'system')");
		goto out;
	}
	long topo = json_is_object(sys) ? topology_devices(sys) : 0;
	if (topo > (long)cards) {
		struct json_step at = {"system", 0};
		int line = 0, col;
		json_locate(text, len, &at, 1, &line, &col);
		collect_warn(a->c, line,
			     "the topology names %ld devices, %zu card%s listed: counted what is listed",
			     topo, cards, cards == 1 ? " is" : "s are");
	}
out:
	json_decref(root);
	return rc;
}

int collect_rocm_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			  struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct amd a = {c, name, d, NULL, 0, 0, text, len, true, false};
	int rc = rocm_json(&a, text, len);
	if (rc == 0)
		add_devices(&a);
	free(a.v);
	return rc;
}

int collect_rocm_smi(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_rocm_smi_text(c, path, buf, len, d);
	free(buf);
	return rc;
}

/* ---- amd-smi static (text) ---------------------------------------------------------- */

static int smi_value(struct amd *a, struct amd_dev *v, const char *section, const struct line *key,
		     const struct line *value)
{
	struct arena *ar = &a->c->inv.arena;
	char k[40], val[160];
	snprintf(k, sizeof(k), "%.*s", (int)(key->len < 39 ? key->len : 39), key->s);
	snprintf(val, sizeof(val), "%.*s", (int)(value->len < 159 ? value->len : 159), value->s);
	const char *real = collect_real_id(val);
	if (strcmp(section, "ASIC") == 0) {
		if (strcmp(k, "MARKET_NAME") == 0 && real)
			v->series = arena_strdup(ar, val);
		else if (strcmp(k, "DEVICE_ID") == 0)
			hex16(val, &v->device);
		else if (strcmp(k, "ASIC_SERIAL") == 0 && real)
			v->asic_serial = arena_strdup(ar, val);
	} else if (strcmp(section, "BUS") == 0 && strcmp(k, "BDF") == 0 && real) {
		v->bus = arena_strdup(ar, val);
	} else if (strcmp(section, "BOARD") == 0) {
		if (strcmp(k, "PRODUCT_NAME") == 0 && real)
			v->product = arena_strdup(ar, val);
		else if (strcmp(k, "PRODUCT_SERIAL") == 0 && real)
			v->board_serial = arena_strdup(ar, val);
	} else if (strcmp(section, "PARTITION") == 0 && strcmp(k, "COMPUTE_PARTITION") == 0 && real) {
		v->partition = arena_strdup(ar, val);
	} else if (strcmp(section, "VRAM") == 0 && strcmp(k, "SIZE") == 0) {
		v->vram_mib = parse_memory_mib(val, UNIT_MIB);
	}
	return 0;
}

static int smi_text(struct amd *a, const char *text, size_t len)
{
	struct lines ls;
	struct line l, key, value;
	struct amd_dev *v = NULL;
	bool in_cpu = false;
	char section[24] = "";
	unsigned cpus = 0, sections = 0, first_sections = 0;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line t = line_trim(l);
		if (!t.len)
			continue;
		size_t ind = line_indent(&l);
		bool kv = line_key_value(&t, ':', &key, &value);
		if (ind == 0 && kv && (line_is(&key, "GPU") || line_is(&key, "CPU"))) {
			long long idx;
			char buf[16];
			snprintf(buf, sizeof(buf), "%.*s", (int)(value.len < 15 ? value.len : 15), value.s);
			if (parse_ll(buf, 0, MAX_DEVICES, &idx) != 0)
				return line_error(a->d, a->file, &l, "device index out of range");
			in_cpu = line_is(&key, "CPU");
			section[0] = '\0';
			if (in_cpu) {
				cpus++;
				v = NULL;
				continue;
			}
			if (v && a->n == 1)
				first_sections = sections;
			if (v && sections < first_sections)
				break; /* checked below */
			sections = 0;
			v = new_dev(a, l.no);
			if (!v)
				return line_error(a->d, a->file, &l, "too many devices for one host");
			v->label = arena_printf(&a->c->inv.arena, "GPU %lld", idx);
			continue;
		}
		if (ind == 0) {
			if (l.no == 1 && line_is_prompt(&l, "amd-smi"))
				continue;
			return line_error(a->d, a->file, &l, "not amd-smi static output");
		}
		if (!v && !in_cpu)
			return line_error(a->d, a->file, &l, "not amd-smi static output");
		if (!kv)
			return line_error(a->d, a->file, &l, "not a line of amd-smi static output");
		if (ind == 4 && value.len == 0) {
			snprintf(section, sizeof(section), "%.*s", (int)(key.len < 23 ? key.len : 23), key.s);
			sections += v != NULL;
			continue;
		}
		if (v && ind == 8)
			smi_value(a, v, section, &key, &value);
	}
	if (v && a->n == 1)
		first_sections = sections;
	if (v && sections < first_sections) {
		diag_set(a->d, a->file, v->line, 0,
			 "%s has %u sections, the first GPU %u: a truncated amd-smi static output?",
			 v->label, sections, first_sections);
		return -1;
	}
	collect_note_n(a->c, cpus, "amd-smi CPU section: the CPU side of a socket, not an accelerator");
	if (!a->n && !cpus) {
		diag_set(a->d, a->file, 0, 0, "not amd-smi static output (no 'GPU: N' section)");
		return -1;
	}
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].series && !a->v[i].product && !a->v[i].device && !a->v[i].bus) {
			diag_set(a->d, a->file, a->v[i].line, 0,
				 "GPU section without ASIC, BUS or BOARD values (truncated?)");
			return -1;
		}
	return 0;
}

/* ---- amd-smi static --json ----------------------------------------------------------- */

/* O.A.B as text: a string, a number, or {"value": ..., "unit": ...}. */
static const char *jpath(struct amd *a, json_t *o, const char *x, const char *y)
{
	json_t *v = json_object_get(json_object_get(o, x), y);
	if (json_is_object(v)) {
		json_t *val = json_object_get(v, "value"), *unit = json_object_get(v, "unit");
		if (json_is_number(val))
			return arena_printf(&a->c->inv.arena, "%.17g %s", json_number_value(val),
					    json_is_string(unit) ? json_string_value(unit) : "");
		v = val;
	}
	if (json_is_string(v))
		return json_string_length(v) ? arena_strdup(&a->c->inv.arena, json_string_value(v))
					      : NULL;
	if (json_is_integer(v))
		return arena_printf(&a->c->inv.arena, "%lld", (long long)json_integer_value(v));
	return NULL;
}

static int smi_json(struct amd *a, const char *text, size_t len)
{
	json_t *root = json_parse(a->file, text, len, a->d);
	if (!root)
		return -1;
	json_t *list = json_is_object(root) ? json_object_get(root, "gpu_data") : root;
	a->json = true;
	a->gpu_data = json_is_object(root);
	struct json_step base[2] = {{"gpu_data", 0}, {NULL, 0}};
	size_t nb = json_is_object(root) ? 1 : 0;
	int rc = 0;
	if (!json_is_array(list)) {
		rc = json_error_at(a->d, a->file, text, len, NULL, 0,
				   "not amd-smi static --json output (expected an array of GPUs or "
				   "'gpu_data')");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *g = json_array_get(list, i);
		base[nb].key = NULL;
		base[nb].index = i;
		if (!json_is_object(g) || !json_object_get(g, "gpu")) {
			rc = json_error_at(a->d, a->file, text, len, base, nb + 1,
					   "not a GPU of amd-smi static --json (no 'gpu' index)");
			goto out;
		}
		struct amd_dev *v = new_dev(a, 0);
		if (!v) {
			rc = json_error_at(a->d, a->file, text, len, base, nb + 1, "too many GPUs");
			goto out;
		}
		v->jindex = (long)i;
		json_t *gi = json_object_get(g, "gpu");
		v->label = json_is_integer(gi)
				   ? arena_printf(&a->c->inv.arena, "GPU %lld", (long long)json_integer_value(gi))
				   : arena_printf(&a->c->inv.arena, "GPU #%zu", i);
		const char *s;
		v->series = collect_real_id(s = jpath(a, g, "asic", "market_name")) ? s : NULL;
		hex16(jpath(a, g, "asic", "device_id"), &v->device);
		v->asic_serial = collect_real_id(jpath(a, g, "asic", "asic_serial"));
		v->bus = collect_real_id(jpath(a, g, "bus", "bdf"));
		v->product = collect_real_id(s = jpath(a, g, "board", "product_name")) ? s : NULL;
		v->board_serial = collect_real_id(jpath(a, g, "board", "product_serial"));
		v->partition = collect_real_id(jpath(a, g, "partition", "compute_partition"));
		v->vram_mib = parse_memory_mib(jpath(a, g, "vram", "size"), UNIT_MIB);
		if (!v->series && !v->product && !v->device && !v->bus) {
			rc = json_error_at(a->d, a->file, text, len, base, nb + 1,
					   "a GPU without asic, bus or board values");
			goto out;
		}
	}
out:
	json_decref(root);
	return rc;
}

int collect_amd_smi_text(struct collect *c, const char *name, const char *text, size_t len,
			 struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct amd a = {c, name, d, NULL, 0, 0, text, len, false, false};
	const char *p = text, *end = text + len;
	while (p < end && isspace((unsigned char)*p))
		p++;
	int rc = p < end && (*p == '{' || *p == '[') ? smi_json(&a, text, len) : smi_text(&a, text, len);
	if (rc == 0)
		add_devices(&a);
	free(a.v);
	return rc;
}

int collect_amd_smi(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_amd_smi_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
