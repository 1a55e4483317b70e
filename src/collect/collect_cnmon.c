/* Cambricon's cnmon as collector input:
 *
 *  - `cnmon` (the table): two rows per card between borders, the first
 *    "| 0     /   MLU370-X8    v1.1.6 | 0000:4F:00.0 | ..." (card, VF,
 *    name, firmware; bus id when the driver prints it), the second with
 *    the memory ("0 MiB/ 23374 MiB"); a row whose VF column is a number is
 *    an SR-IOV virtual function, not a card; the process table ignored;
 *  - `cnmon info`: "Card N" blocks of indented "Key : value" lines
 *    (Product Name, UUID, Serial Number, PCI > Domain ID / Bus num /
 *    Device / Function, Physical Memory Usage > Total).
 *
 * Must never accept output without a card table or a "Card N" block, and
 * refuses a table that ends inside a card. */
#include "collect/collect_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mlu {
	const char *name, *bus, *uuid, *serial;
	double memory_mib;
	bool vf;
	int line;
};

static void add_mlu(struct collect *c, const struct mlu *m)
{
	const char *name = m->name ? m->name : "Cambricon MLU (model not printed)";
	if (m->vf) {
		collect_note(c, "%s: an SR-IOV virtual function (cnmon VF column), not a card", name);
		return;
	}
	struct arena *ar = &c->inv.arena;
	const char *texts[2] = {strncasecmp(name, "Cambricon", 9) == 0
					? name
					: arena_printf(ar, "Cambricon %s", name),
				name};
	struct collect_unit u = {.model = collect_model_name_of(c, texts, 2), .name = m->name,
				 .memory_mib = m->memory_mib};
	const char *uuid = collect_real_id(m->uuid), *serial = collect_real_id(m->serial);
	if (uuid) {
		u.key_attr = "uuids";
		u.key = uuid;
	} else if (m->bus) {
		u.key_attr = "pci_addresses";
		u.key = collect_bus_address(c, m->bus);
	} else if (serial) {
		u.key_attr = "serials";
		u.key = serial;
	} else {
		u.key_attr = "cards";
		u.key = arena_printf(ar, "line %d", m->line);
	}
	collect_add_unit(c, &u);
}

/* ---- the table ---------------------------------------------------------------- */

/* The words of a cell: at most MAX, each a line. */
static size_t words(const struct line *cell, struct line *w, size_t max)
{
	size_t n = 0;
	const char *p = cell->s, *end = cell->s + cell->len;
	while (p < end && n < max) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *s = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		if (p > s)
			w[n++] = (struct line){s, (size_t)(p - s), cell->no};
	}
	return n;
}

static int table(struct collect *c, const char *file, const char *text, size_t len,
		 struct diag *d)
{
	struct lines ls;
	struct line l = {0};
	bool head = false, cards = false, procs = false, banner = false;
	int row = 0;
	struct mlu m = {0};
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line t = line_trim(l), cell[4], w[4];
		if (!t.len)
			continue;
		if (t.s[0] == '+') {
			if (row)
				add_mlu(c, &m);
			row = 0;
			continue;
		}
		if (t.s[0] != '|') {
			if (!banner && (line_is_prompt(&l, "cnmon") || l.no <= 2))
				continue; /* the command, the timestamp */
			return line_error(d, file, &l, "not cnmon output");
		}
		size_t n = line_cells(&t, cell, CG_ARRAY_LEN(cell));
		if (line_starts(&t, "| CNMON")) {
			banner = true;
			continue;
		}
		if (n && line_starts(&cell[0], "Card  VF")) {
			head = true;
			procs = false;
			continue;
		}
		if (n && line_starts(&cell[0], "Processes")) {
			procs = true;
			continue;
		}
		if (line_starts(&t, "|====")) {
			cards = head && !procs;
			continue;
		}
		if (!cards || procs)
			continue;
		if (n < 2)
			return line_error(d, file, &l, "not a row of cnmon's card table");
		if (row == 0) {
			/* "0     /   MLU370-X8    v1.1.6" | "0000:4F:00.0" or "On  v4.20.11" */
			size_t nw = words(&cell[0], w, 4);
			if (nw < 3 || !isdigit((unsigned char)w[0].s[0]))
				return line_error(d, file, &l, "not a card row of cnmon's table");
			memset(&m, 0, sizeof(m));
			m.line = l.no;
			m.vf = !(w[1].len == 1 && w[1].s[0] == '/');
			m.name = line_dup(c, &w[2]);
			struct line bw[2];
			struct pci_function f;
			if (words(&cell[1], bw, 2) >= 1 && pci_address_parse(bw[0].s, bw[0].len, &f) == 0)
				m.bus = line_dup(c, &bw[0]);
			row = 1;
		} else if (row == 1) {
			const char *slash = memchr(cell[1].s, '/', cell[1].len);
			if (slash) {
				char buf[40];
				size_t k = (size_t)(cell[1].s + cell[1].len - slash - 1);
				snprintf(buf, sizeof(buf), "%.*s", (int)(k < 39 ? k : 39), slash + 1);
				m.memory_mib = parse_memory_mib(buf, UNIT_MIB);
			}
			row = 2;
		}
	}
	if (row) {
		diag_set(d, file, l.no, 0, "cnmon's table ends inside a card (truncated?)");
		return -1;
	}
	if (!head) {
		diag_set(d, file, 0, 0, "not cnmon output (no 'Card  VF  Name' table)");
		return -1;
	}
	return 0;
}

