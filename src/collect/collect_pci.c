/* PCI functions as collectors see them (lspci, libpci, osquery, the bus ids
 * nvidia-smi and npu-smi print): parsing an address, telling which
 * functions are accelerators (the catalog's PCI ids, else the class: 3D
 * controller, processing accelerator), and telling SR-IOV virtual
 * functions from physical ones -- by the physical function's capability
 * (routing ids, VF device id), by sysfs (the scan sets vf), by a name that
 * marks them, by sharing a bus and ids with a lower function -- so that a
 * virtual function is folded into its physical function, or, without it
 * in the listing, not counted. Must never count a switch, a NIC or a
 * virtual function as an accelerator. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"

int pci_address_parse(const char *s, size_t len, struct pci_function *f)
{
	unsigned v[4];
	size_t nv = 0, i = 0;
	while (nv < 4) {
		size_t start = i;
		unsigned x = 0;
		while (i < len && isxdigit((unsigned char)s[i]) && i - start < 8) {
			char ch = (char)tolower((unsigned char)s[i++]);
			x = x * 16 + (unsigned)(isdigit((unsigned char)ch) ? ch - '0' : ch - 'a' + 10);
		}
		if (i == start)
			return -1;
		v[nv++] = x;
		if (i < len && s[i] == ':' && nv < 3) {
			i++;
			continue;
		}
		if (i < len && s[i] == '.' && (nv == 2 || nv == 3)) {
			i++;
			if (i >= len || s[i] < '0' || s[i] > '7')
				return -1;
			f->fn = (unsigned)(s[i++] - '0');
			break;
		}
		return -1;
	}
	if (i != len)
		return -1;
	if (nv == 3) {
		f->domain = v[0];
		f->bus = v[1];
		f->dev = v[2];
	} else if (nv == 2) {
		f->domain = 0;
		f->bus = v[0];
		f->dev = v[1];
	} else {
		return -1;
	}
	return f->bus <= 0xff && f->dev <= 0x1f ? 0 : -1;
}

static unsigned routing_id(const struct pci_function *f)
{
	return f->bus << 8 | f->dev << 3 | f->fn;
}

/* Does NAME mark an SR-IOV virtual function, as pci.ids and vendors name
 * them: "Virtual Function", "Aqua Vanjaram [Instinct MI300X VF]", "(SR-IOV
 * VF)"? "VF" counts only as a word of its own ("VFG7330" is a product). */
static bool vf_name(const char *name)
{
	if (!name)
		return false;
	if (strstr(name, "Virtual Function"))
		return true;
	for (const char *p = name; (p = strstr(p, "VF")) != NULL; p += 2)
		if ((p == name || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[2]))
			return true;
	return false;
}

/* SR-IOV, from what the functions say of themselves: a physical function's
 * capability places its virtual functions at routing ids (offset, stride,
 * count) and names their device id; a function whose name marks it (see
 * vf_name) is one too. Each virtual function found from a capability
 * records its physical function (pf). */
static void mark_vfs(struct pci_function *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vf_name(f[i].device_name))
			f[i].vf = true;
	for (size_t i = 0; i < n; i++) {
		if (!f[i].total_vfs)
			continue;
		unsigned first = routing_id(&f[i]) + f[i].vf_offset;
		unsigned stride = f[i].vf_stride ? f[i].vf_stride : 1;
		for (size_t j = 0; j < n; j++) {
			if (j == i || f[j].domain != f[i].domain)
				continue;
			unsigned rid = routing_id(&f[j]);
			bool placed = f[i].vf_offset && rid >= first && (rid - first) % stride == 0 &&
				      (rid - first) / stride < f[i].total_vfs;
			/* a VF device id of its own names the VFs wherever they sit */
			bool named = f[i].vf_device && f[i].vf_device != f[i].device && f[j].vendor &&
				     f[j].vendor == f[i].vendor && f[j].device == f[i].vf_device;
			if ((placed || named) && !f[j].pf) {
				f[j].vf = true;
				f[j].pf = i + 1;
			}
		}
	}
}

static bool accel_class(int cls)
{
	return cls == 0x0302 || (cls >= 0 && cls >> 8 == 0x12);
}

static void pci_id_text(const struct pci_function *f, char out[10])
{
	snprintf(out, 10, "%04x:%04x", f->vendor, f->device);
}

static void address_text(const struct pci_function *f, char out[24])
{
	snprintf(out, 24, "%04x:%02x:%02x.%u", f->domain & 0xffffu, f->bus, f->dev, f->fn);
}

/* "10de:2330 NVIDIA Corporation GH100 [H100 SXM5 80GB]": ID and the names
 * the function was given, those it has. */
