/* Kubernetes nodes as collector input: `kubectl get nodes -o json` (a List
 * or a single Node), `kubectl describe node(s)`, and their labels and
 * capacities as people save them (`describe ... | grep nvidia.com`, the
 * YAML of `get nodes -o yaml`). Each node is a host (its name); its site
 * is --site, else its topology.kubernetes.io/zone (else region) label.
 *
 * Physical units per node and vendor:
 *  - NVIDIA: nvidia.com/gpu.count (GPU Feature Discovery), else the
 *    capacity of nvidia.com/gpu divided by nvidia.com/gpu.replicas
 *    (time-slicing); with the MIG "single" strategy the count is of MIG
 *    devices and is divided by the devices of that profile one GPU holds;
 *    MIG resources of the "mixed" strategy are folded; a vGPU slice in a
 *    guest (nvidia.com/vgpu.present) is not counted. The model comes from
 *    nvidia.com/gpu.product, the memory from nvidia.com/gpu.memory.
 *  - AMD: the capacity of amd.com/gpu, divided by the partitions per
 *    package when amd.com/gpu.compute-memory-partition says CPX/DPX/...;
 *    the model from amd.com/gpu.device-id or amd.com/gpu.product-name.
 *  - Huawei: the capacity of huawei.com/Ascend910-style resources; the
 *    virtual NPUs (huawei.com/Ascend910-2c) are folded.
 * Labels that name a model on a node without any count give one unit, a
 * lower bound said in attrs.quantity_note and in a warning.
 *
 * Counts that are not numbers, or over COLLECT_MAX_COUNT, are errors with
 * their position. Must never count a replica, a MIG device or a partition
 * as a unit, nor accept a file in which no node, label or capacity can be
 * found. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NODES 1000000

/* A label or resource of a node, where it was read. */
struct kkv {
	const char *key, *value;
	int line, col; /* text: where read; JSON: 0, found when an error needs it */
	char where;    /* JSON: 'l' labels, 'c' capacity, 'a' allocatable */
};

struct knode {
	const char *name;
	int line;  /* text: where it starts; JSON: 0, found when needed */
	long item; /* JSON: its index in items, -1 the document itself; text: -2 */
	struct kkv *labels, *res, *alloc;
	size_t nlabels, caplabels, nres, capres, nalloc, capalloc;
};

struct kube {
	struct collect *c;
	const char *file;
	struct diag *d;
	const char *text; /* for positions in JSON, found only when needed: */
	size_t len;       /* json_locate scans from the start */
};

#define MAX_KEYS 10000 /* labels or resources of one node */

/* The JSON path to node N (and to its KV when given), into P: its length. */
static size_t json_path(const struct knode *n, const struct kkv *kv, struct json_step p[5])
{
	size_t k = 0;
	if (n->item >= 0) {
		p[k++] = (struct json_step){"items", 0};
		p[k++] = (struct json_step){NULL, (size_t)n->item};
	}
	if (kv) {
		p[k++] = (struct json_step){kv->where == 'l' ? "metadata" : "status", 0};
		p[k++] = (struct json_step){kv->where == 'l'   ? "labels"
					    : kv->where == 'c' ? "capacity"
							       : "allocatable",
					    0};
		p[k++] = (struct json_step){kv->key, 0};
	}
	return k;
}

static int node_line(struct kube *k, const struct knode *n)
{
	struct json_step p[5];
	int line = 0, col;
	if (n->item == -2 || n->line)
		return n->line;
	if (json_locate(k->text, k->len, p, json_path(n, NULL, p), &line, &col) != 0)
		line = 0;
	return line;
}

/* Add KV unless its key is there: the first wins (capacity before
 * allocatable in grep output). -1 past MAX_KEYS. */
static int kv_push(struct kkv **v, size_t *n, size_t *cap, struct kkv kv)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, kv.key) == 0)
			return 0;
	if (*n >= MAX_KEYS)
		return -1;
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = kv;
	return 0;
}