/* ---- cnmon info ---------------------------------------------------------------- */

struct card {
	struct mlu m;
	unsigned pci_mask; /* which of domain, bus, device, function were read */
	unsigned long pci[4];
};

/* The card block read: counted, or refused when it names nothing. */
static int card_done(struct collect *c, const char *file, struct card *k, struct diag *d)
{
	if (!k->m.name && !k->m.uuid && k->pci_mask != 0xf) {
		diag_set(d, file, k->m.line, 0, "card block without a Product Name (truncated?)");
		return -1;
	}
	if (k->pci_mask == 0xf && k->pci[0] <= 0xffff && k->pci[1] <= 0xff && k->pci[2] <= 0x1f &&
	    k->pci[3] <= 7)
		k->m.bus = arena_printf(&c->inv.arena, "%04lx:%02lx:%02lx.%lu", k->pci[0], k->pci[1],
					k->pci[2], k->pci[3]);
	add_mlu(c, &k->m);
	return 0;
}

static void card_value(struct collect *c, struct card *k, const char *section,
		       const struct line *key, const struct line *value)
{
	char buf[40];
	snprintf(buf, sizeof(buf), "%.*s", (int)(value->len < 39 ? value->len : 39), value->s);
	if (strcmp(section, "PCI") == 0 || strcmp(section, "PCIe Info") == 0) {
		static const char *const parts[4] = {"Domain ID", "Bus num", "Device", "Function"};
		for (int i = 0; i < 4; i++) {
			char *end;
			if (!line_is(key, parts[i]))
				continue;
			k->pci[i] = strtoul(buf, &end, 16);
			if (*end == '\0' && end != buf && strlen(buf) <= 8)
				k->pci_mask |= 1u << i;
		}
	} else if (strcmp(section, "Physical Memory Usage") == 0 && line_is(key, "Total")) {
		k->m.memory_mib = parse_memory_mib(buf, UNIT_MIB);
	}
	(void)c;
}

static int info(struct collect *c, const char *file, const char *text, size_t len,
		struct diag *d)
{
	struct lines ls;
	struct line l, key, value;
	struct card k;
	bool in_card = false, any = false;
	char section[40] = "";
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line t = line_trim(l);
		if (!t.len)
			continue;
		size_t ind = line_indent(&l);
		if (ind == 0 && line_starts(&t, "Card ") && !memchr(t.s, ':', t.len)) {
			long long idx;
			char buf[16];
			snprintf(buf, sizeof(buf), "%.*s", (int)(t.len - 5 < 15 ? t.len - 5 : 15), t.s + 5);
			if (parse_ll(buf, 0, 4096, &idx) != 0)
				return line_error(d, file, &l, "card index out of range");
			if (in_card && card_done(c, file, &k, d) != 0)
				return -1;
			memset(&k, 0, sizeof(k));
			k.m.line = l.no;
			in_card = any = true;
			section[0] = '\0';
			continue;
		}
		if (ind == 0) {
			if (line_is_prompt(&l, "cnmon") || line_starts(&t, "====") ||
			    line_starts(&t, "CNMON"))
				continue;
			return line_error(d, file, &l, "not cnmon info output");
		}
		if (!in_card)
			return line_error(d, file, &l, "not cnmon info output");
		if (!line_key_value(&t, ':', &key, &value))
			return line_error(d, file, &l, "not a line of cnmon info output");
		if (ind > 4) {
			card_value(c, &k, section, &key, &value);
			continue;
		}
		section[0] = '\0';
		if (value.len == 0)
			snprintf(section, sizeof(section), "%.*s", (int)(key.len < 39 ? key.len : 39), key.s);
		else if (line_is(&key, "Product Name"))
			k.m.name = line_dup(c, &value);
		else if (line_is(&key, "UUID"))
			k.m.uuid = line_dup(c, &value);
		else if (line_is(&key, "Serial Number") || line_is(&key, "Board Serial Number"))
			k.m.serial = line_dup(c, &value);
	}
	if (in_card && card_done(c, file, &k, d) != 0)
		return -1;
	if (!any) {
		diag_set(d, file, 0, 0, "not cnmon info output (no 'Card N' block)");
		return -1;
	}
	return 0;
}

int collect_cnmon_text(struct collect *c, const char *name, const char *text, size_t len,
		       struct diag *d)
{
	if (text_validate(name, text, len, d) != 0)
		return -1;
	struct lines ls;
	struct line l;
	lines_init(&ls, text, len);
	while (lines_next(&ls, &l)) {
		struct line t = line_trim(l);
		if (!t.len)
			continue;
		if (t.s[0] == '+' || t.s[0] == '|')
			return table(c, name, text, len, d);
		if (line_starts(&t, "Card ") && line_indent(&l) == 0)
			return info(c, name, text, len, d);
		if (l.no > 3)
			break;
	}
	diag_set(d, name, 0, 0, "not cnmon output (expected the card table of 'cnmon' or the "
				"'Card N' blocks of 'cnmon info')");
	return -1;
}

int collect_cnmon(struct collect *c, const char *path, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = collect_cnmon_text(c, path, buf, len, d);
	free(buf);
	return rc;
}