static const char *describe(const struct pci_function *f, const char *id, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s", id, f->vendor_name ? " " : "",
		 f->vendor_name ? f->vendor_name : "", f->device_name ? " " : "",
		 f->device_name ? f->device_name : "");
	return buf;
}

/* Is F an accelerator? Sets *chip when the catalog knows it. */
static bool is_accelerator(struct collect *c, const struct pci_function *f, const struct chip **chip)
{
	char id[10], what[300];
	*chip = NULL;
	pci_id_text(f, id);
	if (!f->vendor)
		snprintf(id, sizeof(id), "%s", "[no ids]"); /* plain lspci without names pci.ids knows */
	describe(f, id, what, sizeof(what));
	if (f->vendor && catalog_pci_not_accelerator(c->cat, f->vendor, f->device)) {
		collect_note(c, "%s: not an accelerator (catalog)", what);
		return false;
	}
	if (f->vendor)
		*chip = catalog_match_pci(c->cat, f->vendor, f->device);
	if (!*chip && !f->vendor && f->device_name) {
		/* no ids (plain lspci): the name in brackets, as pci.ids gives it */
		const char *lb = strrchr(f->device_name, '['), *rb = lb ? strchr(lb, ']') : NULL;
		if (lb && rb) {
			char inner[128];
			snprintf(inner, sizeof(inner), "%.*s", (int)(rb - lb - 1), lb + 1);
			struct catalog_match m;
			catalog_match(c->cat, inner, &m);
			if (m.kind == MATCH_EXACT || m.kind == MATCH_PREFIX)
				*chip = m.chip;
		}
	}
	if (*chip || accel_class(f->cls)) {
		if (f->vf && f->pf) {
			collect_fold(c, "%s: SR-IOV virtual function of a physical function counted "
				     "here", what);
			return false;
		}
		if (f->vf) {
			collect_note(c, "%s: SR-IOV virtual function whose physical function is not "
				     "listed, a share of a device on its host (inventory that host)", what);
			return false;
		}
		return true;
	}
	if (f->vendor && catalog_vendor_by_pci(c->cat, f->vendor) && f->cls >= 0 && f->cls >> 8 == 0x03)
		collect_note(c, "%s: display controller not in the catalog, ignored", what);
	return false;
}

/* Functions on one bus with the same ids as a lower function there are
 * virtual functions when nothing else said so (GPUs sit on a bus each). */
static void mark_same_bus(struct pci_function *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (i != j && !f[i].vf && f[j].vendor && f[j].vendor == f[i].vendor &&
			    f[j].device == f[i].device && f[j].domain == f[i].domain &&
			    f[j].bus == f[i].bus && routing_id(&f[j]) < routing_id(&f[i])) {
				f[i].vf = true;
				f[i].pf = j + 1;
			}
}

/* The physical function of each virtual function known only by its name or
 * by sysfs: a function of the same vendor that is not a virtual function
 * and is the same device (by id, by its capability's VF device id, or as
 * the same catalog chip: the MI300X is 1002:74a1, its VF 1002:74b5). */
static void find_pfs(struct collect *c, struct pci_function *f, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (!f[j].vf || f[j].pf || !f[j].vendor)
			continue;
		const struct chip *chip = catalog_match_pci(c->cat, f[j].vendor, f[j].device);
		for (size_t i = 0; i < n && !f[j].pf; i++) {
			if (f[i].vf || f[i].vendor != f[j].vendor)
				continue;
			if (f[i].device == f[j].device || f[i].vf_device == f[j].device ||
			    (chip && catalog_match_pci(c->cat, f[i].vendor, f[i].device) == chip))
				f[j].pf = i + 1;
		}
	}
}

void collect_pci(struct collect *c, struct pci_function *f, size_t n)
{
	mark_vfs(f, n);
	mark_same_bus(f, n);
	find_pfs(c, f, n);
	for (size_t i = 0; i < n; i++) {
		const struct chip *chip;
		if (!is_accelerator(c, &f[i], &chip))
			continue;
		char id[10], addr[24];
		pci_id_text(&f[i], id);
		address_text(&f[i], addr);
		const char *model;
		if (chip)
			model = collect_chip_name(c, chip);
		else if (f[i].vendor)
			model = arena_printf(&c->inv.arena, "pci:%s", id);
		else
			model = arena_printf(&c->inv.arena, "%s%s%s", f[i].vendor_name ? f[i].vendor_name : "",
					     f[i].vendor_name ? " " : "",
					     f[i].device_name ? f[i].device_name : "unknown device");
		collect_add(c, model, "pci_addresses", addr, f[i].vendor ? id : NULL);
	}
}