static const struct kkv *kv_get(const struct kkv *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

static const char *label(const struct knode *n, const char *key)
{
	const struct kkv *kv = kv_get(n->labels, n->nlabels, key);
	return kv && kv->value[0] ? kv->value : NULL;
}

static void node_free(struct knode *n)
{
	free(n->labels);
	free(n->res);
	free(n->alloc);
	memset(n, 0, sizeof(*n));
}

/* A count from a label or resource, or an error at its position. -1 when
 * absent. */
static int count_of(struct kube *k, const struct knode *n, const struct kkv *kv, long long *out)
{
	*out = -1;
	if (!kv)
		return 0;
	if (collect_parse_count(kv->value, strlen(kv->value), out) != 0) {
		char ex[96];
		int line = kv->line, col = kv->col;
		struct json_step p[5];
		if (n->item != -2 &&
		    json_locate(k->text, k->len, p, json_path(n, kv, p), &line, &col) != 0)
			line = col = 0;
		diag_set(k->d, k->file, line, col, "%s '%s' is not a count from 0 to %d",
			 kv->key, diag_excerpt(ex, sizeof(ex), kv->value, strlen(kv->value)),
			 COLLECT_MAX_COUNT);
		return -1;
	}
	return 0;
}

/* The capacity of RESOURCE, else its allocatable amount; -1 absent. */
static int capacity(struct kube *k, const struct knode *n, const char *resource, long long *out)
{
	const struct kkv *kv = kv_get(n->res, n->nres, resource);
	if (!kv)
		kv = kv_get(n->alloc, n->nalloc, resource);
	return count_of(k, n, kv, out);
}

/* The node as keys and messages name it. */
static const char *node_label(struct kube *k, const struct knode *n)
{
	return n->name ? arena_printf(&k->c->inv.arena, "node %s", n->name)
		       : arena_printf(&k->c->inv.arena, "the node at line %d", node_line(k, n));
}

static const char *node_key(struct kube *k, const struct knode *n)
{
	return n->name ? n->name
		       : arena_printf(&k->c->inv.arena, "unnamed node at line %d", node_line(k, n));
}

static void add_units(struct kube *k, const struct knode *n, const char *model, const char *name,
		      const char *pci_id, long long count, double memory, const char *note)
{
	if (count <= 0)
		return;
	struct collect_unit u = {.model = model, .name = name, .key_attr = "nodes",
				 .key = node_key(k, n), .pci_id = pci_id, .count = count,
				 .memory_mib = memory, .quantity_note = note};
	collect_add_unit(k->c, &u);
}

/* A product label as a model: "Tesla-V100-SXM2-16GB" -> "NVIDIA
 * Tesla-V100-SXM2-16GB", "AMD_Instinct_MI300X_OAM" -> "AMD Instinct
 * MI300X OAM" (the labellers' blanks back), the catalog's name when it
 * knows the chip by that text or with dashes read as blanks. */
static const char *vendor_model(struct kube *k, const char *vendor, const char *product)
{
	struct arena *ar = &k->c->inv.arena;
	size_t vl = strlen(vendor);
	char *p = strncasecmp(product, vendor, vl) == 0
			  ? arena_strdup(ar, product)
			  : arena_printf(ar, "%s %s", vendor, product);
	if (p[vl] == '-' || p[vl] == '_')
		p[vl] = ' '; /* "NVIDIA-A100-SXM4-40GB": GFD's dash for nvidia-smi's blank */
	for (char *q = p; *q; q++)
		if (*q == '_')
			*q = ' ';
	char *spaced = arena_strdup(ar, p);
	for (char *q = spaced; *q; q++)
		if (*q == '-')
			*q = ' ';
	/* the labellers wrote dashes for blanks: the blanks first */
	const char *texts[2] = {spaced, p};
	return collect_model_name_of(k->c, texts, 2);
}

/* The GPUs of one profile a GPU holds under MIG: 7 slices (A30: 4) over
 * the profile's "<N>g". 0 when the profile cannot be read. */
static long mig_per_gpu(const char *product, const char *profile)
{
	char *end;
	long g = strtol(profile, &end, 10);
	if (g <= 0 || g > 8 || *end != 'g')
		return 0;
	long slices = strstr(product, "A30") ? 4 : 7;
	return g > slices ? 1 : slices / g;
}

static int nvidia(struct kube *k, const struct knode *n)
{
	struct arena *ar = &k->c->inv.arena;
	const char *product = label(n, "nvidia.com/gpu.product");
	long long count, cap, replicas = 1, mem;
	if (count_of(k, n, kv_get(n->labels, n->nlabels, "nvidia.com/gpu.count"), &count) != 0 ||
	    capacity(k, n, "nvidia.com/gpu", &cap) != 0)
		return -1;
	const struct kkv *rk = kv_get(n->labels, n->nlabels, "nvidia.com/gpu.replicas");
	if (rk && (count_of(k, n, rk, &replicas) != 0 || replicas == 0)) {
		if (replicas == 0)
			diag_set(k->d, k->file, node_line(k, n), 0, "nvidia.com/gpu.replicas is 0");
		return -1;
	}
	mem = (long long)parse_memory_mib(label(n, "nvidia.com/gpu.memory"), UNIT_MIB);
	/* MIG resources of the mixed strategy: partitions of counted GPUs */
	for (size_t i = 0; i < n->nres; i++) {
		long long m;
		if (strncmp(n->res[i].key, "nvidia.com/mig-", 15) != 0)
			continue;
		if (count_of(k, n, &n->res[i], &m) != 0)
			return -1;
		collect_fold_n(k->c, (unsigned)m, "%s: a MIG device of a counted GPU", n->res[i].key);
	}
	if (!product && count < 0 && cap <= 0)
		return 0;
	(void)ar;
	const char *vgpu = label(n, "nvidia.com/vgpu.present");
	if (vgpu && strcmp(vgpu, "true") == 0) {
		collect_note(k->c, "%s: a vGPU slice in a guest (nvidia.com/vgpu.present), a share of a "
				   "GPU on its hypervisor host (inventory that host)",
			     product ? product : "nvidia.com/gpu");
		return 0;
	}
	char *base = product ? arena_strdup(ar, product) : NULL;
	const char *note = NULL;
	size_t bl = base ? strlen(base) : 0;
	if (bl > 7 && strcmp(base + bl - 7, "-SHARED") == 0)
		base[bl - 7] = '\0'; /* GFD's name for a time-sliced GPU */
	char *mig = base ? strstr(base, "-MIG-") : NULL;
	if (mig) { /* the single strategy: the count is of MIG devices */
		*mig = '\0';
		const char *profile = mig + 5;
		long long devices = count >= 0 ? count : cap;
		long per = mig_per_gpu(base, profile);
		if (devices < 0)
			devices = 0;
		if (!per) {
			count = devices > 0 ? 1 : 0;
			note = arena_printf(ar, "at least 1: %lld MIG devices of profile '%s', which this "
						"cannot divide into GPUs", devices, profile);
			collect_warn(k->c, node_line(k, n), "%s: %s", node_label(k, n), note);
		} else {
			count = (devices + per - 1) / per;
			note = arena_printf(ar, "%lld MIG devices of profile %s, %ld per GPU (the single "
						"strategy divides every GPU alike)", devices, profile, per);
			if (devices % per)
				collect_warn(k->c, node_line(k, n), "%s: %lld MIG devices of profile %s do not "
							    "fill whole GPUs of %ld: rounded up to %lld GPUs",
					     node_label(k, n), devices, profile, per, count);
		}
		if (devices > count)
			collect_fold_n(k->c, (unsigned)(devices - count),
				       "MIG device (%s): a partition of a counted GPU", profile);
		mem = 0; /* the label is per MIG device */
	} else if (count < 0) {
		if (cap < 0) {
			count = 1;
			note = "at least 1: labels name the GPU, no count or capacity says how many";
			collect_warn(k->c, node_line(k, n), "%s: %s", node_label(k, n), note);
		} else {
			count = cap / replicas;
			if (cap % replicas)
				collect_warn(k->c, node_line(k, n), "%s: nvidia.com/gpu capacity %lld is not a "
							    "multiple of %lld replicas", node_label(k, n), cap,
					     replicas);
		}
	}
	if (replicas > 1 && cap > count)
		collect_fold_n(k->c, (unsigned)(cap - count),
			       "time-sliced replica (nvidia.com/gpu.replicas %lld): a share of a counted GPU",
			       replicas);
	const char *model = base ? vendor_model(k, "NVIDIA", base) : "NVIDIA GPU (model not labelled)";
	add_units(k, n, model, base, NULL, count, (double)mem, note);
	return 0;
}

/* Partitions per package for amd.com/gpu.compute-memory-partition
 * ("cpx_nps1"): 0 when unknown. */
static long amd_partitions(const char *mode, const char *model)
{
	if (!mode || strncasecmp(mode, "spx", 3) == 0)
		return 1;
	if (strncasecmp(mode, "dpx", 3) == 0)
		return 2;
	if (strncasecmp(mode, "tpx", 3) == 0)
		return 3;
	if (strncasecmp(mode, "qpx", 3) == 0)
		return 4;
	if (strncasecmp(mode, "cpx", 3) == 0 && model) /* one partition per XCD */
		return strstr(model, "MI300A") ? 6 : strstr(model, "MI3") ? 8 : 0;
	return 0;
}

static int amd(struct kube *k, const struct knode *n)
{
	struct arena *ar = &k->c->inv.arena;
	const char *product = label(n, "amd.com/gpu.product-name");
	if (!product)
		product = label(n, "beta.amd.com/gpu.product-name");
	const char *devid = label(n, "amd.com/gpu.device-id");
	long long cap;
	if (capacity(k, n, "amd.com/gpu", &cap) != 0)
		return -1;
	if (!product && !devid && cap <= 0)
		return 0;
	const char *model = NULL;
	char pci_id[10] = "";
	unsigned dev;
	char *end;
	if (devid && (dev = (unsigned)strtoul(devid, &end, 16), *end == '\0') && dev && dev <= 0xffff) {
		snprintf(pci_id, sizeof(pci_id), "1002:%04x", dev);
		model = collect_pci_model(k->c, 0x1002, (uint16_t)dev);
	}
	if (!model)
		model = product ? vendor_model(k, "AMD", product) : "AMD GPU (model not labelled)";
	double mem = parse_memory_mib(label(n, "amd.com/gpu.vram"), UNIT_GIB);
	const char *mode = label(n, "amd.com/gpu.compute-memory-partition");
	long per = amd_partitions(mode, model);
	const char *note = NULL;
	long long count;
	if (cap < 0) {
		count = 1;
		note = "at least 1: labels name the GPU, no amd.com/gpu capacity says how many";
		collect_warn(k->c, node_line(k, n), "%s: %s", node_label(k, n), note);
	} else if (per == 1) {
		count = cap;
	} else {
		long div = per ? per : 8;
		count = (cap + div - 1) / div;
		note = per ? arena_printf(ar, "%lld compute partitions (%s), %ld per package", cap, mode, per)
			   : arena_printf(ar, "at least %lld: %lld compute partitions (%s) of a model whose "
					      "partitions per package are not known here (at most 8)",
					  count, cap, mode);
		if (!per || cap % per)
			collect_warn(k->c, node_line(k, n), "%s: %s", node_label(k, n), note);
		if (cap > count)
			collect_fold_n(k->c, (unsigned)(cap - count),
				       "compute partition (%s): part of a counted package", mode);
		mem = 0;
	}
	add_units(k, n, model, product, pci_id[0] ? pci_id : NULL, count, mem, note);
	return 0;
}

static int huawei(struct kube *k, const struct knode *n)
{
	struct arena *ar = &k->c->inv.arena;
	for (size_t i = 0; i < n->nres + n->nalloc; i++) {
		const struct kkv *kv = i < n->nres ? &n->res[i] : &n->alloc[i - n->nres];
		if (strncmp(kv->key, "huawei.com/Ascend", 17) != 0)
			continue;
		if (i >= n->nres && kv_get(n->res, n->nres, kv->key))
			continue; /* capacity said it */
		long long m;
		if (count_of(k, n, kv, &m) != 0)
			return -1;
		const char *res = kv->key + 11; /* "Ascend910", "Ascend910-2c" */
		if (strchr(res, '-')) {
			collect_fold_n(k->c, (unsigned)m, "%s: a virtual NPU of a counted NPU", kv->key);
			continue;
		}
		/* the chip's name when a label gives it ("910B3"): the resource
		 * ("Ascend910") names the family of several chips */
		const char *chip = label(n, "node.kubernetes.io/npu.chip.name");
		const char *texts[2] = {chip ? arena_printf(ar, "Huawei Ascend %s", chip)
					     : arena_printf(ar, "Huawei %s", res),
					chip ? chip : res};
		add_units(k, n, collect_model_name_of(k->c, texts, 2), chip ? chip : res, NULL, m, 0, NULL);
	}
	return 0;
}

static int node_done(struct kube *k, struct knode *n)
{
	const char *site = NULL;
	if (!k->c->opts.site) {
		site = label(n, "topology.kubernetes.io/zone");
		if (!site)
			site = label(n, "topology.kubernetes.io/region");
		if (!site)
			site = label(n, "failure-domain.beta.kubernetes.io/zone");
	}
	collect_set_host(k->c, n->name, site);
	int rc = nvidia(k, n);
	if (rc == 0)
		rc = amd(k, n);
	if (rc == 0)
		rc = huawei(k, n);
	collect_set_host(k->c, NULL, NULL);
	node_free(n);
	return rc;
}

/* ---- kubectl get nodes -o json ------------------------------------------------------ */

struct jctx {
	struct kube *k;
	const char *text;
	size_t len;
	struct json_step path[6];
	size_t npath;
};

/* Copy the string members of object O (at PATH + KEY) into V. */
static int json_map(struct jctx *j, json_t *o, const char *key, char where, struct kkv **v,
		    size_t *n, size_t *cap)
{
	json_t *m = json_object_get(o, key);
	if (!m)
		return 0;
	j->path[j->npath] = (struct json_step){key, 0};
	if (!json_is_object(m))
		return json_error_at(j->k->d, j->k->file, j->text, j->len, j->path, j->npath + 1,
				     "'%s' must be an object", key);
	const char *name;
	json_t *val;
	json_object_foreach(m, name, val) {
		j->path[j->npath + 1] = (struct json_step){name, 0};
		if (!json_is_string(val))
			return json_error_at(j->k->d, j->k->file, j->text, j->len, j->path, j->npath + 2,
					     "'%s' must be a string", name);
		if (kv_push(v, n, cap,
			    (struct kkv){arena_strdup(&j->k->c->inv.arena, name),
					 arena_strdup(&j->k->c->inv.arena, json_string_value(val)), 0, 0,
					 where}) != 0)
			return json_error_at(j->k->d, j->k->file, j->text, j->len, j->path, j->npath + 1,
					     "more than %d entries in '%s'", MAX_KEYS, key);
	}
	return 0;
}

static int json_node(struct jctx *j, json_t *node, long item)
{
	struct knode n = {.item = item};
	json_t *meta = json_object_get(node, "metadata"), *status = json_object_get(node, "status");
	if ((meta && !json_is_object(meta)) || (status && !json_is_object(status)))
		return json_error_at(j->k->d, j->k->file, j->text, j->len, j->path, j->npath,
				     "a Node's metadata and status must be objects");
	const char *name = meta ? json_string_value(json_object_get(meta, "name")) : NULL;
	n.name = name && *name ? arena_strdup(&j->k->c->inv.arena, name) : NULL;
	size_t base = j->npath;
	int rc = 0;
	if (meta) {
		j->path[j->npath++] = (struct json_step){"metadata", 0};
		rc = json_map(j, meta, "labels", 'l', &n.labels, &n.nlabels, &n.caplabels);
		j->npath = base;
	}
	if (rc == 0 && status) {
		j->path[j->npath++] = (struct json_step){"status", 0};
		rc = json_map(j, status, "capacity", 'c', &n.res, &n.nres, &n.capres);
		if (rc == 0)
			rc = json_map(j, status, "allocatable", 'a', &n.alloc, &n.nalloc, &n.capalloc);
		j->npath = base;
	}
	if (rc != 0) {
		node_free(&n);
		return -1;
	}
	return node_done(j->k, &n);
}

static int kube_json(struct kube *k, const char *text, size_t len)
{
	json_t *root = json_parse(k->file, text, len, k->d);
	if (!root)
		return -1;
	struct jctx j = {.k = k, .text = text, .len = len};
	const char *kind = json_is_object(root) ? json_string_value(json_object_get(root, "kind")) : NULL;
	int rc = 0;
	if (kind && strcmp(kind, "Node") == 0) {
		rc = json_node(&j, root, -1);
	} else if (kind && (strcmp(kind, "List") == 0 || strcmp(kind, "NodeList") == 0)) {
		json_t *items = json_object_get(root, "items");
		j.path[0] = (struct json_step){"items", 0};
		if (!json_is_array(items)) {
			rc = json_error_at(k->d, k->file, text, len, j.path, json_object_get(root, "items") ? 1 : 0,
					   "a %s needs an 'items' array", kind);
		}
		for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i);
			j.path[1] = (struct json_step){NULL, i};
			j.npath = 2;
			const char *ik = json_is_object(it) ? json_string_value(json_object_get(it, "kind")) : NULL;
			if (!json_is_object(it))
				rc = json_error_at(k->d, k->file, text, len, j.path, 2, "an item must be an object");
			else if (ik && strcmp(ik, "Node") != 0)
				collect_note(k->c, "a %s in the List: not a node", ik);
			else
				rc = json_node(&j, it, (long)i);
		}
	} else {
		char ex[96];
		rc = json_error_at(k->d, k->file, text, len, NULL, 0,
				   "not kubectl get nodes -o json output (kind '%s', expected a Node or "
				   "a List of Nodes)",
				   kind ? diag_excerpt(ex, sizeof(ex), kind, strlen(kind)) : "");
	}
	json_decref(root);
	return rc;
}

