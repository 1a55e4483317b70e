/* Saved `lspci` output as collector input: plain `lspci`, `-nn`, `-nnk`,
 * `-v`..`-vvv` (with or without -nn), names from an old or a new pci.ids,
 * Hyper-V style PCI domains, with or without a shell prompt line. Device
 * lines give the address, class and ids; indented lines may add the
 * SR-IOV capability. Virtual functions (told by that capability, by a name
 * such as "[Instinct MI300X VF]", or by sharing a bus and ids with a lower
 * function) are folded into their physical function by collect_pci().
 * Without ids (plain lspci) the ids are recovered from "Device 20b2" style
 * names and the catalog's vendor names, or the bracketed model name is
 * matched. Detail lines whose indentation was lost in a paste
 * ("Kernel driver in use: nvidia" at column 1) are read as details when
 * they start with a key lspci prints. Must never accept text that is not
 * lspci output: a line that is neither a device, a detail, a prompt nor a
 * pcilib warning is an error with its line number. */
#include "collect/collect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

struct lsp {
	struct collect *c;
	const char *name;
	struct diag *d;
	struct pci_function *f;
	size_t n, cap;
	bool in_sriov;
};

static const struct {
	const char *name;
	int cls;
} class_names[] = {
	{"VGA compatible controller", 0x0300}, {"3D controller", 0x0302},
	{"Display controller", 0x0380},	       {"Processing accelerators", 0x1200},
	{"Co-processor", 0x0b40},	       {"Bridge", 0x0680},
	{"PCI bridge", 0x0604},		       {"Host bridge", 0x0600},
	{"Ethernet controller", 0x0200},       {"Infiniband controller", 0x0207},
	{"Network controller", 0x0280},	       {"Non-Volatile memory controller", 0x0108},
};

static int hexval(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	if (n == 0 || n > 8)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int ch = tolower((unsigned char)s[i]);
		if (!isxdigit(ch))
			return -1;
		v = v * 16 + (unsigned)(isdigit(ch) ? ch - '0' : ch - 'a' + 10);
	}
	*out = v;
	return 0;
}

/* Cut " (rev a1)" and " (prog-if 02 [...])" off the end of [s, *e). */
static void cut_suffixes(const char *s, const char **e)
{
	for (;;) {
		const char *end = *e;
		while (end > s && end[-1] == ' ')
			end--;
		*e = end;
		if (end == s || end[-1] != ')')
			return;
		const char *open = NULL;
		int depth = 0;
		for (const char *p = end - 1; p >= s; p--) {
			if (*p == ')')
				depth++;
			else if (*p == '(' && --depth == 0) {
				open = p;
				break;
			}
		}
		if (!open || !(strncmp(open, "(rev ", 5) == 0 || strncmp(open, "(prog-if ", 9) == 0))
			return;
		*e = open;
	}
}

/* "[10de:20b2]" at the end of [s, *e): the ids; cut off. */
static bool take_ids(const char *s, const char **e, struct pci_function *f)
{
	const char *end = *e;
	unsigned v, dv;
	if (end - s < 11 || end[-1] != ']' || end[-11] != '[' || end[-6] != ':' ||
	    hexval(end - 10, 4, &v) != 0 || hexval(end - 5, 4, &dv) != 0)
		return false;
	f->vendor = (uint16_t)v;
	f->device = (uint16_t)dv;
	end -= 11;
	while (end > s && end[-1] == ' ')
		end--;
	*e = end;
	return true;
}

/* The vendor name at the start of TEXT: the longest catalog vendor name or
 * alias it begins with (pci.ids spells them "NVIDIA Corporation", ...). */
static const struct vendor *vendor_prefix(const struct catalog *cat, const char *text, size_t *len)
{
	const struct vendor *best = NULL;
	size_t bestn = 0;
	for (size_t i = 0; i < cat->nvendors; i++) {
		const struct vendor *v = cat->vendors[i];
		for (size_t k = 0; k <= v->naliases; k++) {
			const char *n = k == 0 ? v->name : v->aliases[k - 1];
			size_t nl = strlen(n);
			if (nl > bestn && strncasecmp(text, n, nl) == 0 &&
			    (text[nl] == ' ' || text[nl] == ',' || text[nl] == '\0')) {
				best = v;
				bestn = nl;
			}
		}
	}
	*len = bestn;
	return best;
}

