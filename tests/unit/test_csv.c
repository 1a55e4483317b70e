/* Unit tests of the CSV inventory reader (src/ingest/csv_*.c): a good file
 * with free column order, RFC 4180 quoting, tags and attributes, read
 * whole and streamed; CRLF, a byte order mark, a header-only file; every
 * bad input with its exact FILE:LINE:COL message; duplicate ids in sorted
 * and unsorted files; a callback that stops the stream; the reader
 * thread's batches checked against the same-thread reader on a generated
 * fleet bigger than several batches; format detection; the id set on its
 * own; and the libcsv state the parser's fast path relies on, pinned.
 *
 * Fixtures: tests/fixtures/csv (one bad case per file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/collect.h"
#include "ingest/csv_int.h"
#include "ingest/ingest.h"

#define FIX FIXTURES "/csv"

#include "helpers.h"

static void load_ok(struct inventory *inv, const char *name)
{
	char *p = fix_path(name);
	struct diag d;
	diag_clear(&d);
	if (inventory_load_csv(inv, p, NULL, &d) != 0)
		fail_msg("%s:%d:%d: %s", d.file, d.line, d.col, d.msg);
	free(p);
}

static int count(void *ctx, const struct asset *a, struct diag *dd)
{
	(void)a;
	(void)dd;
	(*(size_t *)ctx)++;
	return 0;
}

/* Reading fixture NAME fails, whole and streamed, with "PATH" + TAIL. */
static void load_fails(const char *name, const char *tail)
{
	char *p = fix_path(name);
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	sb_printf(&want, "%s%s", p, tail);
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	if (inventory_load_csv(&inv, p, NULL, &d) == 0) {
		inventory_free(&inv);
		fail_msg("%s: loaded, expected '%s'", name, sb_str(&want));
	}
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	assert_null(inv.assets);
	/* the threaded stream says the same */
	sb_reset(&got);
	inventory_init_empty(&inv, p);
	diag_clear(&d);
	size_t n = 0;
	assert_int_equal(csv_stream(&inv, count, &n, &d), -1);
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	inventory_free(&inv);
	sb_release(&want);
	sb_release(&got);
	free(p);
}

/* ---- good input ------------------------------------------------------------ */

static void test_good(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "good.csv");
	assert_int_equal(inv.nassets, 4);
	const struct asset *a = &inv.assets[0];
	assert_string_equal(a->id, "bj1-r12");
	assert_string_equal(a->model, "NVIDIA H20");
	assert_int_equal(a->quantity, 512);
	assert_string_equal(a->site, "Beijing-DC1");
	assert_int_equal(a->purpose, PURPOSE_GOVERNMENT);
	assert_int_equal(a->status, STATUS_DEPLOYED);
	assert_null(a->order);
	assert_string_equal(a->destination, "CN");
	assert_string_equal(a->owner, "ai-platform");
	assert_int_equal(a->ntags, 2);
	assert_string_equal(a->tags[0], "training");
	assert_string_equal(a->tags[1], "inference");
	assert_int_equal(a->nattrs, 1); /* note is empty: absent */
	assert_string_equal(attr(a, "rack"), "R12");
	assert_int_equal(a->line, 2);

	a = &inv.assets[1];
	assert_string_equal(a->model, "Huawei Ascend 910B");
	assert_string_equal(a->site, "Shanghai, DC2");
	assert_int_equal(a->status, STATUS_ORDERED);
	assert_string_equal(a->order, "PO-2025-0142");
	assert_null(a->owner);
	assert_int_equal(a->ntags, 0);
	assert_string_equal(attr(a, "note"), "says \"hi\"");
	assert_int_equal(a->line, 3);

	a = &inv.assets[2];
	assert_string_equal(a->id, "x1");
	assert_null(a->site);
	assert_int_equal(a->purpose, PURPOSE_UNSET);
	assert_int_equal(a->status, STATUS_PLANNED);
	assert_null(a->destination);
	assert_int_equal(a->ntags, 3); /* "  a ; b ;; c ": trimmed, empty ones dropped */
	assert_string_equal(a->tags[0], "a");
	assert_string_equal(a->tags[1], "b");
	assert_string_equal(a->tags[2], "c");
	assert_string_equal(attr(a, "note"), "two\nlines");
	assert_null(attr(a, "rack"));
	assert_int_equal(a->line, 4);

	a = &inv.assets[3];
	assert_int_equal(a->line, 6); /* after the two-line field */
	assert_int_equal(a->status, STATUS_DECOMMISSIONED);
	assert_string_equal(a->file, inv.path);
	/* the digest of the bytes read */
	char *buf, hex[SHA256_HEX_LEN + 1];
	size_t len;
	struct diag d;
	char *p = fix_path("good.csv");
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	sha256_hex(buf, len, hex);
	assert_string_equal(inv.sha256, hex);
	/* the same from a string */
	struct inventory t;
	assert_int_equal(inventory_load_csv_text(&t, "s.csv", buf, len, &d), 0);
	assert_int_equal(t.nassets, 4);
	assert_string_equal(t.assets[2].tags[2], "c");
	assert_string_equal(t.sha256, hex);
	inventory_free(&t);
	free(buf);
	free(p);
	inventory_free(&inv);
}

/* ordered_on and workload columns: mapped to the asset's fields, an
 * empty cell not given; bad values rejected at their column. */
static void test_order_fields(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "new-fields.csv");
	cg_date d;
	assert_int_equal(date_parse("2026-01-14", &d), 0);
	assert_true(inv.assets[0].has_ordered_on);
	assert_int_equal(inv.assets[0].ordered_on, d);
	assert_int_equal(inv.assets[0].workload, WORKLOAD_INFERENCE);
	assert_false(inv.assets[1].has_ordered_on);
	assert_int_equal(inv.assets[1].workload, WORKLOAD_UNSET);
	assert_int_equal(inv.assets[0].nattrs, 0); /* not attributes */
	inventory_free(&inv);
	load_fails("bad-ordered-on.csv",
		   ":2:4: invalid ordered_on '2026-13-01' in column 'ordered_on' (expected a date, "
		   "YYYY-MM-DD)");
	load_fails("bad-workload.csv", ":2:4: invalid workload 'serving' in column 'workload' "
				       "(expected one of: training, inference, mixed)");
}