/* ---- describe, grep and YAML text ------------------------------------------------------ */

enum ksect { KS_NONE, KS_LABELS, KS_ANNOTATIONS, KS_CAPACITY, KS_ALLOCATABLE, KS_META, KS_OTHER };

struct ktext {
	struct kube *k;
	struct knode n;
	bool have; /* n holds something */
	enum ksect sect;
	size_t sect_indent;
	bool in_meta; /* inside a YAML metadata: block */
	size_t meta_indent, meta_child;
	bool seen; /* anything kubectl-like */
	size_t nodes;
};

/* Accelerator resources and the labels this reads, for lines outside any
 * section (grep output). */
static bool resource_key(const char *k)
{
	return strcmp(k, "nvidia.com/gpu") == 0 || strncmp(k, "nvidia.com/mig-", 15) == 0 ||
	       strcmp(k, "amd.com/gpu") == 0 || strncmp(k, "huawei.com/Ascend", 17) == 0;
}

static int text_flush(struct ktext *t)
{
	if (!t->have)
		return 0;
	t->have = false;
	if (++t->nodes > MAX_NODES) {
		diag_set(t->k->d, t->k->file, t->n.line, 0, "more than %d nodes", MAX_NODES);
		node_free(&t->n);
		return -1;
	}
	return node_done(t->k, &t->n);
}

