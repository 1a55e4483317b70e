/* Opening an inventory of any format: the format told from the first
 * bytes of the input (or forced), then the reader for it -- libconfig,
 * CSV (read whole, or left open for csv_stream), CycloneDX, and osquery's
 * pci_devices export, which is read by the collectors' machinery. Here,
 * not in src/ingest, because this is the stage that knows every reader.
 * Each input is opened and read once: the bytes read to tell the format
 * are read again from the input's buffer, never from the file. */
#include "collect/collect.h"

#include <stdlib.h>
#include <string.h>

static int load_text(struct inventory *inv, const char *path, const char *buf, size_t len,
		     enum inv_format fmt, const struct catalog *cat, struct diag *d)
{
	switch (fmt) {
	case INVFMT_CFG: return inventory_load_text(inv, path, buf, len, d);
	case INVFMT_CYCLONEDX: return inventory_load_cyclonedx_text(inv, path, buf, len, cat, d);
	case INVFMT_OSQUERY: return inventory_load_osquery_text(inv, path, buf, len, cat, d);
	default: return inv_format_undetected(path, d);
	}
}

/* Read the rest of IN (a text format) and load it with FMT's reader. */
static int load_input(struct inventory *inv, struct input *in, enum inv_format fmt,
		      const struct catalog *cat, struct diag *d)
{
	char *buf;
	size_t len;
	if (input_read_all(in, true, &buf, &len, d) != 0)
		return -1;
	int rc = load_text(inv, in->path, buf, len, fmt, cat, d);
	free(buf);
	return rc;
}

int inventory_open_any(struct inventory *inv, const char *path, enum inv_format fmt,
		       const struct catalog *cat, const char *only_id, bool stream,
		       enum inv_format *used, struct diag *d)
{
	memset(inv, 0, sizeof(*inv));
	struct input *in = xmalloc(sizeof(*in));
	if (input_open(in, path, d) != 0) {
		free(in);
		return -1;
	}
	const char *head;
	size_t n;
	/* the format from the first bytes, which the reader then reads again
	 * from the input's buffer, not from the file */
	if (fmt == INVFMT_AUTO && (input_peek(in, INV_FORMAT_HEAD, &head, &n, d) != 0 ||
				   (inv_format_detect(head, n, &fmt) != 0 && inv_format_undetected(path, d)))) {
		input_close(in);
		free(in);
		return -1;
	}
	if (used)
		*used = fmt;
	int rc;
	if (fmt == INVFMT_CSV) {
		inventory_init_empty(inv, path);
		if (stream) {
			inv->src = in; /* csv_stream reads it; inventory_free closes it */
			return 0;
		}
		rc = inventory_load_csv_input(inv, in, only_id, d);
	} else {
		rc = load_input(inv, in, fmt, cat, d);
	}
	input_close(in);
	free(in);
	return rc;
}

int inventory_load_any(struct inventory *inv, const char *path, enum inv_format fmt,
		       const struct catalog *cat, const char *only_id, enum inv_format *used,
		       struct diag *d)
{
	return inventory_open_any(inv, path, fmt, cat, only_id, false, used, d);
}