static void test_crlf_bom_header_only(void **state)
{
	(void)state;
	struct inventory inv;
	load_ok(&inv, "crlf.csv");
	assert_int_equal(inv.nassets, 2);
	assert_string_equal(inv.assets[1].id, "b");
	assert_int_equal(inv.assets[1].line, 3);
	assert_string_equal(inv.assets[1].model, "H20"); /* no stray CR */
	inventory_free(&inv);
	load_ok(&inv, "bom.csv");
	assert_int_equal(inv.nassets, 1);
	assert_string_equal(inv.assets[0].id, "a"); /* the id column was found */
	inventory_free(&inv);
	load_ok(&inv, "header-only.csv");
	assert_int_equal(inv.nassets, 0);
	inventory_free(&inv);
}

static void test_only_id(void **state)
{
	(void)state;
	struct inventory inv;
	struct diag d;
	char *p = fix_path("good.csv");
	assert_int_equal(inventory_load_csv(&inv, p, "x1", &d), 0);
	assert_int_equal(inv.nassets, 1);
	assert_string_equal(inv.assets[0].id, "x1");
	assert_non_null(inventory_find(&inv, "x1"));
	assert_null(inventory_find(&inv, "x2"));
	inventory_free(&inv);
	free(p);
}

/* The companion file gives a CSV inventory its header and records. */
static void test_companion(void **state)
{
	(void)state;
	struct inventory inv;
	struct diag d;
	load_ok(&inv, "good.csv");
	char *p = fix_path("hdr.cfg");
	assert_int_equal(inventory_load_justifications(&inv, p, &d), 0);
	assert_string_equal(inv.jurisdiction, "CN");
	assert_int_equal(inv.njusts, 1);
	assert_int_equal(inv.nwaivers, 1);
	free(p);
	inventory_free(&inv);
}

/* ---- bad input ---------------------------------------------------------------- */

static void test_bad(void **state)
{
	(void)state;
	load_fails("bad-quantity.csv", ":17:3: invalid quantity '-4' in column 'quantity'");
	load_fails("bad-purpose.csv",
		   ":2:5: invalid purpose 'militray' in column 'purpose' (expected one of: commercial, "
		   "government, critical-infrastructure, research, other, military, public-institution)");
	load_fails("bad-status.csv",
		   ":2:6: invalid status 'shipped' in column 'status' (expected one of: deployed, "
		   "ordered, planned, decommissioned)");
	load_fails("bad-destination.csv",
		   ":2:4: invalid destination 'China' in column 'destination' (expected an ISO 3166-1 "
		   "alpha-2 code such as 'CN')");
	load_fails("bad-id.csv", ":2:1: invalid id ' a' in column 'id' (no control characters, no "
				 "surrounding spaces, at most 256 bytes)");
	load_fails("empty-id.csv", ":2:1: empty id in column 'id'");
	load_fails("empty-model.csv", ":2:2: empty model in column 'model'");
	load_fails("missing-column.csv", ":1: missing required column 'quantity' in the header");
	load_fails("dup-column.csv", ":1:5: duplicate column 'site' (also column 4)");
	load_fails("dup-attr.csv", ":1:5: duplicate column 'rack' (also column 4)");
	load_fails("empty-column.csv", ":1:3: empty column name in the header");
	load_fails("short-row.csv", ":3:3: row has 2 fields, the header has 4");
	load_fails("long-row.csv", ":2:4: row has 4 fields, the header has 3");
	load_fails("bad-quote.csv",
		   ":2:2: malformed quoting in column 'model' (a quote inside an unquoted field, or "
		   "text after a closing quote)");
	load_fails("quote-in-field.csv",
		   ":2:2: malformed quoting in column 'model' (a quote inside an unquoted field, or "
		   "text after a closing quote)");
	load_fails("unterminated.csv",
		   ":2:2: unterminated quoted field in column 'model' at the end of the file");
	load_fails("dup-id.csv", ":4:1: duplicate asset id 'a' (first defined at line 2)");
	load_fails("dup-id-unsorted.csv", ":5:1: duplicate asset id 'b' (first defined at line 3)");
	load_fails("bad-utf8.csv", ":3:4: invalid UTF-8 in column 'site'");
	load_fails("nul.csv", ":2:4: NUL byte in column 'site'");
	load_fails("multiline-then-bad.csv", ":5:3: invalid quantity 'zero' in column 'quantity'");
	load_fails("empty.csv", ":1: empty CSV file (a header row is required)");
	load_fails("no-such-file.csv", ": cannot open: No such file or directory");
}

/* ---- streaming ------------------------------------------------------------------ */

struct stop_ctx {
	size_t seen, stop_at;
};

static int stop_cb(void *ctx, const struct asset *a, struct diag *d)
{
	struct stop_ctx *s = ctx;
	if (++s->seen == s->stop_at) {
		diag_set(d, a->file, a->line, 0, "stopped at '%s'", a->id);
		return -1;
	}
	return 0;
}

/* A fleet of N rows with every kind of field, written to a temp file. */
static char *write_fleet(size_t n)
{
	char *path = xstrdup("/tmp/cg-test-csv-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("id,model,quantity,site,purpose,status,tags,rack,note\n", fp);
	for (size_t i = 0; i < n; i++) {
		char site[32] = ""; /* every 13th row has none */
		if (i % 13)
			snprintf(site, sizeof(site), "site-%zu", i % 7);
		fprintf(fp, "srv-%07zu,%s,%zu,%s,%s,deployed,%s,R%zu,%s\n", i,
			i % 3 ? "NVIDIA H20" : "\"Huawei Ascend 910B\"", i % 16 + 1, site,
			i % 5 ? "commercial" : "research", i % 2 ? "a;b" : "", i % 400,
			i % 11 ? "" : "\"multi\nline, quoted\"");
	}
	fclose(fp);
	return path;
}

struct sum {
	size_t n;
	uint64_t h;
};

/* An order-sensitive digest of everything an asset carries. */
static int sum_cb(void *ctx, const struct asset *a, struct diag *d)
{
	(void)d;
	struct sum *s = ctx;
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s|%s|%lld|%s|%d|%d|%d|", a->id, a->model, a->quantity, a->site ? a->site : "",
		  a->purpose, a->status, a->line);
	for (size_t i = 0; i < a->ntags; i++)
		sb_printf(&sb, "t=%s|", a->tags[i]);
	for (size_t i = 0; i < a->nattrs; i++)
		sb_printf(&sb, "%s=%s|", a->attrs[i].name, a->attrs[i].value);
	s->h = s->h * 1099511628211ULL ^ hash_bytes(sb.buf, sb.len);
	s->n++;
	sb_release(&sb);
	/* the reader's hashes are the engine's own (hash_mem of the text) */
	assert_true(a->hashed);
	assert_true(a->model_hash == hash_mem(a->model, strlen(a->model)));
	assert_true(a->site_hash == (a->site ? hash_mem(a->site, strlen(a->site)) : 0));
	return 0;
}