static int text_new_node(struct ktext *t, int line)
{
	if (text_flush(t) != 0)
		return -1;
	memset(&t->n, 0, sizeof(t->n));
	t->n.line = line;
	t->n.item = -2;
	t->have = true;
	t->seen = true;
	return 0;
}

/* "value" or 'value' or value. */
static const char *unquote(struct collect *c, const struct line *v)
{
	struct line x = *v;
	if (x.len >= 2 && (x.s[0] == '"' || x.s[0] == '\'') && x.s[x.len - 1] == x.s[0]) {
		x.s++;
		x.len -= 2;
	}
	return line_dup(c, &x);
}

static int put(struct ktext *t, enum ksect where, const struct line *key, const struct line *value,
		const struct line *l)
{
	if (!t->have) {
		memset(&t->n, 0, sizeof(t->n));
		t->n.line = l->no;
		t->n.item = -2;
		t->have = true;
	}
	struct kkv kv = {line_dup(t->k->c, key), unquote(t->k->c, value), l->no,
			 (int)(key->s - l->s) + 1, 0};
	int rc = where == KS_LABELS ? kv_push(&t->n.labels, &t->n.nlabels, &t->n.caplabels, kv)
		 : where == KS_CAPACITY ? kv_push(&t->n.res, &t->n.nres, &t->n.capres, kv)
					: kv_push(&t->n.alloc, &t->n.nalloc, &t->n.capalloc, kv);
	t->seen = true;
	if (rc != 0)
		return line_error(t->k->d, t->k->file, l, "more than 10000 labels or resources on one node");
	return 0;
}