/* Names without ids: "NVIDIA Corporation Device 20b2" (old pci.ids) gives
 * the ids back; "Huawei Technologies Co., Ltd. Device d802" too. */
static void ids_from_names(struct lsp *l, struct pci_function *f, const char *text)
{
	size_t vl;
	const struct vendor *v = vendor_prefix(l->c->cat, text, &vl);
	const char *dev = strstr(text, " Device ");
	unsigned id, vid;
	if (strncmp(text, "Device ", 7) == 0 && strlen(text) == 16 && text[11] == ':' &&
	    hexval(text + 7, 4, &vid) == 0 && hexval(text + 12, 4, &id) == 0) {
		/* vendor and device unknown to pci.ids: "Device 1ed5:0323" */
		f->vendor = (uint16_t)vid;
		f->device = (uint16_t)id;
	} else if (dev) {
		const char *hx = dev + 8;
		size_t n = strspn(hx, "0123456789abcdefABCDEF");
		if (n == 4 && (hx[4] == '\0' || hx[4] == ' ') && hexval(hx, 4, &id) == 0) {
			/* an unknown vendor prints as "Device 1ed5" too */
			if (v && v->npci) {
				f->vendor = v->pci[0];
				f->device = (uint16_t)id;
			} else if (strncmp(text, "Device ", 7) == 0 && hexval(text + 7, 4, &vid) == 0 &&
				   text + 11 == dev) {
				f->vendor = (uint16_t)vid;
				f->device = (uint16_t)id;
			}
		}
	}
	if (v && vl) {
		const char *rest = text + vl;
		while (*rest == ' ' || *rest == ',')
			rest++;
		f->vendor_name = arena_strndup(&l->c->inv.arena, text, vl);
		f->device_name = arena_strdup(&l->c->inv.arena, rest);
	} else {
		f->device_name = arena_strdup(&l->c->inv.arena, text);
	}
}

/* "0001:00:00.0 3D controller [0302]: NVIDIA Corporation GA100 [...] [10de:20b2] (rev a1)" */
static int device_line(struct lsp *l, const char *s, size_t len, int line)
{
	struct pci_function f = {.cls = -1, .line = line};
	const char *sp = memchr(s, ' ', len);
	if (!sp || pci_address_parse(s, (size_t)(sp - s), &f) != 0)
		return 1; /* not a device line */
	const char *cls = sp + 1, *end = s + len;
	const char *colon = NULL;
	for (const char *p = cls; p + 1 < end; p++)
		if (p[0] == ':' && p[1] == ' ') {
			colon = p;
			break;
		}
	if (!colon)
		return 1;
	const char *ce = colon;
	unsigned code;
	if (ce - cls >= 7 && ce[-1] == ']' && ce[-6] == '[' && hexval(ce - 5, 4, &code) == 0) {
		f.cls = (int)code;
		ce -= 6;
		while (ce > cls && ce[-1] == ' ')
			ce--;
	}
	for (size_t i = 0; f.cls < 0 && i < CG_ARRAY_LEN(class_names); i++)
		if (strlen(class_names[i].name) == (size_t)(ce - cls) &&
		    strncmp(cls, class_names[i].name, (size_t)(ce - cls)) == 0)
			f.cls = class_names[i].cls;
	const char *rest = colon + 2, *re = end;
	cut_suffixes(rest, &re);
	bool ids = take_ids(rest, &re, &f);
	char *text = arena_strndup(&l->c->inv.arena, rest, (size_t)(re - rest));
	if (ids) {
		size_t vl;
		const struct vendor *v = vendor_prefix(l->c->cat, text, &vl);
		f.vendor_name = v ? arena_strndup(&l->c->inv.arena, text, vl) : NULL;
		const char *dn = text + vl;
		while (*dn == ' ' || *dn == ',')
			dn++;
		f.device_name = dn;
	} else {
		ids_from_names(l, &f, text);
	}
	XGROW(l->f, l->cap, l->n + 1);
	l->f[l->n++] = f;
	l->in_sriov = false;
	return 0;
}

