/* This machine's PCI bus as collector input, through libpci: the live bus
 * (sysfs on Linux), or with DUMP the `lspci -x` output libpci's dump access
 * method reads (which makes the scan testable). SR-IOV virtual functions
 * are recognised, and folded into their physical function, by sysfs's
 * physfn link on the live bus (libpci 3.9 has no field for it), by the
 * SR-IOV extended capability of their physical function when the config
 * space is readable (the routing ids and the VF device id it gives), and
 * by their pci.ids name ("[Instinct MI300X VF]", "Virtual Function"): see
 * collect_pci().
 *
 * libpci reports fatal errors through a callback that must not return; it
 * is turned into a longjmp back here, so an unreadable dump or bus is a
 * diagnostic, never an exit from inside the library. Must never print. */
#include "collect/collect.h"

#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SRIOV_TOTAL_VFS 0x0e
#define SRIOV_VF_OFFSET 0x14
#define SRIOV_VF_STRIDE 0x16
#define SRIOV_VF_DEVICE 0x1a

static jmp_buf pci_jump;
static char pci_msg[256];

/* PCI_NONRET, not _Noreturn: clang makes only the GNU attribute part of the
 * function's type, which must match the type of pci_access.error. */
static void PCI_PRINTF(1, 2) PCI_NONRET on_error(char *msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	vsnprintf(pci_msg, sizeof(pci_msg), msg, ap);
	va_end(ap);
	longjmp(pci_jump, 1);
}

static void PCI_PRINTF(1, 2) on_warning(char *msg, ...)
{
	(void)msg; /* libpci's warnings (a missing pci.ids) change nothing here */
}

/* Is P a virtual function (sysfs gives it a physfn link)? Then *PF gets
 * the physical function's address, read from the link when it can be. */
static bool sysfs_vf(const struct pci_dev *p, struct pci_function *pf)
{
	char path[128], target[256];
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%04x:%02x:%02x.%d/physfn", p->domain, p->bus,
		 p->dev, p->func);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return access(path, F_OK) == 0;
	target[n] = '\0';
	const char *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	*pf = (struct pci_function){0};
	if (pci_address_parse(base, strlen(base), pf) != 0)
		pf->bus = ~0u; /* not an address: no physical function to name */
	return true;
}

static void read_sriov(struct pci_dev *p, struct pci_function *f)
{
	struct pci_cap *cap = pci_find_cap(p, PCI_EXT_CAP_ID_SRIOV, PCI_CAP_EXTENDED);
	if (!cap)
		return;
	f->total_vfs = pci_read_word(p, cap->addr + SRIOV_TOTAL_VFS);
	f->vf_offset = pci_read_word(p, cap->addr + SRIOV_VF_OFFSET);
	f->vf_stride = pci_read_word(p, cap->addr + SRIOV_VF_STRIDE);
	f->vf_device = pci_read_word(p, cap->addr + SRIOV_VF_DEVICE);
}

/* Everything libpci touches, so the error path can release it. */
struct scan {
	struct pci_access *pacc;
	struct pci_function *f;
	size_t n, cap;
	struct pci_function *physfn; /* of f[i], the address its physfn link names */
	size_t capp;
};

static void scan_bus(struct collect *c, struct scan *s, const char *dump)
{
	s->pacc = pci_alloc();
	s->pacc->error = on_error;
	s->pacc->warning = on_warning;
	s->pacc->debug = on_warning;
	if (dump) {
		s->pacc->method = PCI_ACCESS_DUMP;
		pci_set_param(s->pacc, "dump.name", (char *)dump);
	}
	if (c->opts.pci_ids) /* names from this file, as lspci -i does */
		pci_set_name_list_path(s->pacc, (char *)c->opts.pci_ids, 0);
	pci_init(s->pacc);
	pci_scan_bus(s->pacc);
	for (struct pci_dev *p = s->pacc->devices; p; p = p->next) {
		pci_fill_info(p, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_EXT_CAPS);
		struct pci_function f = {.domain = (unsigned)p->domain, .bus = p->bus, .dev = p->dev,
					 .fn = p->func, .vendor = p->vendor_id, .device = p->device_id,
					 .cls = p->device_class};
		/* names from pci.ids only: udev's hwdb differs between hosts, and
		 * libpci 3.9 leaks a udev handle per failed hwdb lookup */
		enum { LOOKUP = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB };
		char name[256];
		if (pci_lookup_name(s->pacc, name, sizeof(name), PCI_LOOKUP_VENDOR | LOOKUP, p->vendor_id))
			f.vendor_name = arena_strdup(&c->inv.arena, name);
		if (pci_lookup_name(s->pacc, name, sizeof(name), PCI_LOOKUP_DEVICE | LOOKUP, p->vendor_id,
				    p->device_id))
			f.device_name = arena_strdup(&c->inv.arena, name);
		struct pci_function pf = {.bus = ~0u};
		f.vf = !dump && sysfs_vf(p, &pf);
		read_sriov(p, &f);
		XGROW(s->f, s->cap, s->n + 1);
		XGROW(s->physfn, s->capp, s->n + 1);
		s->physfn[s->n] = pf;
		s->f[s->n++] = f;
	}
	/* a virtual function's physical function, by the address sysfs gave */
	for (size_t j = 0; j < s->n; j++)
		for (size_t i = 0; s->f[j].vf && i < s->n && !s->f[j].pf; i++)
			if (s->physfn[j].bus != ~0u && s->f[i].domain == s->physfn[j].domain &&
			    s->f[i].bus == s->physfn[j].bus && s->f[i].dev == s->physfn[j].dev &&
			    s->f[i].fn == s->physfn[j].fn)
				s->f[j].pf = i + 1;
}

int collect_libpci(struct collect *c, const char *dump, struct diag *d)
{
	/* static: the state must survive the longjmp unclobbered */
	static struct scan s;
	static const char *where;
	memset(&s, 0, sizeof(s));
	where = dump;
	if (dump && access(dump, R_OK) != 0) {
		diag_set(d, dump, 0, 0, "cannot open: no such file or not readable");
		return -1;
	}
	/* libpci reads the dump itself, past any count of ours: only a regular
	 * file, whose size is known before, can be held to the input limit */
	struct stat st;
	if (dump && (stat(dump, &st) != 0 || !S_ISREG(st.st_mode))) {
		diag_set(d, dump, 0, 0, "not a regular file: save the lspci -x output to a file first");
		return -1;
	}
	if (dump && (unsigned long long)st.st_size > input_size_limit()) {
		diag_set(d, dump, 0, 0, "file is larger than the input limit of %zu bytes",
			 input_size_limit());
		return -1;
	}
	if (c->opts.pci_ids && access(c->opts.pci_ids, R_OK) != 0) {
		diag_set(d, c->opts.pci_ids, 0, 0, "cannot open: no such file or not readable");
		return -1;
	}
	if (setjmp(pci_jump) != 0) {
		diag_set(d, where ? where : "libpci", 0, 0, "cannot scan the PCI bus: %s", pci_msg);
		if (s.pacc)
			pci_cleanup(s.pacc);
		free(s.f);
		free(s.physfn);
		return -1;
	}
	scan_bus(c, &s, where);
	if (where && s.n == 0) {
		diag_set(d, where, 0, 0, "no PCI devices in the dump (expected the output of lspci -x)");
		pci_cleanup(s.pacc);
		free(s.f);
		free(s.physfn);
		return -1;
	}
	collect_pci(c, s.f, s.n);
	pci_cleanup(s.pacc);
	free(s.f);
	free(s.physfn);
	return 0;
}
