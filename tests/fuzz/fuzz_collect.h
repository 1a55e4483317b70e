/* Shared by the collector targets (lspci, every nvidia-smi form, npu-smi,
 * rocm-smi, amd-smi, cnmon, kubectl, Redfish): parse
 * the input as saved tool output, then check the round trip the CLI
 * promises — what `chipgate collect` writes, as libconfig or as CSV, is an
 * inventory that chipgate itself reads back with the same assets. */
#ifndef CHIPGATE_FUZZ_COLLECT_H
#define CHIPGATE_FUZZ_COLLECT_H

#include "fuzz_common.h"

#include "catalog/catalog.h"
#include "collect/collect.h"

typedef int (*collect_text_fn)(struct collect *c, const char *name, const char *text, size_t len,
			       struct diag *d);

static struct catalog fuzz_cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d;
	fuzz_limit_inputs();
	if (catalog_load_embedded(&fuzz_cat, &d) != 0)
		abort();
	return 0;
}

static inline void fuzz_reread(const struct collect *c, bool csv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp || (csv ? collect_write_csv(c, fp) : collect_write_cfg(c, fp)) != 0 || fclose(fp) != 0)
		abort();
	struct inventory inv;
	struct diag d;
	int rc = csv ? inventory_load_csv_text(&inv, "collected.csv", buf, len, &d)
		     : inventory_load_text(&inv, "collected.cfg", buf, len, &d);
	if (rc != 0) {
		fprintf(stderr, "fuzz: collect wrote an inventory chipgate refuses: %s:%d:%d: %s\n%s\n",
			d.file, d.line, d.col, d.msg, buf);
		abort();
	}
	if (inv.nassets != c->inv.nassets)
		abort();
	for (size_t i = 0; i < inv.nassets; i++)
		if (strcmp(inv.assets[i].model, c->inv.assets[i].model) != 0 ||
		    inv.assets[i].quantity != c->inv.assets[i].quantity)
			abort();
	inventory_free(&inv);
	free(buf);
}

static inline int fuzz_collect_one(collect_text_fn fn, const char *source, const uint8_t *data,
				   size_t size)
{
	/* the first byte picks the options */
	struct collect_opts o = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	if (size > 0) {
		if (data[0] & 1)
			o.site = "DC-1";
		if (data[0] & 2)
			o.host = "host-1";
		if (data[0] & 4)
			o.purpose = PURPOSE_RESEARCH;
		if (data[0] & 8)
			o.status = STATUS_DEPLOYED;
		data++, size--;
	}
	char *text = fuzz_copy(data, size);
	struct collect c;
	struct diag d;
	diag_clear(&d);
	collect_init(&c, &fuzz_cat, &o, source, "fuzz-input.txt");
	if (fn(&c, "fuzz-input.txt", text, size, &d) == 0) {
		collect_finish(&c);
		fuzz_reread(&c, false);
		fuzz_reread(&c, true);
	} else {
		fuzz_check_diag(&d);
	}
	collect_free(&c);
	free(text);
	return 0;
}

#endif
