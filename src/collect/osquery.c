/* An osquery export as an inventory: the JSON array that
 * `osqueryi --json "select * from pci_devices"` prints (every value a
 * string; vendor_id and model_id hex such as "0x10de"), one file per host.
 * Each row is a PCI function; accelerators are picked and grouped exactly
 * as `chipgate collect` does (collect_pci), one asset per model, the host
 * taken from the file name. Must never accept a file that is not a
 * pci_devices export: rows need a PCI id or a class to be judged. */
#include "collect/collect.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

/* A column as text: osqueryi prints strings, a hand export may use numbers. */
static const char *col(json_t *row, const char *key, char *buf, size_t size)
{
	json_t *v = json_object_get(row, key);
	if (json_is_string(v))
		return json_string_length(v) ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* "0x10de", "10de", "0X10DE" -> 0x10de. */
static int hex16(const char *s, unsigned *out)
{
	if (!s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = strlen(s);
	if (n == 0 || n > 4 || strspn(s, "0123456789abcdefABCDEF") != n)
		return -1;
	*out = (unsigned)strtoul(s, NULL, 16);
	return 0;
}

static int row_error(const char *name, const char *text, size_t len, size_t i, const char *key,
		     struct diag *d, const char *msg)
{
	struct json_step path[2] = {{NULL, i}, {key, 0}};
	int line = 0, col_ = 0;
	if (json_locate(text, len, path, key ? 2 : 1, &line, &col_) != 0)
		line = col_ = 0;
	diag_set(d, name, line, col_, "%s", msg);
	return -1;
}

/* Row I's text column KEY (VALUE) within its field's limit? */
static int check_length(const char *name, const char *text, size_t len, size_t i, const char *key,
			const char *value, struct diag *d)
{
	size_t n = value ? strlen(value) : 0, max = field_limit(key);
	if (n <= max)
		return 0;
	struct json_step path[2] = {{NULL, i}, {key, 0}};
	int line = 0, col_ = 0;
	if (json_locate(text, len, path, 2, &line, &col_) != 0)
		line = col_ = 0;
	return field_too_long(d, name, line, col_, key, n, max);
}

static const struct {
	const char *name;
	int cls;
} subclass_names[] = {
	{"3D controller", 0x0302},
	{"VGA compatible controller", 0x0300},
	{"Display controller", 0x0380},
	{"Processing accelerators", 0x1200},
};

static int one_row(struct collect *c, json_t *row, size_t i, const char *name, const char *text,
		   size_t len, struct pci_function *f, struct diag *d)
{
	char b1[32], b2[32], b3[32], b4[32];
	if (!json_is_object(row))
		return row_error(name, text, len, i, NULL, d, "each row must be an object");
	const char *slot = col(row, "pci_slot", b1, sizeof(b1));
	const char *vid = col(row, "vendor_id", b2, sizeof(b2));
	const char *mid = col(row, "model_id", b3, sizeof(b3));
	unsigned v = 0, m = 0, k;
	memset(f, 0, sizeof(*f));
	f->cls = -1;
	if (!slot || pci_address_parse(slot, strlen(slot), f) != 0)
		return row_error(name, text, len, i, slot ? "pci_slot" : NULL, d,
				 "a pci_devices row needs a 'pci_slot' such as '0000:3b:00.0'");
	if ((vid && hex16(vid, &v) != 0) || (mid && hex16(mid, &m) != 0))
		return row_error(name, text, len, i, vid && hex16(vid, &v) != 0 ? "vendor_id" : "model_id",
				 d, "'vendor_id' and 'model_id' must be hex ids such as '0x10de'");
	f->vendor = (uint16_t)v;
	f->device = (uint16_t)m;
	unsigned cls, sub;
	const char *cid = col(row, "pci_class_id", b4, sizeof(b4));
	char b5[32];
	const char *sid = col(row, "pci_subclass_id", b5, sizeof(b5));
	if (hex16(cid, &cls) == 0 && hex16(sid, &sub) == 0)
		f->cls = (int)((cls & 0xff) << 8 | (sub & 0xff));
	char b6[32], b7[32];
	const char *subname = col(row, "pci_subclass", b6, sizeof(b6));
	const char *clsname = col(row, "pci_class", b7, sizeof(b7));
	for (k = 0; f->cls < 0 && k < CG_ARRAY_LEN(subclass_names); k++)
		if ((subname && strcmp(subname, subclass_names[k].name) == 0) ||
		    (clsname && strcmp(clsname, subclass_names[k].name) == 0))
			f->cls = subclass_names[k].cls;
	char b8[32], b9[32];
	const char *vn = col(row, "vendor", b8, sizeof(b8)), *mn = col(row, "model", b9, sizeof(b9));
	if (check_length(name, text, len, i, "vendor", vn, d) != 0 ||
	    check_length(name, text, len, i, "model", mn, d) != 0)
		return -1;
	f->vendor_name = vn ? arena_strdup(&c->inv.arena, vn) : NULL;
	f->device_name = mn ? arena_strdup(&c->inv.arena, mn) : NULL;
	return 0;
}

/* The host: the file's base name without its extension. */
static char *host_of(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	char *h = xstrdup(*b && strcmp(b, "-") != 0 ? b : "stdin");
	char *dot = strrchr(h, '.');
	if (dot && dot != h)
		*dot = '\0';
	return h;
}

int inventory_load_osquery_text(struct inventory *inv, const char *name, const char *text,
				size_t len, const struct catalog *cat, struct diag *d)
{
	memset(inv, 0, sizeof(*inv));
	json_error_t err;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		diag_set(d, name, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
			 "invalid JSON: %s", err.text);
		return -1;
	}
	if (!json_is_array(root)) {
		json_decref(root);
		diag_set(d, name, 1, 1, "not an osquery export (expected the JSON array of rows that "
					"osqueryi --json prints)");
		return -1;
	}
	char *host = host_of(name);
	struct collect_opts o = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET, .host = host};
	struct collect c;
	collect_init(&c, cat, &o, "osquery", name);
	size_t n = json_array_size(root);
	struct pci_function *f = xcalloc(n + 1, sizeof(*f));
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = one_row(&c, json_array_get(root, i), i, c.inv.path, text, len, &f[i], d);
	if (rc == 0) {
		collect_pci(&c, f, n);
		collect_finish(&c);
		*inv = c.inv; /* the inventory and its arena move to the caller */
		sha256_hex(text, len, inv->sha256);
		memset(&c.inv, 0, sizeof(c.inv));
	}
	free(f);
	collect_free(&c);
	free(host);
	json_decref(root);
	return rc;
}

int inventory_load_osquery(struct inventory *inv, const char *path, const struct catalog *cat,
			   struct diag *d)
{
	char *buf;
	size_t len;
	memset(inv, 0, sizeof(*inv));
	if (file_read_text(path, &buf, &len, d) != 0)
		return -1;
	int rc = inventory_load_osquery_text(inv, path, buf, len, cat, d);
	free(buf);
	return rc;
}