static void test_stream_threaded_equals_direct(void **state)
{
	(void)state;
	/* several batches of 4096 rows, and more 1 MB chunks than the reader
	 * may have in flight before the caller hashes them */
	const size_t n = 100000;
	char *path = write_fleet(n);
	char *buf;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(path, &buf, &len, &d), 0);
	struct inventory a, b;
	struct sum sa = {0, 0}, sb = {0, 0};
	inventory_init_empty(&a, path);
	inventory_init_empty(&b, path);
	assert_int_equal(csv_stream(&a, sum_cb, &sa, &d), 0);
	assert_int_equal(csv_stream_text(&b, buf, len, sum_cb, &sb, &d), 0);
	assert_int_equal(sa.n, n);
	assert_int_equal(sb.n, n);
	assert_true(sa.h == sb.h);
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(buf, len, hex);
	assert_true(len > 6 * (1u << 20));
	assert_string_equal(a.sha256, hex);
	assert_string_equal(b.sha256, hex);
	/* without a digest (no output shows it): the same rows, not hashed */
	struct inventory c;
	struct sum sc = {0, 0};
	inventory_init_empty(&c, path);
	c.no_digest = true;
	assert_int_equal(csv_stream(&c, sum_cb, &sc, &d), 0);
	assert_int_equal(sc.n, n);
	assert_true(sc.h == sa.h);
	assert_string_equal(c.sha256, "");
	inventory_free(&c);
	inventory_free(&a);
	inventory_free(&b);
	free(buf);
	unlink(path);
	free(path);
}

/* A reader started ahead: joined by csv_stream with the same rows and
 * digest; stopped by inventory_free when nobody reads its rows (it waits
 * with MAX_BATCHES in flight: more rows than that here), without a leak
 * or a hang; and a file that cannot be opened refused at the start. */
static void test_stream_begin(void **state)
{
	(void)state;
	const size_t n = 60000;
	char *path = write_fleet(n);
	struct diag d;
	struct inventory a, b, c;
	struct sum sa = {0, 0}, sb = {0, 0};
	inventory_init_empty(&a, path);
	assert_int_equal(csv_stream(&a, sum_cb, &sa, &d), 0);
	inventory_init_empty(&b, path);
	assert_int_equal(csv_stream_begin(&b, &d), 0);
	assert_int_equal(csv_stream_begin(&b, &d), 0); /* once */
	assert_int_equal(csv_stream(&b, sum_cb, &sb, &d), 0);
	assert_int_equal(sb.n, n);
	assert_true(sb.h == sa.h);
	assert_string_equal(b.sha256, a.sha256);
	assert_null(b.reader);
	for (int i = 0; i < 3; i++) { /* abandoned at once, and later */
		inventory_init_empty(&c, path);
		assert_int_equal(csv_stream_begin(&c, &d), 0);
		for (int k = 0; k < i * 200; k++)
			sched_yield();
		inventory_free(&c);
	}
	inventory_init_empty(&c, "/nonexistent/fleet.csv");
	assert_int_equal(csv_stream_begin(&c, &d), -1);
	assert_string_equal(d.file, "/nonexistent/fleet.csv");
	assert_null(c.reader);
	inventory_free(&c);
	inventory_free(&a);
	inventory_free(&b);
	unlink(path);
	free(path);
}

static void test_stream_stops(void **state)
{
	(void)state;
	char *path = write_fleet(20000);
	struct inventory inv;
	struct diag d;
	struct stop_ctx s = {0, 9000};
	inventory_init_empty(&inv, path);
	assert_int_equal(csv_stream(&inv, stop_cb, &s, &d), -1);
	assert_int_equal(s.seen, 9000);
	assert_string_equal(d.msg, "stopped at 'srv-0008999'");
	inventory_free(&inv);
	unlink(path);
	free(path);
}

/* The file's SHA-256 is hashed in chunks by whichever thread waits: with
 * a consumer that keeps up and with one that lags (so that the reader
 * hashes while its batches wait), over more chunks than there are
 * buffers, it must be the digest of the whole file. */
struct slow_ctx {
	size_t seen;
	unsigned every; /* spin this much every 64 assets */
};

static int slow_cb(void *ctx, const struct asset *a, struct diag *d)
{
	(void)a;
	(void)d;
	struct slow_ctx *s = ctx;
	if (++s->seen % 64 == 0)
		for (volatile unsigned k = 0; k < s->every; k = k + 1)
			;
	return 0;
}

static void test_stream_digest(void **state)
{
	(void)state;
	char *path = write_fleet(120000); /* about 9 MB: 9 chunks, 4 buffers */
	size_t len;
	char *text = NULL;
	struct diag rd;
	assert_int_equal(file_read_all(path, &text, &len, &rd), 0);
	char want[SHA256_HEX_LEN + 1];
	sha256_hex(text, len, want);
	for (unsigned every = 0; every <= 20000; every += 20000) {
		struct inventory inv;
		struct diag d;
		struct slow_ctx s = {0, every};
		inventory_init_empty(&inv, path);
		assert_int_equal(csv_stream(&inv, slow_cb, &s, &d), 0);
		assert_int_equal(s.seen, 120000);
		assert_string_equal(inv.sha256, want);
		inventory_free(&inv);
	}
	free(text);
	unlink(path);
	free(path);
}

