/* libFuzzer target: the CSV inventory reader. Each input is read three
 * ways that must agree: whole from memory (inventory_load_csv_text),
 * streamed from memory (csv_stream_text) and streamed from a file on the
 * reader thread (csv_stream) — same rows in the same order, or the same
 * error at the same line and column. Input without quotes or CRs is read
 * once more with CRLF line ends, which sends every line through libcsv
 * instead of chipgate's fast path: same rows, or the same error. An
 * accepted inventory is evaluated. */
#include "fuzz_inv_common.h"

#include <unistd.h>

static char tmp_path[] = "/tmp/chipgate-fuzz-csv-XXXXXX";

static void remove_tmp(void)
{
	unlink(tmp_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_load_catalog_and_packs();
	int fd = mkstemp(tmp_path);
	if (fd < 0)
		abort();
	close(fd);
	atexit(remove_tmp);
	return 0;
}

struct rows {
	const struct inventory *whole; /* rows expected, in order (NULL: none) */
	size_t n;
};

static int check_row(void *ctx, const struct asset *a, struct diag *d)
{
	struct rows *r = ctx;
	if (!a->id || !a->model || a->quantity < 1)
		abort();
	if (r->whole) {
		if (r->n >= r->whole->nassets || strcmp(r->whole->assets[r->n].id, a->id) != 0 ||
		    strcmp(r->whole->assets[r->n].model, a->model) != 0 ||
		    r->whole->assets[r->n].quantity != a->quantity)
			abort(); /* the streams disagree with the whole load */
	}
	r->n++;
	return 0;
}

static void same_error(const struct diag *a, const struct diag *b)
{
	if (strcmp(a->msg, b->msg) != 0 || a->line != b->line || a->col != b->col) {
		fprintf(stderr, "fuzz: readers disagree:\n  %d:%d: %s\n  %d:%d: %s\n", a->line,
			a->col, a->msg, b->line, b->col, b->msg);
		abort();
	}
}

/* A stream's result (RC, R->n rows, diagnostic D) must be the whole
 * load's (RC1, INV, D1): the same rows, or the same error. */
static void agree(int rc, const struct rows *r, int rc1, const struct inventory *inv,
		  const struct diag *d1, const struct diag *d)
{
	if (rc != rc1 || (rc1 == 0 && r->n != inv->nassets))
		abort();
	if (rc1 != 0)
		same_error(d1, d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv, sinv;
	struct diag d1, d2, d3;
	char *text = fuzz_copy(data, size);
	enum inv_format fmt;
	inv_format_detect(text, size, &fmt);
	diag_clear(&d1);
	int rc1 = inventory_load_csv_text(&inv, tmp_path, text, size, &d1);

	/* streamed from memory */
	struct rows r = {rc1 == 0 ? &inv : NULL, 0};
	inventory_init_empty(&sinv, tmp_path);
	int rc2 = csv_stream_text(&sinv, text, size, check_row, &r, &d2);
	agree(rc2, &r, rc1, &inv, &d1, &d2);
	inventory_free(&sinv);

	/* streamed from a file, on the reader thread */
	FILE *fp = fopen(tmp_path, "wb");
	if (!fp || fwrite(text, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	r.n = 0;
	inventory_init_empty(&sinv, tmp_path);
	int rc3 = csv_stream(&sinv, check_row, &r, &d3);
	agree(rc3, &r, rc1, &inv, &d1, &d3);
	inventory_free(&sinv);

	/* every line through libcsv rather than the fast path */
	if (!memchr(text, '"', size) && !memchr(text, '\r', size)) {
		size_t nl = 0;
		for (size_t i = 0; i < size; i++)
			nl += text[i] == '\n';
		char *crlf = malloc(size + nl + 1);
		if (!crlf)
			abort();
		size_t k = 0;
		for (size_t i = 0; i < size; i++) {
			if (text[i] == '\n')
				crlf[k++] = '\r';
			crlf[k++] = text[i];
		}
		crlf[k] = '\0';
		struct diag d4;
		r.n = 0;
		inventory_init_empty(&sinv, tmp_path);
		int rc4 = csv_stream_text(&sinv, crlf, k, check_row, &r, &d4);
		agree(rc4, &r, rc1, &inv, &d1, &d4);
		inventory_free(&sinv);
		free(crlf);
	}

	if (rc1 == 0) {
		fuzz_evaluate(&inv);
		inventory_free(&inv);
	} else {
		fuzz_check_diag(&d1);
	}
	free(text);
	return 0;
}