/* Indented detail lines: only the SR-IOV capability matters. */
static void detail_line(struct lsp *l, const char *s, size_t len)
{
	if (!l->n)
		return;
	struct pci_function *f = &l->f[l->n - 1];
	char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 255 ? len : 255), s);
	if (strncmp(buf, "Capabilities:", 13) == 0) {
		l->in_sriov = strstr(buf, "(SR-IOV)") != NULL;
		return;
	}
	if (!l->in_sriov)
		return;
	const char *p;
	unsigned v;
	if ((p = strstr(buf, "Total VFs: ")))
		f->total_vfs = (unsigned)strtoul(p + 11, NULL, 10);
	if ((p = strstr(buf, "VF offset: ")))
		f->vf_offset = (unsigned)strtoul(p + 11, NULL, 10);
	if ((p = strstr(buf, "stride: ")))
		f->vf_stride = (unsigned)strtoul(p + 8, NULL, 10);
	if ((p = strstr(buf, "Device ID: ")) && hexval(p + 11, 4, &v) == 0)
		f->vf_device = (uint16_t)v;
}

/* The keys of the detail lines lspci -k and -v..-vvv print under a device
 * (the first-level ones, and those of the SR-IOV capability, the only
 * capability read), so that a detail line pasted without its indentation
 * is still known for one. */
static const char *const detail_keys[] = {
	"Subsystem:", "Kernel driver in use:", "Kernel modules:", "Physical Slot:", "Device tree node:",
	"Flags:", "Control:", "Status:", "Latency:", "Interrupt:", "BIST result:", "NUMA node:",
	"IOMMU group:", "Region ", "Expansion ROM at ", "Memory at ", "I/O ports at ", "Bus:",
	"Secondary status:", "BridgeCtl:", "Memory behind bridge:", "Prefetchable memory behind bridge:",
	"I/O behind bridge:", "DeviceName:", "Capabilities:", "IOVCap:", "IOVCtl:", "IOVSta:",
	"Initial VFs:", "VF offset:", "VF Migration:", "Supported Page Size:",
};

static bool detail_key(const char *s, size_t len)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(detail_keys); i++) {
		size_t kl = strlen(detail_keys[i]);
		if (len >= kl && memcmp(s, detail_keys[i], kl) == 0)
			return true;
	}
	return false;
}

/* A shell prompt, the command itself, or a pcilib warning. */
static bool noise_line(const char *s, size_t len, bool first)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 255 ? len : 255), s);
	return first || strstr(buf, "lspci") || strncmp(buf, "pcilib:", 7) == 0 || buf[0] == '$' ||
	       buf[0] == '#' || (len && (s[len - 1] == '$' || s[len - 1] == '#'));
}

int collect_lspci_text(struct collect *c, const char *name, const char *text, size_t len,
		       struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct lsp l = {.c = c, .name = name, .d = d};
	int line = 0, rc = 0;
	bool seen_any = false;
	for (const char *p = text, *end = text + len; p < end && rc == 0;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		line++;
		bool blank = true;
		for (size_t i = 0; i < n && blank; i++)
			blank = isspace((unsigned char)p[i]);
		if (blank) {
			/* nothing */
		} else if (p[0] == ' ' || p[0] == '\t') {
			size_t k = 0;
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			detail_line(&l, p + k, n - k);
		} else if (device_line(&l, p, n, line) == 0) {
			seen_any = true;
		} else if (seen_any && detail_key(p, n)) {
			detail_line(&l, p, n);
		} else if (!noise_line(p, n, !seen_any)) {
			char ex[96];
			diag_set(d, name, line, 1, "not lspci output: '%s'", diag_excerpt(ex, sizeof(ex), p, n));
			rc = -1;
		}
		p = nl ? nl + 1 : end;
	}
	if (rc == 0 && !l.n) {
		diag_set(d, name, 0, 0, "no PCI devices found (expected the output of lspci)");
		rc = -1;
	}
	if (rc == 0)
		collect_pci(c, l.f, l.n);
	free(l.f);
	return rc;
}

int collect_lspci(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_lspci_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