/* Ids out of order (the hash table) still find a late duplicate. */
static void test_unsorted_ids(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "id,model,quantity\n");
	for (int i = 0; i < 5000; i++)
		sb_printf(&sb, "id-%d,H20,1\n", (i * 7919) % 5000);
	struct inventory inv;
	struct diag d;
	assert_int_equal(inventory_load_csv_text(&inv, "u.csv", sb.buf, sb.len, &d), 0);
	assert_int_equal(inv.nassets, 5000);
	inventory_free(&inv);
	sb_printf(&sb, "id-%d,H20,1\n", (1234 * 7919) % 5000);
	assert_int_equal(inventory_load_csv_text(&inv, "u.csv", sb.buf, sb.len, &d), -1);
	assert_int_equal(d.line, 5002);
	assert_string_equal(d.msg, "duplicate asset id 'id-2046' (first defined at line 1236)");
	sb_release(&sb);
}

/* Every purpose and status name is read as its value, and nothing else is:
 * not a prefix, an extension, or another case. */
static void test_enum_names(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct inventory inv;
	struct diag d;
	for (int p = 0; p < PURPOSE_COUNT; p++)
		for (int st = 0; st < STATUS_COUNT; st++) {
			sb_reset(&sb);
			sb_printf(&sb, "id,model,quantity,purpose,status\na,H20,1,%s,%s\n",
				  purpose_name((enum purpose)p), status_name((enum status)st));
			assert_int_equal(inventory_load_csv_text(&inv, "e.csv", sb.buf, sb.len, &d), 0);
			assert_int_equal(inv.assets[0].purpose, p);
			assert_int_equal(inv.assets[0].status, st);
			inventory_free(&inv);
		}
	static const char *const bad[] = {"commercia", "commercial2", "Commercial", "o", "others",
					  "research ", "ordered-"};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		sb_reset(&sb);
		sb_printf(&sb, "id,model,quantity,purpose\na,H20,1,\"%s\"\n", bad[i]);
		assert_int_equal(inventory_load_csv_text(&inv, "e.csv", sb.buf, sb.len, &d), -1);
		assert_non_null(strstr(d.msg, "invalid purpose"));
		sb_reset(&sb);
		sb_printf(&sb, "id,model,quantity,status\na,H20,1,\"%s\"\n", bad[i]);
		assert_int_equal(inventory_load_csv_text(&inv, "e.csv", sb.buf, sb.len, &d), -1);
		assert_non_null(strstr(d.msg, "invalid status"));
	}
	sb_release(&sb);
}

/* An id with a control character anywhere (the check goes eight bytes at a
 * time) is refused; bytes of 0x80 and up (UTF-8) and 0x20-0x7e are not. */
static void test_id_control_chars(void **state)
{
	(void)state;
	static const char *const bad[] = {"\001bcdefghijk", "abcdefg\x1f", "abcdefgh\x7f",
					  "abcdefghijklmno\x10p", "ab\x7f", "a\tb"};
	static const char *const good[] = {"caf\xc3\xa9-0123456789", "~!#$%&()*+-./:;<=>?@[]^_`{|}",
					   "abcdefghijklmnopqrstuvwxyz0123456789"};
	struct inventory inv;
	struct diag d;
	char text[256];
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		int n = snprintf(text, sizeof(text), "id,model,quantity\n%s,H20,1\n", bad[i]);
		assert_int_equal(inventory_load_csv_text(&inv, "c.csv", text, (size_t)n, &d), -1);
		assert_non_null(strstr(d.msg, "invalid id"));
	}
	for (size_t i = 0; i < CG_ARRAY_LEN(good); i++) {
		int n = snprintf(text, sizeof(text), "id,model,quantity\n%s,H20,1\n", good[i]);
		if (inventory_load_csv_text(&inv, "c.csv", text, (size_t)n, &d) != 0)
			print_error("%s: %s\n", good[i], d.msg);
		assert_int_equal(inv.nassets, 1);
		assert_string_equal(inv.assets[0].id, good[i]);
		inventory_free(&inv);
	}
}

/* Sorted ids are front-coded: long shared prefixes (more than 255 bytes),
 * ids that extend the one before, and line steps of 255 and more (blank
 * lines, a quoted field over many lines) must all come back exactly when
 * a late id is out of order and the set is expanded. */
static void test_sorted_ids_expand(void **state)
{
	(void)state;
	char longa[257], longb[257];
	memset(longa, 'x', 256);
	longa[256] = '\0';
	memcpy(longb, longa, sizeof(longb));
	longb[255] = 'y'; /* shares 255 bytes with longa, and sorts after it */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "id,model,quantity,note\n");        /* line 1 */
	sb_puts(&sb, "a,H20,1,\n");                      /* 2 */
	sb_puts(&sb, "ab,H20,1,\n");                     /* 3: extends "a" */
	sb_puts(&sb, "abc,H20,1,\n");                    /* 4 */
	for (int i = 0; i < 300; i++)                     /* 5-304: blank */
		sb_puts(&sb, "\n");
	sb_printf(&sb, "%s,H20,1,\n", longa);             /* 305 */
	sb_printf(&sb, "%s,H20,1,\"", longb);             /* 306, over 600 lines */
	for (int i = 0; i < 600; i++)                     /* (an attribute: within its limit) */
		sb_puts(&sb, "\n");
	sb_puts(&sb, "\"\n");
	sb_puts(&sb, "zz,H20,1,\n");                     /* 907 */
	size_t base = sb.len;
	static const struct {
		const char *id;
		int first;
	} dup[] = {{"a", 2}, {"ab", 3}, {"abc", 4}, {NULL, 305}, {NULL, 306}, {"zz", 907}};
	for (size_t k = 0; k < CG_ARRAY_LEN(dup); k++) {
		sb.len = base;
		const char *id = dup[k].id ? dup[k].id : dup[k].first == 305 ? longa : longb;
		sb_printf(&sb, "m,H20,1,\n%s,H20,1,\n", id); /* m: out of order */
		struct inventory inv;
		struct diag d;
		assert_int_equal(inventory_load_csv_text(&inv, "s.csv", sb.buf, sb.len, &d), -1);
		assert_int_equal(d.line, 909);
		char want[64];
		snprintf(want, sizeof(want), "(first defined at line %d)", dup[k].first);
		if (!strstr(d.msg, want))
			print_error("%s: %s\n", want, d.msg);
		assert_non_null(strstr(d.msg, want));
	}
	/* a repeat of the id just before: found without leaving sorted mode */
	sb.len = base;
	sb_puts(&sb, "zz,H20,1,\n");
	struct inventory inv;
	struct diag d;
	assert_int_equal(inventory_load_csv_text(&inv, "s.csv", sb.buf, sb.len, &d), -1);
	assert_string_equal(d.msg, "duplicate asset id 'zz' (first defined at line 907)");
	/* and every id kept, with no duplicate, loads */
	sb.len = base;
	sb_puts(&sb, "m,H20,1,\nb,H20,1,\naa,H20,1,\n");
	assert_int_equal(inventory_load_csv_text(&inv, "s.csv", sb.buf, sb.len, &d), 0);
	assert_int_equal(inv.nassets, 9);
	inventory_free(&inv);
	sb_release(&sb);
}