static enum ksect section_of(const struct line *key)
{
	static const struct {
		const char *name;
		enum ksect s;
	} map[] = {{"labels", KS_LABELS},	    {"annotations", KS_ANNOTATIONS},
		   {"capacity", KS_CAPACITY},	    {"allocatable", KS_ALLOCATABLE},
		   {"metadata", KS_META}};
	for (size_t i = 0; i < CG_ARRAY_LEN(map); i++)
		if (key->len == strlen(map[i].name) && strncasecmp(key->s, map[i].name, key->len) == 0)
			return map[i].s;
	return KS_OTHER;
}

static int text_line(struct ktext *t, const struct line *l)
{
	struct line tl = line_trim(*l), key, value;
	size_t ind = line_indent(l);
	if (tl.len >= 2 && tl.s[0] == '-' && tl.s[1] == ' ') { /* a YAML list item */
		tl.s += 2;
		tl.len -= 2;
		tl = line_trim(tl);
		ind += 2;
		if (line_starts(&tl, "apiVersion:") && text_new_node(t, l->no) != 0)
			return -1;
	}
	if (t->sect != KS_NONE && ind <= t->sect_indent)
		t->sect = KS_NONE; /* the section ended */
	if (t->in_meta && ind <= t->meta_indent) {
		t->in_meta = false;
		t->meta_child = 0;
	}
	const char *eq = memchr(tl.s, '=', tl.len);
	bool kv = line_key_value(&tl, ':', &key, &value);
	if (eq && (!kv || eq < key.s + key.len) && memchr(tl.s, '/', (size_t)(eq - tl.s)) &&
	    !memchr(tl.s, ' ', (size_t)(eq - tl.s)) &&
	    (t->sect == KS_LABELS || t->sect == KS_NONE)) {
		/* "nvidia.com/gpu.count=8": a label as describe prints it */
		struct line k = {tl.s, (size_t)(eq - tl.s), l->no};
		struct line v = line_trim((struct line){eq + 1, tl.len - (size_t)(eq - tl.s) - 1, l->no});
		return put(t, KS_LABELS, &k, &v, l);
	}
	if (!kv)
		return 0;
	if (ind == 0 && line_is(&key, "Name") && value.len) { /* describe: a new node */
		if (text_new_node(t, l->no) != 0)
			return -1;
		t->n.name = line_dup(t->k->c, &value);
		t->sect = KS_NONE;
		return 0;
	}
	if (line_is(&key, "kind") && line_is(&value, "Node")) {
		t->seen = true;
		if (t->have && (t->n.name || t->n.nlabels || t->n.nres))
			return text_new_node(t, l->no);
		return 0;
	}
	enum ksect s = section_of(&key);
	if (s != KS_OTHER) {
		t->sect = s == KS_META ? KS_NONE : s;
		t->sect_indent = ind;
		t->seen = true;
		const char *veq = value.len ? memchr(value.s, '=', value.len) : NULL;
		if (s == KS_LABELS && veq) { /* describe: "Labels:  first=label" */
			struct line lk = {value.s, (size_t)(veq - value.s), l->no};
			struct line lv = line_trim(
				(struct line){veq + 1, value.len - (size_t)(veq - value.s) - 1, l->no});
			if (put(t, KS_LABELS, &lk, &lv, l) != 0)
				return -1;
		}
		if (s == KS_META) {
			t->in_meta = true;
			t->meta_indent = ind;
		}
		return 0;
	}
	if (t->in_meta) {
		if (!t->meta_child)
			t->meta_child = ind;
		if (ind == t->meta_child && line_is(&key, "name") && value.len) {
			if (t->have && t->n.name && text_new_node(t, l->no) != 0)
				return -1;
			if (!t->have && text_new_node(t, l->no) != 0)
				return -1;
			t->n.name = unquote(t->k->c, &value);
			return 0;
		}
	}
	if (ind == 0 && t->sect == KS_NONE)
		return 0; /* Roles:, Taints:, ... */
	if (!value.len || !memchr(key.s, '/', key.len))
		return 0;
	char *k = arena_strndup(&t->k->c->inv.arena, key.s, key.len);
	if (t->sect == KS_LABELS)
		return put(t, KS_LABELS, &key, &value, l);
	if (t->sect == KS_CAPACITY || (t->sect == KS_NONE && resource_key(k)))
		return put(t, KS_CAPACITY, &key, &value, l);
	if (t->sect == KS_ALLOCATABLE)
		return put(t, KS_ALLOCATABLE, &key, &value, l);
	if (t->sect == KS_NONE && (strstr(k, ".count") || strstr(k, ".product") ||
					strstr(k, "gpu.memory") || strstr(k, "gpu.replicas") ||
					strstr(k, "present") || strstr(k, "topology.")))
		return put(t, KS_LABELS, &key, &value, l); /* YAML-ish label outside a labels: */
	return 0;
}

static int kube_text(struct kube *k, const char *text, size_t len)
{
	struct ktext t = {.k = k};
	struct lines ls;
	struct line l;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		if (line_blank(&l) || line_is(&l, "...") || (l.no == 1 && line_is_prompt(&l, "kubectl")))
			continue;
		if (text_line(&t, &l) != 0) {
			if (t.have)
				node_free(&t.n);
			return -1;
		}
	}
	if (!t.seen) {
		if (t.have)
			node_free(&t.n);
		diag_set(k->d, k->file, 0, 0,
			 "not kubectl output (no node, no labels, no capacity: expected kubectl get "
			 "nodes -o json or kubectl describe nodes)");
		return -1;
	}
	return text_flush(&t);
}

int collect_kube_text(struct collect *c, const char *name, const char *text, size_t len,
		      struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct kube k = {c, name, d, text, len};
	const char *p = text, *end = text + len;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && *p == '{')
		return kube_json(&k, text, len);
	if (p < end && *p == '[') {
		diag_set(d, name, 1, 1, "not kubectl output (a JSON array: expected a Node or a List)");
		return -1;
	}
	return kube_text(&k, text, len);
}

int collect_kube(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_kube_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