/* ---- field limits, the header cap, binary input -------------------------------------- */

/* TEXT written to a temporary file fails, read whole, streamed on the
 * reader thread and streamed from memory, with "PATH" + TAIL. */
static void text_fails(const char *text, size_t len, const char *tail)
{
	char *path = xstrdup("/tmp/cg-test-csv-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	sb_printf(&want, "%s%s", path, tail);
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	assert_int_equal(inventory_load_csv(&inv, path, NULL, &d), -1);
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	size_t n = 0;
	inventory_init_empty(&inv, path);
	sb_reset(&got);
	assert_int_equal(csv_stream(&inv, count, &n, &d), -1);
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	inventory_free(&inv);
	sb_reset(&got);
	assert_int_equal(inventory_load_csv_text(&inv, path, text, len, &d), -1);
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	unlink(path);
	sb_release(&want);
	sb_release(&got);
	free(path);
}

static void text_loads(const char *text, size_t len, size_t nassets)
{
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	if (inventory_load_csv_text(&inv, "t.csv", text, len, &d) != 0)
		fail_msg("refused: %d:%d: %s", d.line, d.col, d.msg);
	assert_int_equal(inv.nassets, nassets);
	inventory_free(&inv);
}

/* PREFIX, N copies of C, then SUFFIX. */
static void with_run(struct strbuf *sb, const char *prefix, char c, size_t n, const char *suffix)
{
	sb_reset(sb);
	sb_puts(sb, prefix);
	for (size_t i = 0; i < n; i++)
		sb_putc(sb, c);
	sb_puts(sb, suffix);
}

static void test_field_limits(void **state)
{
	(void)state;
	struct strbuf t = STRBUF_INIT;
	/* a 1.2 MB model (text taken for a field), on the fast path (a plain line
	 * longer than a read chunk also goes through libcsv) and quoted */
	with_run(&t, "id,model,quantity\na,", 'M', 1200000, ",1\n");
	text_fails(t.buf, t.len, ":2:2: field 'model' is 1200000 bytes; the limit is 256");
	with_run(&t, "id,model,quantity\na,\"", 'M', 1200000, "\",1\n");
	text_fails(t.buf, t.len, ":2:2: field 'model' is 1200000 bytes; the limit is 256");
	/* a quoted field over many lines: its length and its first line */
	with_run(&t, "id,model,quantity\nok,H20,1\na,\"", '\n', 300000, "\",1\nb,H20,1\n");
	text_fails(t.buf, t.len, ":3:2: field 'model' is 300000 bytes; the limit is 256");
	/* exactly at the limit is accepted, a byte more is not */
	with_run(&t, "id,model,quantity,site\na,H20,1,", 's', 256, "\n");
	text_loads(t.buf, t.len, 1);
	with_run(&t, "id,model,quantity,site\na,H20,1,", 's', 257, "\n");
	text_fails(t.buf, t.len, ":2:4: field 'site' is 257 bytes; the limit is 256");
	with_run(&t, "id,model,quantity,Rack\na,H20,1,", 'r', 4097, "\r\n");
	text_fails(t.buf, t.len, ":2:4: field 'Rack' is 4097 bytes; the limit is 4096");
	with_run(&t, "id,model,quantity,tags\na,H20,1,x;", 't', 257, ";y\n");
	text_fails(t.buf, t.len, ":2:4: a tag in column 'tags' is 257 bytes; the limit is 256");
	with_run(&t, "id,model,quantity,tags\na,H20,1,", ';', 4097, "\n");
	text_fails(t.buf, t.len, ":2:4: field 'tags' is 4097 bytes; the limit is 4096");
	with_run(&t, "id,", 'c', 129, ",model,quantity\n");
	text_fails(t.buf, t.len, ":1:2: column name is 129 bytes; the limit is 128");
	with_run(&t, "id,\"", 'c', 129, "\",model,quantity\n");
	text_fails(t.buf, t.len, ":1:2: column name is 129 bytes; the limit is 128");
	/* a byte order mark is not part of the first name */
	with_run(&t, "\xef\xbb\xbf", 'c', 128, ",id,model,quantity\n");
	text_loads(t.buf, t.len, 0);
	/* the length is checked as each field is cut, before the rest of its
	 * row, on the fast path and through libcsv alike (found by fuzz_csv) */
	with_run(&t, "id,model,quantity,\xff,", 'c', 200, "\n");
	text_fails(t.buf, t.len, ":1:5: column name is 200 bytes; the limit is 128");
	with_run(&t, "id,model,quantity,\xff,", 'c', 200, "\r\n");
	text_fails(t.buf, t.len, ":1:5: column name is 200 bytes; the limit is 128");
	with_run(&t, "id,model,quantity,site\na,H20,zero,", 's', 300, "\n");
	text_fails(t.buf, t.len, ":2:4: field 'site' is 300 bytes; the limit is 256");
	with_run(&t, "id,model,quantity,site\na,H20,zero,\"", 's', 300, "\"\n");
	text_fails(t.buf, t.len, ":2:4: field 'site' is 300 bytes; the limit is 256");
	sb_release(&t);
}

/* A header of N columns: id, model, quantity and attributes c4..cN in the
 * order of a stride through them (not sorted: the id set's table). */
static void wide_header(struct strbuf *sb, size_t n, const char *eol)
{
	sb_reset(sb);
	sb_puts(sb, "id,model,quantity");
	for (size_t i = 0; i + 3 < n; i++)
		sb_printf(sb, ",c%zu", (i * 7919) % (n - 3) + 4);
	sb_puts(sb, eol);
}

static void test_header_columns(void **state)
{
	(void)state;
	struct strbuf t = STRBUF_INIT;
	wide_header(&t, 4096, "\n");
	sb_puts(&t, "a,H20,1"); /* and 4093 empty cells */
	for (size_t i = 3; i < 4096; i++)
		sb_putc(&t, ',');
	sb_putc(&t, '\n');
	text_loads(t.buf, t.len, 1);
	/* one more: refused at the column past the cap, on both paths */
	wide_header(&t, 4097, "\n");
	text_fails(t.buf, t.len, ":1:4097: the header has more than 4096 columns");
	wide_header(&t, 4097, "\r\n");
	text_fails(t.buf, t.len, ":1:4097: the header has more than 4096 columns");
	/* a duplicate far from its first use, among unsorted names */
	wide_header(&t, 4000, "");
	sb_puts(&t, ",c1234\n");
	char want[96];
	size_t first = 0;
	for (size_t i = 0; i + 3 < 4000; i++)
		if ((i * 7919) % 3997 + 4 == 1234)
			first = i + 4;
	snprintf(want, sizeof(want), ":1:4001: duplicate column 'c1234' (also column %zu)", first);
	text_fails(t.buf, t.len, want);
	/* role names match in any case, and are duplicates of each other */
	static const char dup_role[] = "id,model,quantity,Site,SITE\n";
	text_fails(dup_role, sizeof(dup_role) - 1, ":1:5: duplicate column 'site' (also column 4)");
	sb_release(&t);
}

static void test_binary_input(void **state)
{
	(void)state;
	/* a NUL byte stops the reader where it is, in the header or a row */
	static const char zeros[8] = {0};
	text_fails(zeros, sizeof(zeros), ":1:1: NUL byte in the header");
	static const char row[] = "id,model,quantity\na,H2\0\0,1\n";
	text_fails(row, sizeof(row) - 1, ":2:2: NUL byte in column 'model'");
	static const char quoted[] = "id,model,quantity\na,\"H\n2\0\",1\n";
	text_fails(quoted, sizeof(quoted) - 1, ":3:2: NUL byte in column 'model'");
	/* a ragged row of a million fields is counted, not kept */
	struct strbuf t = STRBUF_INIT;
	with_run(&t, "id,model,quantity\na,b,1", ',', 1000000, "\n");
	text_fails(t.buf, t.len, ":2:4: row has 1000003 fields, the header has 3");
	sb_release(&t);
}

/* ---- inputs read once: pipes ------------------------------------------------------------ */

struct feeder {
	int fd;
	const char *buf;
	size_t len;
	pthread_t th;
};

static void *feed_main(void *arg)
{
	struct feeder *f = arg;
	for (size_t off = 0; off < f->len;) {
		ssize_t w = write(f->fd, f->buf + off, f->len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

/* A pipe a thread fills with BUF; returns "/dev/fd/N" of its read end. */
static char *feed_pipe(struct feeder *f, const char *buf, size_t len)
{
	int fds[2];
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	*f = (struct feeder){.fd = fds[1], .buf = buf, .len = len};
	assert_int_equal(pthread_create(&f->th, NULL, feed_main, f), 0);
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "/dev/fd/%d", fds[0]);
	return sb_detach(&sb);
}

static void feed_done(struct feeder *f, char *path)
{
	close(atoi(path + strlen("/dev/fd/")));
	pthread_join(f->th, NULL);
	free(path);
}

static void test_stream_from_pipe(void **state)
{
	(void)state;
	/* a fleet through a pipe: detected from its first bytes, then streamed
	 * on the reader thread from those bytes on, each read once -- the
	 * same rows and the same digest as from the file */
	char *file = write_fleet(60000);
	char *text;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(file, &text, &len, &d), 0);
	struct feeder f;
	char *path = feed_pipe(&f, text, len);
	struct inventory a, b;
	enum inv_format used = INVFMT_AUTO;
	assert_int_equal(inventory_open_any(&a, path, INVFMT_AUTO, NULL, NULL, true, &used, &d), 0);
	assert_int_equal(used, INVFMT_CSV);
	assert_non_null(a.src);
	struct sum sa = {0, 0}, sb = {0, 0};
	assert_int_equal(csv_stream(&a, sum_cb, &sa, &d), 0);
	assert_null(a.src);
	inventory_init_empty(&b, file);
	assert_int_equal(csv_stream(&b, sum_cb, &sb, &d), 0);
	assert_int_equal(sa.n, 60000);
	assert_true(sa.h == sb.h);
	assert_string_equal(a.sha256, b.sha256);
	char want[SHA256_HEX_LEN + 1];
	memcpy(want, b.sha256, sizeof(want));
	inventory_free(&a);
	inventory_free(&b);
	feed_done(&f, path);

	/* loaded whole from a pipe (explain, review), only one id kept */
	path = feed_pipe(&f, text, len);
	assert_int_equal(inventory_open_any(&a, path, INVFMT_AUTO, NULL, "srv-0001234", false, &used,
					    &d), 0);
	assert_int_equal(a.nassets, 1);
	assert_string_equal(a.assets[0].id, "srv-0001234");
	assert_string_equal(a.sha256, want);
	inventory_free(&a);
	feed_done(&f, path);

	/* opened and never streamed (a later input failed): freed, closed */
	path = feed_pipe(&f, text, len);
	assert_int_equal(inventory_open_any(&a, path, INVFMT_CSV, NULL, NULL, true, &used, &d), 0);
	inventory_free(&a);
	feed_done(&f, path);
	free(text);
	unlink(file);
	free(file);
}

static void test_other_formats_from_pipe(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum inv_format fmt;
		size_t nassets;
	} cases[] = {
	    {"assets = ( { id = \"a\"; model = \"H20\"; quantity = 2; } );\n", INVFMT_CFG, 1},
	    {"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [ "
	     "{\"type\": \"device\", \"name\": \"H20\"} ]}",
	     INVFMT_CYCLONEDX, 1},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		struct feeder f;
		char *path = feed_pipe(&f, cases[i].text, strlen(cases[i].text));
		struct inventory inv;
		struct diag d;
		enum inv_format used = INVFMT_AUTO;
		/* stream: only a CSV inventory is left open */
		assert_int_equal(inventory_open_any(&inv, path, INVFMT_AUTO, NULL, NULL, true, &used, &d),
				 0);
		assert_int_equal(used, cases[i].fmt);
		assert_null(inv.src);
		assert_int_equal(inv.nassets, cases[i].nassets);
		char hex[SHA256_HEX_LEN + 1];
		sha256_hex(cases[i].text, strlen(cases[i].text), hex);
		assert_string_equal(inv.sha256, hex);
		inventory_free(&inv);
		feed_done(&f, path);
	}
}

/* ---- format detection ------------------------------------------------------------- */

static void test_detect(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum inv_format want;
	} cases[] = {
	    {"id,model,quantity\n", INVFMT_CSV},
	    {"\xef\xbb\xbf\"id\",\"model\"\n", INVFMT_CSV},
	    {"inventory = { jurisdiction = \"CN\"; };", INVFMT_CFG},
	    {"assets = ( );", INVFMT_CFG},
	    {"# comment\nassets = ();", INVFMT_CFG},
	    {"// comment\n", INVFMT_CFG},
	    {"  {\"bomFormat\": \"CycloneDX\"}", INVFMT_CYCLONEDX},
	    {"[\n  {\"pci_slot\": \"0000:00:00.0\"}\n]", INVFMT_OSQUERY},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		enum inv_format f = INVFMT_AUTO;
		assert_int_equal(inv_format_detect(cases[i].text, strlen(cases[i].text), &f), 0);
		assert_int_equal(f, cases[i].want);
	}
	enum inv_format f;
	assert_int_equal(inv_format_detect("", 0, &f), -1);
	assert_int_equal(inv_format_detect("just words\n", 11, &f), -1);
	assert_int_equal(inv_format_parse("cyclonedx", &f), 0);
	assert_int_equal(f, INVFMT_CYCLONEDX);
	assert_int_equal(inv_format_parse("xml", &f), -1);
	assert_string_equal(inv_format_name(INVFMT_OSQUERY), "osquery");
	/* a file, and inventory_load_any picking the reader */
	struct diag d;
	char *p = fix_path("good.csv");
	assert_int_equal(inv_format_detect_file(p, &f, &d), 0);
	assert_int_equal(f, INVFMT_CSV);
	struct inventory inv;
	enum inv_format used = INVFMT_AUTO;
	assert_int_equal(inventory_load_any(&inv, p, INVFMT_AUTO, NULL, NULL, &used, &d), 0);
	assert_int_equal(used, INVFMT_CSV);
	assert_int_equal(inv.nassets, 4);
	inventory_free(&inv);
	/* forcing the wrong reader is an error of that reader */
	assert_int_equal(inventory_load_any(&inv, p, INVFMT_CFG, NULL, NULL, NULL, &d), -1);
	free(p);
	p = fix_path("empty.csv");
	assert_int_equal(inv_format_detect_file(p, &f, &d), -1);
	assert_non_null(strstr(d.msg, "use --format-in"));
	free(p);
}

/* Lines without quotes or CRs are split by chipgate's fast path, the others
 * by libcsv: the same text with CRLF line ends (every line through libcsv)
 * must give the same assets, on the same lines. Fields span 16-byte blocks,
 * carry blanks to trim, and end lines empty. */
static void test_fast_path_equals_libcsv(void **state)
{
	(void)state;
	const char *lf =
	    "id,model,quantity,site,purpose,status,tags,note,rack\n"
	    "srv-0001,NVIDIA H20,1,Beijing-DC1,government,deployed,a;b,,R1\n"
	    "  srv-0002 ,\t Huawei Ascend 910B  ,16, site with  spaces ,,,,x,\n"
	    "\n"
	    "   \t \n"
	    "srv-0003,NVIDIA H20,2,,commercial,ordered,  a ; b ;; c ,a-rather-long-note-value-here,\n"
	    "srv-0004,NVIDIA H20,3,s,,, , ,  R9\n";
	struct strbuf crlf = STRBUF_INIT;
	for (const char *p = lf; *p; p++) {
		if (*p == '\n')
			sb_putc(&crlf, '\r');
		sb_putc(&crlf, *p);
	}
	struct inventory a, b;
	struct sum sa = {0, 0}, sb = {0, 0};
	struct diag d;
	inventory_init_empty(&a, "lf.csv");
	inventory_init_empty(&b, "crlf.csv");
	assert_int_equal(csv_stream_text(&a, lf, strlen(lf), sum_cb, &sa, &d), 0);
	assert_int_equal(csv_stream_text(&b, crlf.buf, crlf.len, sum_cb, &sb, &d), 0);
	assert_int_equal(sa.n, 4);
	assert_int_equal(sb.n, 4);
	assert_true(sa.h == sb.h);
	inventory_free(&a);
	inventory_free(&b);
	/* and the same error, at the same place */
	struct inventory c;
	struct diag d1, d2;
	const char *bad = "id,model,quantity\nx,NVIDIA H20,1\n  y , NVIDIA H20 , many \n";
	assert_int_equal(inventory_load_csv_text(&c, "lf.csv", bad, strlen(bad), &d1), -1);
	sb_reset(&crlf);
	for (const char *p = bad; *p; p++) {
		if (*p == '\n')
			sb_putc(&crlf, '\r');
		sb_putc(&crlf, *p);
	}
	assert_int_equal(inventory_load_csv_text(&c, "lf.csv", crlf.buf, crlf.len, &d2), -1);
	assert_string_equal(d1.msg, d2.msg);
	assert_int_equal(d1.line, 3);
	assert_int_equal(d2.line, 3);
	assert_int_equal(d1.col, d2.col);
	assert_non_null(strstr(d1.msg, "invalid quantity 'many'"));
	sb_release(&crlf);
}

/* ---- libcsv's own state, as csv_parse.c reads it ---------------------------- */

struct last_field {
	char text[64];
	size_t len;
	int rows;
};

static void pin_field(void *s, size_t len, void *data)
{
	struct last_field *f = data;
	f->len = len;
	memcpy(f->text, s, len < sizeof(f->text) ? len : sizeof(f->text));
}

static void pin_row(int c, void *data)
{
	(void)c;
	((struct last_field *)data)->rows++;
}

static void pin_parse(struct csv_parser *p, const char *s, struct last_field *f)
{
	assert_int_equal(csv_parse(p, s, strlen(s), pin_field, pin_row, f), strlen(s));
}

/* The parser's fast path and its shedding of long fields read three fields
 * of libcsv's struct csv_parser, with the options csv_reader_init sets:
 * - pstate: after csv_init and after a row's newline it has one value
 *   (the fast path runs only then); inside a row, in a field or between
 *   fields, another;
 * - entry_buf[0, entry_pos): the field being read, unquoted, its newlines
 *   included (they give the line of a quoting error);
 * - of that buffer libcsv takes back, when the field ends, the closing
 *   quote and the blanks after it (spaces + 1 bytes), or an unquoted
 *   field's trailing blanks (spaces bytes), so that shed_field may drop
 *   everything before them.
 * A libcsv that changes any of this fails here, not on a fleet. */
static void test_libcsv_state_pinned(void **state)
{
	(void)state;
	struct csv_parser p;
	struct last_field f = {0};
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL), 0);
	csv_set_blk_size(&p, 64 * 1024);
	const int between = p.pstate;
	assert_int_equal(p.entry_pos, 0);
	pin_parse(&p, "a,b\n", &f);
	assert_int_equal(p.pstate, between);
	assert_int_equal(f.rows, 1);
	pin_parse(&p, "a", &f);
	assert_int_not_equal(p.pstate, between);
	assert_int_equal(p.entry_pos, 1);
	assert_memory_equal(p.entry_buf, "a", 1);
	pin_parse(&p, ",", &f);
	assert_int_not_equal(p.pstate, between);
	assert_int_equal(p.entry_pos, 0);
	/* an unquoted field's trailing blanks: buffered, counted, trimmed */
	pin_parse(&p, "ab  ", &f);
	assert_int_equal(p.entry_pos, 4);
	assert_int_equal(p.spaces, 2);
	pin_parse(&p, "\n", &f);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.text, "ab", 2);
	assert_int_equal(p.pstate, between);
	/* a quoted field spanning lines */
	pin_parse(&p, "\"x\ny", &f);
	assert_int_not_equal(p.pstate, between);
	assert_int_equal(p.entry_pos, 3);
	assert_memory_equal(p.entry_buf, "x\ny", 3);
	/* its closing quote and the blanks after it stay buffered... */
	pin_parse(&p, "\"  ", &f);
	assert_int_equal(p.spaces, 2);
	assert_int_equal(p.entry_pos, 6);
	assert_memory_equal(p.entry_buf, "x\ny\"  ", 6);
	/* ...and are all libcsv takes back: shed the rest as shed_field does */
	size_t keep = p.spaces + 1, drop = p.entry_pos - keep;
	memmove(p.entry_buf, p.entry_buf + drop, keep);
	p.entry_pos = keep;
	pin_parse(&p, "\n", &f);
	assert_int_equal(f.len, 0);
	assert_int_equal(p.pstate, between);
	/* the same with bytes kept: "long" shed to its last two bytes */
	pin_parse(&p, "\"long\" ", &f);
	keep = p.spaces + 1 + 2;
	drop = p.entry_pos - keep;
	memmove(p.entry_buf, p.entry_buf + drop, keep);
	p.entry_pos = keep;
	pin_parse(&p, "\n", &f);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.text, "ng", 2);
	csv_free(&p);
}

/* The id set on its own: sorted ids front-coded, the first out of order
 * expanding them under the table, duplicates found in both states with
 * the line of the first definition, lines far apart kept exactly. */
static void test_idset(void **state)
{
	(void)state;
	struct idset s = {0};
	char id[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "srv-%06d", i);
		assert_int_equal(idset_add(&s, id, strlen(id), 2 + i * (i % 7 == 0 ? 300 : 1)), 0);
	}
	assert_false(s.unsorted);
	assert_int_equal(idset_add(&s, "srv-000001", 10, 99999), 3); /* out of order: a duplicate */
	assert_true(s.unsorted);
	assert_int_equal(idset_add(&s, "srv-002003", 10, 99999), 2 + 2003);
	assert_int_equal(idset_add(&s, "srv-002695", 10, 99999), 2 + 2695 * 300);
	assert_int_equal(idset_add(&s, "a-new-one", 9, 100000), 0);
	assert_int_equal(idset_add(&s, "a-new-one", 9, 100001), 100000);
	assert_int_equal(s.n, 3001);
	idset_release(&s);
	/* never out of order: no table at all */
	assert_int_equal(idset_add(&s, "a", 1, 1), 0);
	assert_int_equal(idset_add(&s, "ab", 2, 2), 0);
	assert_int_equal(idset_add(&s, "b", 1, 3), 0);
	assert_false(s.unsorted);
	assert_int_equal(s.tab.cap, 0);
	assert_int_equal(idset_add(&s, "ab", 2, 4), 2);
	idset_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_order_fields),
	    cmocka_unit_test(test_crlf_bom_header_only),
	    cmocka_unit_test(test_only_id),
	    cmocka_unit_test(test_companion),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_stream_threaded_equals_direct),
	    cmocka_unit_test(test_stream_begin),
	    cmocka_unit_test(test_stream_stops),
	    cmocka_unit_test(test_stream_digest),
	    cmocka_unit_test(test_unsorted_ids),
	    cmocka_unit_test(test_sorted_ids_expand),
	    cmocka_unit_test(test_id_control_chars),
	    cmocka_unit_test(test_enum_names),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_field_limits),
	    cmocka_unit_test(test_header_columns),
	    cmocka_unit_test(test_binary_input),
	    cmocka_unit_test(test_stream_from_pipe),
	    cmocka_unit_test(test_other_formats_from_pipe),
	    cmocka_unit_test(test_fast_path_equals_libcsv),
	    cmocka_unit_test(test_libcsv_state_pinned),
	    cmocka_unit_test(test_idset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
