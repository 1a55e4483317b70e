/* Unit tests for src/util: the arena, strbuf and JSON string escapes,
 * strict dates and SOURCE_DATE_EPOCH, diagnostics and excerpts, text
 * validation with exact positions, whole-file input with its size cap,
 * atomic output (no temporary file ever left behind), number parsing,
 * edit distance, and the libconfig raw-text audit with its exact
 * FILE:LINE:COL messages.
 *
 * Every test that touches the file system works in a private directory
 * made by the group setup and removed by the group teardown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/cfg.h"
#include "util/util.h"

#define SCRATCH_DIR "/tmp/chipgate-util-XXXXXX"

#include "helpers.h"


/* ---- helpers ----------------------------------------------------------- */

static void write_raw(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Remove every file in the temporary directory (tests start clean). */
static int clean_before(void **state)
{
	(void)state;
	clean_scratch();
	unsetenv("CHIPGATE_MAX_INPUT");
	unsetenv("SOURCE_DATE_EPOCH");
	return 0;
}

/* ---- arena ------------------------------------------------------------- */

static void test_arena_alloc_aligned_zeroed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	unsigned char *prev = NULL;
	for (size_t n = 0; n < 200; n++) {
		unsigned char *p = arena_alloc(&a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xa5, n); /* must not overlap the previous block */
		assert_true(p != prev);
		prev = p;
	}
	/* allocation sizes are rounded to 16 and 0 counts as 16 */
	struct arena b;
	arena_init(&b);
	arena_alloc(&b, 0);
	arena_alloc(&b, 1);
	arena_alloc(&b, 17);
	assert_int_equal(b.total, 16 + 16 + 32);
	arena_release(&b);
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

static void test_arena_many_chunks_and_big_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	/* small blocks across several 64 KiB chunks keep their contents */
	char *blocks[5000];
	for (int i = 0; i < 5000; i++)
		blocks[i] = arena_printf(&a, "block-%d", i);
	/* a block bigger than a chunk, then small ones again */
	size_t big = 1 << 20;
	unsigned char *b = arena_alloc(&a, big);
	assert_int_equal(b[0], 0);
	assert_int_equal(b[big - 1], 0);
	memset(b, 0xff, big);
	char *after = arena_strdup(&a, "after the big block");
	for (int i = 0; i < 5000; i++) {
		char want[32];
		snprintf(want, sizeof(want), "block-%d", i);
		assert_string_equal(blocks[i], want);
	}
	assert_string_equal(after, "after the big block");
	assert_true(a.total >= big + 5000 * 16);
	arena_release(&a);
	/* reusable after release */
	char *again = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(again, "abc");
	arena_release(&a);
	arena_release(&a); /* twice is harmless */
}

static void test_arena_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_strndup(&a, "hello", 0), "");
	assert_string_equal(arena_strndup(&a, "hel\0lo", 5), "hel");
	char *p = arena_printf(&a, "%s-%05d-%.2f", "x", 42, 1.5);
	assert_string_equal(p, "x-00042-1.50");
	char longs[300];
	memset(longs, 'z', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	assert_string_equal(arena_printf(&a, "%s", longs), longs);
	arena_release(&a);
}

/* ---- strbuf -------------------------------------------------------------- */

static void test_strbuf_basics(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb_str(&sb), "");
	sb_puts(&sb, "abc");
	sb_putc(&sb, '-');
	sb_add(&sb, "xyz123", 3);
	assert_string_equal(sb_str(&sb), "abc-xyz");
	assert_int_equal(sb.len, 7);
	sb_reset(&sb);
	assert_string_equal(sb_str(&sb), "");
	assert_int_equal(sb.len, 0);
	/* embedded NUL is kept in len */
	sb_add(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.buf, "a\0b", 4);
	sb_release(&sb);
	assert_null(sb.buf);
	assert_string_equal(sb_str(&sb), "");
}

static void test_strbuf_printf_grows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sb_printf(&sb, "[%s]", "short");
	sb_printf(&sb, "<%s>", big);
	sb_printf(&sb, "%d", 7);
	assert_int_equal(sb.len, 7 + 1 + 4999 + 1 + 1);
	assert_memory_equal(sb.buf, "[short]<", 8);
	assert_int_equal(sb.buf[8 + 4998], 'q');
	assert_string_equal(sb.buf + 8 + 4999, ">7");
	assert_int_equal(strlen(sb.buf), sb.len);
	/* many small appends */
	sb_reset(&sb);
	for (int i = 0; i < 10000; i++)
		sb_putc(&sb, (char)('a' + i % 26));
	assert_int_equal(sb.len, 10000);
	assert_int_equal(strlen(sb_str(&sb)), 10000);
	sb_release(&sb);
}

static void test_strbuf_detach(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	char *empty = sb_detach(&sb);
	assert_string_equal(empty, "");
	free(empty);
	sb_puts(&sb, "owned");
	char *p = sb_detach(&sb);
	assert_string_equal(p, "owned");
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	free(p);
	sb_puts(&sb, "again");
	assert_string_equal(sb_str(&sb), "again");
	sb_release(&sb);
}

static void check_json(const char *in, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;
	sb_json_string(&sb, in);
	assert_string_equal(sb_str(&sb), expected);
	/* and a JSON parser reads back exactly the input */
	struct strbuf doc = STRBUF_INIT;
	sb_printf(&doc, "[%s]", sb_str(&sb));
	json_error_t err;
	json_t *j = json_loads(sb_str(&doc), 0, &err);
	if (!j)
		fail_msg("jansson rejects %s: %s", sb_str(&doc), err.text);
	assert_string_equal(json_string_value(json_array_get(j, 0)), in);
	json_decref(j);
	sb_release(&doc);
	sb_release(&sb);
}

static void test_sb_json_string_escapes(void **state)
{
	(void)state;
	check_json("", "\"\"");
	check_json("plain", "\"plain\"");
	check_json("say \"hi\"", "\"say \\\"hi\\\"\"");
	check_json("C:\\path\\", "\"C:\\\\path\\\\\"");
	check_json("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	check_json("\x01\x08\x0c\x1b\x1f", "\"\\u0001\\u0008\\u000c\\u001b\\u001f\"");
	check_json("del\x7f ok", "\"del\x7f ok\""); /* DEL needs no escape in JSON */
	check_json("/slash/", "\"/slash/\"");
	check_json("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80",
	           "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
	/* appends to what is already there */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "k=");
	sb_json_string(&sb, "v");
	assert_string_equal(sb_str(&sb), "k=\"v\"");
	sb_release(&sb);
}

/* ---- dates ------------------------------------------------------------------ */

static void test_date_parse_valid(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		cg_date day;
	} ok[] = {
	    {"1970-01-01", 0},     {"2000-01-01", 10957},      {"2024-02-29", 19782},
	    {"2025-08-12", 20312}, {"0001-01-01", -719162},    {"9999-12-31", 2932896},
	    {"1969-12-31", -1},    {"2000-02-29", 10957 + 59}, {"2025-12-31", 20453},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(ok); i++) {
		cg_date d = CG_DATE_NONE;
		if (date_parse(ok[i].s, &d) != 0)
			fail_msg("date_parse rejects %s", ok[i].s);
		assert_int_equal(d, ok[i].day);
	}
}

static void test_date_parse_strict(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "2025-02-29", /* not a leap year */
	    "1900-02-29", /* century, not a leap year */
	    "2025-02-30",  "2025-04-31",  "2025-06-31",
	    "2025-09-31",  "2025-11-31",  "2025-13-01",
	    "2025-00-10",  "2025-01-00",  "2025-01-32",
	    "0000-01-01", /* year 0 does not exist */
	    "2025-1-01",   "2025-01-1",   "25-01-01",
	    "20250101",    "2025/01/01",  "2025-01-01 ",
	    " 2025-01-01", "2025-01-01x", "2025-01-01T00:00:00Z",
	    "+025-01-01",  "-025-01-01",  "2025-0a-01",
	    "2025--1-01",  "２025-01-01", "",
	    "2025-01-0\n",
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		cg_date d = 12345;
		if (date_parse(bad[i], &d) == 0)
			fail_msg("date_parse accepts '%s'", bad[i]);
		assert_int_equal(d, 12345); /* untouched on failure */
	}
	cg_date d;
	assert_int_equal(date_parse(NULL, &d), -1);
	/* a NUL inside the 10 bytes ends the string: too short */
	assert_int_equal(date_parse("2025-01\0-01", &d), -1);
}

static void test_date_format_round_trip(void **state)
{
	(void)state;
	/* every day of years 1..9999: format, parse back, compare; and the
	 * string sorts with the day number */
	cg_date first, last;
	assert_int_equal(date_parse("0001-01-01", &first), 0);
	assert_int_equal(date_parse("9999-12-31", &last), 0);
	char prev[11] = "";
	for (cg_date day = first; day <= last; day++) {
		char s[11];
		date_format(day, s);
		cg_date back;
		if (date_parse(s, &back) != 0 || back != day)
			fail_msg("day %d formats as '%s' which does not parse back", (int)day, s);
		if (prev[0] && strcmp(prev, s) >= 0)
			fail_msg("'%s' does not sort after '%s'", s, prev);
		memcpy(prev, s, sizeof(s));
	}
	/* cross-check against the C library for 1901..2100 */
	for (long long t = -2177452800LL; t < 4133980800LL; t += 86400LL * 7 + 3600) {
		time_t tt = (time_t)t;
		struct tm tm;
		assert_non_null(gmtime_r(&tt, &tm));
		char want[11], got[11];
		strftime(want, sizeof(want), "%Y-%m-%d", &tm);
		date_format((cg_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400), got);
		assert_string_equal(got, want);
		assert_int_equal(date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
		                 (cg_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400));
	}
}

static void test_time_format_utc(void **state)
{
	(void)state;
	char out[21];
	time_format_utc(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	time_format_utc(1754992800LL, out);
	assert_string_equal(out, "2025-08-12T10:00:00Z");
	time_format_utc(951868799LL, out);
	assert_string_equal(out, "2000-02-29T23:59:59Z");
	time_format_utc(253402300799LL, out);
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	time_format_utc(86399, out);
	assert_string_equal(out, "1970-01-01T23:59:59Z");
	time_format_utc(86400, out);
	assert_string_equal(out, "1970-01-02T00:00:00Z");
	for (long long t = 0; t < 4102444800LL; t += 7919LL * 3607) {
		time_t tt = (time_t)t;
		struct tm tm;
		char want[32];
		assert_non_null(gmtime_r(&tt, &tm));
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		time_format_utc(t, out);
		assert_string_equal(out, want);
	}
}

static void test_source_date_epoch(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1754992800", 1);
	assert_int_equal(time_now_epoch(), 1754992800LL);
	assert_int_equal(date_today(), 20312);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(time_now_epoch(), 0);
	assert_int_equal(date_today(), 0);
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1); /* 9999-12-31T23:59:59Z */
	assert_int_equal(time_now_epoch(), 253402300799LL);

	static const char *const bad[] = {
	    "abc", "-1", "12x", " 12", "12 ", "1.5", "0x10", "253402300800", "99999999999999999999",
	    "1e9"};
	long long now = (long long)time(NULL);
	cg_date today = (cg_date)(now / 86400);
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		if (time_now_epoch() != -1)
			fail_msg("SOURCE_DATE_EPOCH='%s' is accepted", bad[i]);
		/* date_today falls back to the real day */
		cg_date t = date_today();
		assert_true(t == today || t == today + 1);
	}
	/* empty and unset: the clock */
	setenv("SOURCE_DATE_EPOCH", "", 1);
	long long t = time_now_epoch();
	assert_true(t >= now && t <= now + 5);
	unsetenv("SOURCE_DATE_EPOCH");
	t = time_now_epoch();
	assert_true(t >= now && t <= now + 5);
}

/* ---- diagnostics ------------------------------------------------------------ */

static void test_diag_format(void **state)
{
	(void)state;
	struct diag d;
	diag_set(&d, "inv.cfg", 12, 7, "bad '%s'", "x");
	assert_diag(&d, "inv.cfg:12:7: bad 'x'");
	diag_set(&d, "inv.cfg", 12, 0, "no column");
	assert_diag(&d, "inv.cfg:12: no column");
	diag_set(&d, "inv.cfg", 0, 5, "column without a line is not shown");
	assert_diag(&d, "inv.cfg: column without a line is not shown");
	diag_set(&d, NULL, 3, 4, "no file");
	assert_diag(&d, "no file");
	diag_set(&d, "", 3, 4, "empty file name");
	assert_diag(&d, "empty file name");
	diag_clear(&d);
	assert_diag(&d, "unknown error");
	/* always one line */
	diag_set(&d, "f", 1, 1, "two\nlines\r\nhere");
	assert_diag(&d, "f:1:1: two lines  here");
	/* long messages and file names are cut, never overflow */
	char big[3000];
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_set(&d, big, 1, 1, "%s", big);
	assert_int_equal(strlen(d.file), sizeof(d.file) - 1);
	assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
	/* a NULL diag is ignored */
	diag_set(NULL, "f", 1, 1, "nothing");
}

static void test_diag_list(void **state)
{
	(void)state;
	struct diag_list l = {0};
	struct diag d;
	for (int i = 0; i < 100; i++) {
		diag_set(&d, "f", i + 1, 0, "error %d", i);
		diag_list_push(&l, &d);
	}
	assert_int_equal(l.n, 100);
	assert_int_equal(l.v[99].line, 100);
	assert_string_equal(l.v[42].msg, "error 42");
	diag_list_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void test_diag_excerpt_escapes(void **state)
{
	(void)state;
	char out[96];
	assert_string_equal(diag_excerpt(out, sizeof(out), "plain text", 10), "plain text");
	assert_string_equal(diag_excerpt(out, sizeof(out), "it's", 4), "it\\'s");
	assert_string_equal(diag_excerpt(out, sizeof(out), "a\\b", 3), "a\\\\b");
	assert_string_equal(diag_excerpt(out, sizeof(out), "say \"x\"", 7), "say \"x\"");
	assert_string_equal(diag_excerpt(out, sizeof(out), "a\nb\tc\x1b[0m\x7f", 10),
	                    "a\\x0ab\\x09c\\x1b[0m\\x7f");
	/* N bytes, even with a NUL inside */
	assert_string_equal(diag_excerpt(out, sizeof(out), "ab\0cd", 5), "ab\\x00cd");
	assert_string_equal(diag_excerpt(out, sizeof(out), "abcdef", 3), "abc");
	assert_string_equal(diag_excerpt(out, sizeof(out), "", 0), "");
	/* UTF-8 passes through */
	assert_string_equal(diag_excerpt(out, sizeof(out), "caf\xc3\xa9", 5), "caf\xc3\xa9");
}

static void test_diag_excerpt_truncation(void **state)
{
	(void)state;
	char out[96];
	char in[200];
	/* 60 characters are shown, then "..." */
	memset(in, 'a', 100);
	diag_excerpt(out, sizeof(out), in, 100);
	assert_int_equal(strlen(out), 63);
	assert_string_equal(out + 60, "...");
	memset(in, 'a', 60);
	diag_excerpt(out, sizeof(out), in, 60);
	assert_int_equal(strlen(out), 60); /* exactly 60: no ellipsis */

	/* a 2-byte character across the cut is dropped whole */
	memset(in, 'a', 59);
	memcpy(in + 59, "\xc3\xa9zzzz", 6);
	diag_excerpt(out, sizeof(out), in, 65);
	assert_int_equal(strlen(out), 62);
	assert_string_equal(out + 59, "...");
	assert_int_equal(text_validate("x", out, strlen(out), NULL), 0);
	/* a 3-byte character cut after its second byte */
	memset(in, 'a', 58);
	memcpy(in + 58, "\xe4\xb8\xadzz", 5);
	diag_excerpt(out, sizeof(out), in, 63);
	assert_string_equal(out + 58, "...");
	assert_int_equal(text_validate("x", out, strlen(out), NULL), 0);
	/* a 4-byte character cut after its first byte */
	memset(in, 'a', 59);
	memcpy(in + 59, "\xf0\x9f\x98\x80z", 5);
	diag_excerpt(out, sizeof(out), in, 64);
	assert_string_equal(out + 59, "...");
	assert_int_equal(text_validate("x", out, strlen(out), NULL), 0);
	/* all multi-byte text: the result is still valid UTF-8 */
	for (int i = 0; i < 40; i++)
		memcpy(in + 3 * i, "\xe4\xb8\xad", 3);
	diag_excerpt(out, sizeof(out), in, 120);
	assert_int_equal(text_validate("x", out, strlen(out), NULL), 0);
	assert_string_equal(out + strlen(out) - 3, "...");

	/* escapes are never split, and small buffers never overflow */
	memset(in, '\x01', 100);
	for (size_t size = 0; size < 40; size++) {
		char buf[64];
		memset(buf, '#', sizeof(buf));
		diag_excerpt(buf, size, in, 100);
		for (size_t i = size; i < sizeof(buf); i++)
			assert_int_equal(buf[i], '#');
		if (size == 0)
			continue;
		size_t n = strlen(buf);
		assert_true(n < size);
		const char *body = buf;
		size_t blen = n >= 3 && strcmp(buf + n - 3, "...") == 0 ? n - 3 : n;
		assert_int_equal(blen % 4, 0); /* whole "\x01" escapes only */
		for (size_t i = 0; i < blen; i += 4)
			assert_memory_equal(body + i, "\\x01", 4);
	}
}

/* ---- text validation ----------------------------------------------------- */

static void check_invalid(const char *text, size_t len, const char *expected)
{
	struct diag d;
	diag_clear(&d);
	assert_int_equal(text_validate("in.cfg", text, len, &d), -1);
	assert_diag(&d, expected);
}

#define INVALID(lit, expected) check_invalid(lit, sizeof(lit) - 1, expected)

static void test_text_validate(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "",
	    "ascii only\n",
	    "\xef\xbb\xbf"
	    "bom = 1;\n",
	    "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80",
	    "\xc2\x80",
	    "\xdf\xbf",
	    "\xe0\xa0\x80",
	    "\xed\x9f\xbf" /* U+D7FF */,
	    "\xee\x80\x80" /* U+E000 */,
	    "\xef\xbf\xbf",
	    "\xf0\x90\x80\x80",
	    "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
	    "mid\xef\xbb\xbf"
	    "bom",
	    "tab\tcr\r\n",
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(good); i++)
		if (text_validate("in.cfg", good[i], strlen(good[i]), NULL) != 0)
			fail_msg("good text %zu rejected", i);

	INVALID("a = 1;\nb = \"x\0y\";\n", "in.cfg:2:7: NUL byte in input");
	INVALID("\0", "in.cfg:1:1: NUL byte in input");
	INVALID("line1\nline2\n  \xff", "in.cfg:3:3: invalid UTF-8 (byte 0xff)");
	INVALID("\x80", "in.cfg:1:1: invalid UTF-8 (byte 0x80)");   /* lone continuation */
	INVALID("ab\xc3", "in.cfg:1:3: invalid UTF-8 (byte 0xc3)"); /* truncated at the end */
	INVALID("ab\xe4\xb8", "in.cfg:1:3: invalid UTF-8 (byte 0xe4)");
	INVALID("ab\xe4\xb8z", "in.cfg:1:3: invalid UTF-8 (byte 0xe4)"); /* bad continuation */
	INVALID("x\xc0\xaf", "in.cfg:1:2: invalid UTF-8 (byte 0xc0)");   /* overlong '/' */
	INVALID("x\xc1\xbf", "in.cfg:1:2: invalid UTF-8 (byte 0xc1)");
	INVALID("x\xe0\x80\xaf", "in.cfg:1:2: invalid UTF-8 (byte 0xe0)"); /* overlong, 3 bytes */
	INVALID("x\xe0\x9f\xbf", "in.cfg:1:2: invalid UTF-8 (byte 0xe0)");
	INVALID("x\xf0\x80\x80\xaf", "in.cfg:1:2: invalid UTF-8 (byte 0xf0)"); /* overlong, 4 */
	INVALID("x\xf0\x8f\xbf\xbf", "in.cfg:1:2: invalid UTF-8 (byte 0xf0)");
	INVALID("s\xed\xa0\x80", "in.cfg:1:2: invalid UTF-8 (byte 0xed)");    /* U+D800 */
	INVALID("s\xed\xbf\xbf", "in.cfg:1:2: invalid UTF-8 (byte 0xed)");    /* U+DFFF */
	INVALID("\xf4\x90\x80\x80", "in.cfg:1:1: invalid UTF-8 (byte 0xf4)"); /* > U+10FFFF */
	INVALID("\xf5\x80\x80\x80", "in.cfg:1:1: invalid UTF-8 (byte 0xf5)");
	INVALID("\xf8\x88\x80\x80\x80", "in.cfg:1:1: invalid UTF-8 (byte 0xf8)");
	INVALID("\xfe", "in.cfg:1:1: invalid UTF-8 (byte 0xfe)");
	/* columns are bytes: the BOM and multi-byte characters count */
	INVALID("\xef\xbb\xbf"
	        "ab\xff",
	        "in.cfg:1:6: invalid UTF-8 (byte 0xff)");
	INVALID("\xe4\xb8\xad\xff", "in.cfg:1:4: invalid UTF-8 (byte 0xff)");
	INVALID("a\r\n\xff", "in.cfg:2:1: invalid UTF-8 (byte 0xff)");
	/* a BOM that is cut short is not a BOM */
	INVALID("\xef\xbb", "in.cfg:1:1: invalid UTF-8 (byte 0xef)");
	/* LEN is honoured: bytes after it are not looked at */
	assert_int_equal(text_validate("in.cfg", "ok\xff", 2, NULL), 0);

	int line, col;
	text_position("ab\ncd\n\nx", 7, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	text_position("ab\ncd", 4, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
	text_position("abc", 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
}

/* ---- whole-file input ------------------------------------------------------ */

static void test_file_read_all(void **state)
{
	(void)state;
	char *p = tmp_path("in.txt");
	write_raw(p, "hello\0world", 11);
	char *buf;
	size_t len;
	struct diag d;
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(buf, "hello\0world", 12); /* NUL-terminated too */
	free(buf);

	char *e = tmp_path("empty");
	write_raw(e, "", 0);
	assert_int_equal(file_read_all(e, &buf, &len, &d), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);

	/* a file bigger than the initial stat size guess still reads whole */
	char big[200000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 23);
	char *b = tmp_path("big");
	write_raw(b, big, sizeof(big));
	assert_int_equal(file_read_all(b, &buf, &len, &d), 0);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(buf, big, sizeof(big));
	free(buf);
	free(b);
	free(e);
	free(p);
}

static void test_file_read_all_errors(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len;
	struct diag d;
	char *missing = tmp_path("missing.cfg");
	assert_int_equal(file_read_all(missing, &buf, &len, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: cannot open: No such file or directory", missing);
	assert_diag(&d, sb_str(&want));
	sb_reset(&want);

	assert_int_equal(file_read_all(tmpdir, &buf, &len, &d), -1);
	sb_printf(&want, "%s: is a directory", tmpdir);
	assert_diag(&d, sb_str(&want));
	assert_null(buf);
	sb_release(&want);
	free(missing);
}

static void test_file_read_all_size_cap(void **state)
{
	(void)state;
	assert_int_equal(input_size_limit(), (size_t)1 << 30);
	char *p = tmp_path("ten");
	write_raw(p, "0123456789", 10);
	char *buf;
	size_t len;
	struct diag d;
	setenv("CHIPGATE_MAX_INPUT", "10", 1);
	assert_int_equal(input_size_limit(), 10);
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0); /* exactly at the cap */
	assert_int_equal(len, 10);
	free(buf);
	setenv("CHIPGATE_MAX_INPUT", "9", 1);
	assert_int_equal(file_read_all(p, &buf, &len, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: file is larger than the input limit of 9 bytes", p);
	assert_diag(&d, sb_str(&want));
	sb_release(&want);

	/* a stream (stdin from a pipe) is capped while it is read */
	int fds[2], saved = dup(0);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "0123456789abcdef", 16), 16);
	close(fds[1]);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	setenv("CHIPGATE_MAX_INPUT", "12", 1);
	int rc = file_read_all("-", &buf, &len, &d);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	assert_int_equal(rc, -1);
	assert_diag(&d, "-: file is larger than the input limit of 12 bytes");

	/* a malformed or non-positive override is ignored */
	static const char *const bad[] = {"abc", "0", "-5", "10k", " 10", ""};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		setenv("CHIPGATE_MAX_INPUT", bad[i], 1);
		assert_int_equal(input_size_limit(), (size_t)1 << 30);
	}
	unsetenv("CHIPGATE_MAX_INPUT");
	free(p);
}

static void test_file_read_stdin(void **state)
{
	(void)state;
	int fds[2], saved = dup(0);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "from a pipe", 11), 11);
	close(fds[1]);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	char *buf;
	size_t len;
	struct diag d;
	int rc = file_read_all("-", &buf, &len, &d);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	assert_int_equal(rc, 0);
	assert_int_equal(len, 11);
	assert_string_equal(buf, "from a pipe");
	free(buf);
}

/* ---- inputs read once ------------------------------------------------------ */

/* A pipe whose write end a thread fills with LEN bytes of BUF (more than
 * the pipe holds), then closes: a reader sees a stream, not a file. */
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
			break; /* the reader stopped reading: EPIPE */
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

/* Start feeding BUF into a pipe; returns "/dev/fd/N" of its read end. */
static char *feed_pipe(struct feeder *f, const char *buf, size_t len)
{
	int fds[2];
	signal(SIGPIPE, SIG_IGN); /* a reader that stops early: the writer gets EPIPE */
	assert_int_equal(pipe(fds), 0);
	f->fd = fds[1];
	f->buf = buf;
	f->len = len;
	assert_int_equal(pthread_create(&f->th, NULL, feed_main, f), 0);
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "/dev/fd/%d", fds[0]);
	return sb_detach(&sb);
}

static void feed_done(struct feeder *f, const char *path)
{
	close(atoi(path + strlen("/dev/fd/")));
	pthread_join(f->th, NULL);
}

static void test_input_peek_then_read(void **state)
{
	(void)state;
	/* the bytes peeked at are read again from the buffer, not the pipe:
	 * what input_read_all returns is the whole stream, once */
	size_t n = 300000;
	char *src = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		src[i] = (char)('a' + i % 26);
	struct feeder f;
	char *path = feed_pipe(&f, src, n);
	struct input in;
	struct diag d;
	assert_int_equal(input_open(&in, path, &d), 0);
	const char *head;
	size_t hlen;
	assert_int_equal(input_peek(&in, 4096, &head, &hlen, &d), 0);
	assert_int_equal(hlen, 4096);
	assert_memory_equal(head, src, 4096);
	char small[10];
	assert_int_equal(input_read(&in, small, sizeof(small), &d), 10);
	assert_memory_equal(small, src, 10);
	char *buf;
	size_t len;
	assert_int_equal(input_read_all(&in, true, &buf, &len, &d), 0);
	assert_int_equal(len, n - 10);
	assert_memory_equal(buf, src + 10, n - 10);
	assert_int_equal(in.total, n); /* every byte read from the pipe once */
	free(buf);
	input_close(&in);
	feed_done(&f, path);
	free(path);
	free(src);
}

static void test_input_limit_counts_bytes_read(void **state)
{
	(void)state;
	/* a pipe has no size to stat: the limit is passed while reading, and
	 * reading stops there (not at the end of the stream) */
	size_t n = 4 << 20;
	char *src = xmalloc(n);
	memset(src, 'x', n);
	struct feeder f;
	char *path = feed_pipe(&f, src, n);
	setenv("CHIPGATE_MAX_INPUT", "100000", 1);
	struct input in;
	struct diag d;
	char *buf = NULL;
	size_t len;
	assert_int_equal(input_open(&in, path, &d), 0);
	assert_int_equal(input_read_all(&in, false, &buf, &len, &d), -1);
	assert_null(buf);
	assert_int_equal(in.total, 100001);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: file is larger than the input limit of 100000 bytes", path);
	assert_diag(&d, sb_str(&want));
	input_close(&in);
	feed_done(&f, path);
	free(path);

	/* a regular file over the limit is refused before a byte is read */
	char *p = tmp_path("sparse");
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 200000), 0);
	close(fd);
	assert_int_equal(input_open(&in, p, &d), -1);
	sb_reset(&want);
	sb_printf(&want, "%s: file is larger than the input limit of 100000 bytes", p);
	assert_diag(&d, sb_str(&want));
	unsetenv("CHIPGATE_MAX_INPUT");
	sb_release(&want);
	free(p);
	free(src);
}

static void test_input_text_refused_early(void **state)
{
	(void)state;
	/* binary input is refused at its first bad byte, after one buffer,
	 * not after the whole stream (or the size limit) */
	size_t n = 8 << 20;
	char *src = xcalloc(1, n);
	memcpy(src, "abc\ndef", 7); /* the NUL at 2:4 */
	struct feeder f;
	char *path = feed_pipe(&f, src, n);
	struct input in;
	struct diag d;
	char *buf;
	size_t len;
	assert_int_equal(input_open(&in, path, &d), 0);
	assert_int_equal(input_read_all(&in, true, &buf, &len, &d), -1);
	assert_true(in.total <= 65536);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s:2:4: NUL byte in input", path);
	assert_diag(&d, sb_str(&want));
	input_close(&in);
	feed_done(&f, path);
	free(path);

	/* a UTF-8 sequence cut by a buffer's end is not an error: the first
	 * fill of a stream is 65535 bytes, and "\xc3\xa9" straddles it */
	memset(src, 'a', 70000);
	memcpy(src + 65534, "\xc3\xa9", 2);
	path = feed_pipe(&f, src, 70000);
	assert_int_equal(input_open(&in, path, &d), 0);
	assert_int_equal(input_read_all(&in, true, &buf, &len, &d), 0);
	assert_int_equal(len, 70000);
	free(buf);
	input_close(&in);
	feed_done(&f, path);
	free(path);
	/* and one that is invalid there is found when the rest comes */
	memcpy(src + 65534, "\xc3(", 2);
	path = feed_pipe(&f, src, 70000);
	assert_int_equal(input_open(&in, path, &d), 0);
	assert_int_equal(input_read_all(&in, true, &buf, &len, &d), -1);
	sb_reset(&want);
	sb_printf(&want, "%s:1:65535: invalid UTF-8 (byte 0xc3)", path);
	assert_diag(&d, sb_str(&want));
	input_close(&in);
	feed_done(&f, path);
	free(path);
	/* file_read_all keeps binary input: keys may be DER */
	char *p = tmp_path("bin");
	write_raw(p, "\0\xff", 2);
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	free(buf);
	assert_int_equal(file_read_text(p, &buf, &len, &d), -1);
	sb_reset(&want);
	sb_printf(&want, "%s:1:1: NUL byte in input", p);
	assert_diag(&d, sb_str(&want));
	sb_release(&want);
	free(p);
	free(src);
}

/* ---- atomic output -------------------------------------------------------- */

static mode_t file_mode(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void test_outfile_commit(void **state)
{
	(void)state;
	mode_t old = umask(022);
	char *p = tmp_path("report.json");
	struct outfile of;
	struct diag d;
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	assert_non_null(of.fp);
	assert_non_null(of.tmp);
	/* the temporary file lives beside the target, the target is absent */
	assert_int_equal(strncmp(of.tmp, tmpdir, strlen(tmpdir)), 0);
	assert_int_equal(access(p, F_OK), -1);
	fputs("{\"ok\":true}\n", of.fp);
	assert_int_equal(outfile_commit(&of, &d), 0);
	assert_null(of.fp);
	assert_null(of.tmp);
	assert_scratch_is("report.json", false);
	assert_int_equal(file_mode(p), 0644);
	char *buf;
	size_t len;
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_string_equal(buf, "{\"ok\":true}\n");
	free(buf);

	/* replacing an existing file */
	assert_int_equal(write_file_atomic(p, "new", 3, 0644, &d), 0);
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_string_equal(buf, "new");
	free(buf);
	assert_scratch_is("report.json", false);
	/* an empty buffer makes an empty file */
	assert_int_equal(write_file_atomic(p, "", 0, 0644, &d), 0);
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_int_equal(len, 0);
	free(buf);
	umask(old);
	free(p);
}

static void test_outfile_abort(void **state)
{
	(void)state;
	char *p = tmp_path("never.json");
	struct outfile of;
	struct diag d;
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	fputs("half a report", of.fp);
	fflush(of.fp);
	char *listing = scratch_listing(false);
	assert_int_equal(strncmp(listing, ".chipgate-", 10), 0); /* the temporary file */
	free(listing);
	outfile_abort(&of);
	assert_scratch_is("", false);
	assert_int_equal(access(p, F_OK), -1);
	outfile_abort(&of); /* safe twice */
	assert_scratch_is("", false);

	/* aborting leaves an existing target untouched */
	assert_int_equal(write_file_atomic(p, "old", 3, 0644, &d), 0);
	assert_int_equal(outfile_open(&of, p, 0644, &d), 0);
	fputs("replacement", of.fp);
	outfile_abort(&of);
	assert_scratch_is("never.json", false);
	char *buf;
	size_t len;
	assert_int_equal(file_read_all(p, &buf, &len, &d), 0);
	assert_string_equal(buf, "old");
	free(buf);
	free(p);
}

static void test_outfile_modes(void **state)
{
	(void)state;
	static const struct {
		mode_t umask;
		unsigned mode;
		mode_t want;
	} cases[] = {
	    {022, 0644, 0644}, {022, 0600, 0600}, {022, 0640, 0640},
	    {077, 0644, 0600}, {027, 0644, 0640}, {0, 0666, 0666},
	};
	struct diag d;
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		mode_t old = umask(cases[i].umask);
		char *p = tmp_path("m");
		int rc = write_file_atomic(p, "x", 1, cases[i].mode, &d);
		umask(old);
		assert_int_equal(rc, 0);
		if (file_mode(p) != cases[i].want)
			fail_msg("case %zu: mode %o, want %o", i, (unsigned)file_mode(p),
			         (unsigned)cases[i].want);
		unlink(p);
		free(p);
	}
	assert_scratch_is("", false);
}

static void test_outfile_failures_leave_nothing(void **state)
{
	(void)state;
	struct outfile of;
	struct diag d;
	/* the directory does not exist */
	char *p = tmp_path("nodir/report.json");
	assert_int_equal(outfile_open(&of, p, 0644, &d), -1);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "%s: cannot create a temporary file beside it: No such file or directory",
	          p);
	assert_diag(&d, sb_str(&want));
	sb_reset(&want);
	free(p);

	/* a directory is refused at once, and nothing is made */
	char *dir = tmp_path("target");
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(outfile_open(&of, dir, 0644, &d), -1);
	assert_string_equal(d.msg, "is a directory");
	assert_scratch_is("target", false);

	/* rename fails (the target became a non-empty directory meanwhile):
	 * the temporary file is removed */
	char *late = tmp_path("late");
	char *inner = tmp_path("late/keep");
	assert_int_equal(outfile_open(&of, late, 0644, &d), 0);
	fputs("data", of.fp);
	assert_int_equal(mkdir(late, 0755), 0);
	write_raw(inner, "k", 1);
	assert_int_equal(outfile_commit(&of, &d), -1);
	assert_int_equal(strncmp(d.msg, "cannot rename into place: ", 26), 0);
	assert_string_equal(d.file, late);
	assert_scratch_is("late target", false);
	assert_null(of.tmp);
	unlink(inner);
	rmdir(late);
	rmdir(dir);
	free(inner);
	free(late);
	free(dir);
	sb_release(&want);

	/* commit without an open file */
	memset(&of, 0, sizeof(of));
	assert_int_equal(outfile_commit(&of, &d), -1);
}

static void test_outfile_relative_and_stdout(void **state)
{
	(void)state;
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	struct diag d;
	int rc = write_file_atomic("plain.txt", "p", 1, 0644, &d);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	assert_scratch_is("plain.txt", false);

	/* standard output: written as it comes, never a temporary file */
	struct outfile of;
	assert_int_equal(outfile_open(&of, "-", 0644, &d), 0);
	assert_non_null(of.fp);
	assert_null(of.tmp);
	assert_null(of.path);
	assert_int_equal(outfile_commit(&of, &d), 0);
	assert_int_equal(outfile_open(&of, NULL, 0644, &d), 0);
	assert_null(of.tmp);
	outfile_abort(&of); /* must not close stdout */
	assert_true(fileno(stdout) >= 0);
	assert_int_equal(fflush(stdout), 0);
}

/* ---- numbers and strings ---------------------------------------------------- */

static void test_parse_double(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		double v;
	} ok[] = {
	    {"0", 0},    {"1.5", 1.5}, {"-2", -2},        {"+3", 3},   {"1e3", 1000},
	    {".5", 0.5}, {"5.", 5},    {"2.5E-2", 0.025}, {"-0.0", 0}, {"1e308", 1e308},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(ok); i++) {
		double v = NAN;
		if (parse_double(ok[i].s, &v) != 0)
			fail_msg("parse_double rejects '%s'", ok[i].s);
		assert_true(v == ok[i].v);
	}
	static const char *const bad[] = {"",    " 1",   "1 ",    "abc", "1,5", "0x10",  "inf",
	                                  "nan", "-inf", "1e400", "1e",  "--1", "1.2.3", "e5",
	                                  "1 2", "\t1",  "+",     "-",   ".",   "1d"};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		double v = 42;
		if (parse_double(bad[i], &v) == 0)
			fail_msg("parse_double accepts '%s'", bad[i]);
		assert_true(v == 42);
	}
	double v;
	assert_int_equal(parse_double(NULL, &v), -1);
}

static void test_parse_ll(void **state)
{
	(void)state;
	long long v = 0;
	assert_int_equal(parse_ll("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_ll("0", 0, 100, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_ll("100", 0, 100, &v), 0); /* bounds are inclusive */
	assert_int_equal(parse_ll("-7", -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(parse_ll("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(parse_ll("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);
	/* plain digits take a fast path: the same values up to 18 digits and
	 * past them, leading zeros included */
	assert_int_equal(parse_ll("007", 0, 100, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_ll("999999999999999999", 0, LLONG_MAX, &v), 0);
	assert_true(v == 999999999999999999LL);
	assert_int_equal(parse_ll("1000000000000000000", 0, LLONG_MAX, &v), 0);
	assert_true(v == 1000000000000000000LL);
	assert_int_equal(parse_ll("0000000000000000000042", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_ll("1000000000", 1, 1000000000, &v), 0); /* MAX_QUANTITY */
	assert_int_equal(parse_ll("1000000001", 1, 1000000000, &v), -1);
	assert_int_equal(parse_ll("0", 1, 10, &v), -1);
	assert_int_equal(parse_ll("+5", 0, 10, &v), 0); /* as strtoll */
	assert_int_equal(v, 5);
	static const char *const bad[] = {"101",
	                                  "-1",
	                                  "",
	                                  " 1",
	                                  "1 ",
	                                  "1.0",
	                                  "0x10",
	                                  "1e3",
	                                  "abc",
	                                  "12a",
	                                  "9223372036854775808",
	                                  "-9223372036854775809",
	                                  "--1",
	                                  "+",
	                                  "\n1"};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		v = 5;
		if (parse_ll(bad[i], i < 2 ? 0 : LLONG_MIN, i < 2 ? 100 : LLONG_MAX, &v) == 0)
			fail_msg("parse_ll accepts '%s'", bad[i]);
		assert_int_equal(v, 5);
	}
	assert_int_equal(parse_ll(NULL, 0, 1, &v), -1);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(edit_distance("", "", 2), 0);
	assert_int_equal(edit_distance("same", "same", 0), 0);
	assert_int_equal(edit_distance("ab", "ba", 5), 2);
	assert_int_equal(edit_distance("quantiy", "quantity", 2), 1);
	assert_int_equal(edit_distance("H2O", "H20", 2), 1);
	assert_int_equal(edit_distance("abc", "", 5), 3);
	/* larger than CAP: exactly CAP + 1, whatever the real distance */
	assert_int_equal(edit_distance("abc", "xyz", 1), 2);
	assert_int_equal(edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(edit_distance("", "abcdef", 2), 3);
	assert_int_equal(edit_distance("abcdef", "", 2), 3);
	assert_int_equal(edit_distance("ab", "abcdef", 2), 3);
	assert_int_equal(edit_distance("x", "xyzxyzxyz", 0), 1);
	char long65[66];
	memset(long65, 'a', 65);
	long65[65] = '\0';
	assert_int_equal(edit_distance(long65, long65, 3), 4); /* over 64 bytes */
	long65[64] = '\0';
	assert_int_equal(edit_distance(long65, long65, 3), 0);
}

static void test_misc_helpers(void **state)
{
	(void)state;
	assert_true(str_eq_nocase("NVIDIA", "nvidia"));
	assert_false(str_eq_nocase("NVIDIA", "nvidia "));
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	assert_string_equal(hex,
	                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_true(hash_bytes("a", 1) != hash_bytes("b", 1));
	assert_true(hash_bytes("", 0) == 1469598103934665603ULL);
	/* hash_mem: every byte and the length count, in words and the tail */
	static const char zeros[16];
	assert_true(hash_mem("abcdefghij", 10) == hash_mem("abcdefghij", 10));
	assert_true(hash_mem("abcdefghij", 10) != hash_mem("abcdefghiJ", 10));
	assert_true(hash_mem("abcdefghij", 10) != hash_mem("Abcdefghij", 10));
	assert_true(hash_mem(zeros, 3) != hash_mem(zeros, 4));
	assert_true(hash_mem(zeros, 8) != hash_mem(zeros, 9));
	/* the tail is read in fixed-size, overlapping loads: at every length,
	 * a change in any one byte changes the hash, and bytes past the end
	 * are never read (a buffer of exactly N bytes, under ASan) */
	for (size_t n = 1; n <= 24; n++) {
		char *b = xmalloc(n);
		memset(b, 'x', n);
		uint64_t h = hash_mem(b, n);
		for (size_t i = 0; i < n; i++) {
			b[i] = 'y';
			assert_true(hash_mem(b, n) != h);
			b[i] = 'x';
		}
		assert_true(hash_mem(b, n) == h);
		free(b);
	}
	assert_true((hash_mem("srv-0000001", 11) & 1023) != (hash_mem("srv-0000002", 11) & 1023) ||
		    (hash_mem("srv-0000001", 11) & 1023) != (hash_mem("srv-0000003", 11) & 1023));
	assert_non_null(embedded_find("catalog.cfg"));
	assert_null(embedded_find("no-such-file.cfg"));
	const struct embedded_file *f = embedded_find("catalog.cfg");
	assert_int_equal(f->data[f->len], 0);
	assert_int_equal(strlen((const char *)f->data), f->len);
}

/* ---- libconfig audit --------------------------------------------------------- */

static void check_cfg_error(const char *text, size_t len, const char *expected)
{
	struct cfgdoc doc;
	struct diag d;
	diag_clear(&d);
	if (cfgdoc_load_text(&doc, "t.cfg", text, len, &d) == 0) {
		cfgdoc_free(&doc);
		fail_msg("accepted: %s", text);
	}
	assert_diag(&d, expected);
	assert_false(doc.loaded);
	assert_null(doc.buf);
}

static void check_cfg_ok(const char *text, size_t len)
{
	struct cfgdoc doc;
	struct diag d;
	diag_clear(&d);
	if (cfgdoc_load_text(&doc, "t.cfg", text, len, &d) != 0) {
		char *m = diag_text(&d);
		fail_msg("rejected: %s: %s", text, m);
	}
	cfgdoc_free(&doc);
}

#define CFG_BAD(lit, expected) check_cfg_error(lit, sizeof(lit) - 1, expected)
#define CFG_OK(lit) check_cfg_ok(lit, sizeof(lit) - 1)

static void test_cfg_audit_integers(void **state)
{
	(void)state;
	CFG_OK("a = 2147483647;\n");
	CFG_OK("a = -2147483648;\n");
	CFG_OK("a = 2147483648L;\n");
	CFG_OK("a = 9223372036854775807L;\n");
	CFG_OK("a = -9223372036854775808L;\n");
	CFG_OK("a = 0xFFFFFFFF;\n");
	CFG_OK("a = 0x7FFFFFFFFFFFFFFFL;\n");
	CFG_BAD("a = 2147483648;\n", "t.cfg:1:5: number out of range '2147483648'");
	CFG_BAD("x = 1;\n\n  big = -2147483649;\n", "t.cfg:3:9: number out of range '-2147483649'");
	CFG_BAD("a = 9223372036854775808L;\n",
	        "t.cfg:1:5: number out of range '9223372036854775808L'");
	CFG_BAD("a = ( 1, 2,\n      99999999999999999999999L );\n",
	        "t.cfg:2:7: number out of range '99999999999999999999999L'");
	CFG_BAD("a = 0x100000000;\n", "t.cfg:1:5: number out of range '0x100000000'");
	/* inside a group, after a string and a comment on the same line */
	CFG_BAD("g = { s = \"1\"; /* 3 */ n = 4294967296; };\n",
	        "t.cfg:1:28: number out of range '4294967296'");
	/* numbers inside strings, comments and names are not numbers */
	CFG_OK("s = \"99999999999999999999\"; # 99999999999999999999\n"
	       "// 1e400\n/* 2147483648\n 1e999 */ h100x99999999999 = 1;\nk-99999999999 = 2;\n");
}

static void test_cfg_audit_floats(void **state)
{
	(void)state;
	CFG_OK("a = 1e308;\nb = -1.5e-300;\nc = 1e-400;\n"); /* underflow to 0 is harmless */
	CFG_BAD("a = 1e400;\n", "t.cfg:1:5: number out of range '1e400'");
	CFG_BAD("list = [ 1.0,\n  -1.7e309 ];\n", "t.cfg:2:3: number out of range '-1.7e309'");
	CFG_BAD("a = 1.0E+999;\n", "t.cfg:1:5: number out of range '1.0E+999'");
}

static void test_cfg_audit_directives_and_escapes(void **state)
{
	(void)state;
	CFG_BAD("@include \"/etc/passwd\"\n",
	        "t.cfg:1:1: directives are not supported '@include \"/etc/passwd\"'");
	CFG_BAD("a = 1;\n   @include \"other.cfg\"\nb = 2;\n",
	        "t.cfg:2:4: directives are not supported '@include \"other.cfg\"'");
	/* after a UTF-8 byte order mark: libconfig would follow it */
	CFG_BAD("\xef\xbb\xbf@include \"/etc/passwd\"\n",
	        "t.cfg:1:4: directives are not supported '@include \"/etc/passwd\"'");
	CFG_OK("a = \"@include \\\"x\\\"\"; # @include\n");
	CFG_BAD("a = \"ab\\x00cd\";\n", "t.cfg:1:8: NUL escape in string '\\\\x00'");
	CFG_BAD("a = \"ok\";\nb = \"\\\"q\\\" \\x00\";\n",
	        "t.cfg:2:12: NUL escape in string '\\\\x00'");
	CFG_OK("a = \"\\\\x00 is text\";\n"); /* an escaped backslash, then text */
	CFG_OK("a = \"\\x41\";\n");
	/* raw bytes */
	CFG_BAD("a = \"x\0\";\n", "t.cfg:1:7: NUL byte in input");
	CFG_BAD("a = 1;\nb = \"\xc3\x28\";\n", "t.cfg:2:6: invalid UTF-8 (byte 0xc3)");
	CFG_OK("\xef\xbb\xbf"
	       "a = \"caf\xc3\xa9\";\n");
}

static void test_cfg_syntax_error(void **state)
{
	(void)state;
	CFG_BAD("a = 1;\nb = ( { x = 1; \n", "t.cfg:3: syntax error");
	CFG_BAD("a = ;\n", "t.cfg:1: syntax error");
}

static void test_cfg_load_file(void **state)
{
	(void)state;
	char *p = tmp_path("doc.cfg");
	write_raw(p, "a = 1;\n", 7);
	struct cfgdoc doc;
	struct diag d;
	assert_int_equal(cfgdoc_load_file(&doc, p, &d), 0);
	char want[SHA256_HEX_LEN + 1];
	sha256_hex("a = 1;\n", 7, want);
	assert_string_equal(doc.sha256, want);
	cfgdoc_free(&doc);
	cfgdoc_free(&doc); /* twice is harmless */
	char *q = tmp_path("bad.cfg");
	write_raw(q, "\n\nx = 2147483648;\n", 18);
	assert_int_equal(cfgdoc_load_file(&doc, q, &d), -1);
	struct strbuf w = STRBUF_INIT;
	sb_printf(&w, "%s:3:5: number out of range '2147483648'", q);
	assert_diag(&d, sb_str(&w));
	sb_release(&w);
	free(q);
	free(p);
}

/* ---- typed getters --------------------------------------------------------- */

static const char getter_text[] =
    "g = {\n"
    "  s = \"text\"; empty = \"\"; n = 2.5; i = 42; big = 5000000000L;\n"
    "  b = true; d = \"2025-02-30\"; good_d = \"2024-02-29\";\n"
    "  list = [\"a\", \"b\"]; mixed = (\"a\", 1); one = \"x\"; grp = { };\n"
    "  note = \"i = 1; x = 2\"; x = \"bad\\xff\";\n"
    "  holes = (\"a\", \"\");\n"
    "};\n";

static void with_getter_doc(struct cfgdoc *doc, config_setting_t **g)
{
	struct diag d;
	assert_int_equal(cfgdoc_load_text(doc, "g.cfg", getter_text, sizeof(getter_text) - 1, &d),
	                 0);
	*g = config_lookup(&doc->cfg, "g");
	assert_non_null(*g);
}

static void test_cfg_getters(void **state)
{
	(void)state;
	struct cfgdoc doc;
	config_setting_t *g;
	with_getter_doc(&doc, &g);
	struct diag d;
	const char *s = NULL;
	assert_int_equal(cfg_string(&doc, g, "s", true, &s, &d), 0);
	assert_string_equal(s, "text");
	s = NULL;
	assert_int_equal(cfg_string(&doc, g, "absent", false, &s, &d), 0);
	assert_null(s);
	assert_int_equal(cfg_string(&doc, g, "absent", true, &s, &d), -1);
	assert_diag(&d, "g.cfg:1:1: missing required setting 'absent'");
	assert_int_equal(cfg_string(&doc, g, "empty", true, &s, &d), -1);
	assert_diag(&d, "g.cfg:2:15: 'empty' must not be empty");
	assert_int_equal(cfg_string(&doc, g, "empty", false, &s, &d), 0);
	assert_int_equal(cfg_string(&doc, g, "i", true, &s, &d), -1);
	assert_diag(&d, "g.cfg:2:36: 'i' must be a string, not an integer");

	double v = 0;
	assert_int_equal(cfg_number(&doc, g, "n", true, 0, 10, &v, &d), 0);
	assert_true(v == 2.5);
	assert_int_equal(cfg_number(&doc, g, "i", true, 0, 100, &v, &d), 0);
	assert_true(v == 42);
	assert_int_equal(cfg_number(&doc, g, "n", true, 3, 10, &v, &d), -1);
	assert_diag(&d, "g.cfg:2:27: 'n' must be between 3 and 10, not 2.5");
	assert_int_equal(cfg_number(&doc, g, "s", true, 0, 1, &v, &d), -1);
	assert_diag(&d, "g.cfg:2:3: 's' must be a number, not a string");
	v = 7;
	assert_int_equal(cfg_number(&doc, g, "absent", false, 0, 1, &v, &d), 0);
	assert_true(v == 7); /* left alone */

	long long ll = 0;
	assert_int_equal(cfg_int(&doc, g, "big", true, 0, LLONG_MAX, &ll, &d), 0);
	assert_true(ll == 5000000000LL);
	assert_int_equal(cfg_int(&doc, g, "big", true, 0, 1000, &ll, &d), -1);
	assert_diag(&d, "g.cfg:2:44: 'big' must be between 0 and 1000, not 5000000000");
	assert_int_equal(cfg_int(&doc, g, "n", true, 0, 10, &ll, &d), -1);
	assert_diag(&d, "g.cfg:2:27: 'n' must be a whole number, not a number");

	int b = -1;
	assert_int_equal(cfg_bool(&doc, g, "b", true, &b, &d), 0);
	assert_int_equal(b, 1);
	assert_int_equal(cfg_bool(&doc, g, "s", true, &b, &d), -1);
	assert_diag(&d, "g.cfg:2:3: 's' must be a boolean (true or false), not a string");

	cg_date day = CG_DATE_NONE;
	assert_int_equal(cfg_date(&doc, g, "good_d", true, &day, &d), 0);
	assert_int_equal(day, 19782);
	assert_int_equal(cfg_date(&doc, g, "d", true, &day, &d), -1);
	assert_diag(&d, "g.cfg:3:13: 'd' is not a date (YYYY-MM-DD): '2025-02-30'");
	cfgdoc_free(&doc);
}

static void test_cfg_list_getters(void **state)
{
	(void)state;
	struct cfgdoc doc;
	config_setting_t *g;
	with_getter_doc(&doc, &g);
	struct arena a;
	arena_init(&a);
	struct diag d;
	const char **v;
	size_t n;
	assert_int_equal(cfg_strings(&doc, g, "list", false, &a, &v, &n, &d), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[1], "b");
	assert_int_equal(cfg_strings(&doc, g, "absent", false, &a, &v, &n, &d), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(cfg_strings(&doc, g, "one", true, &a, &v, &n, &d), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "x");
	assert_int_equal(cfg_strings(&doc, g, "one", false, &a, &v, &n, &d), -1);
	assert_diag(&d, "g.cfg:4:40: 'one' must be a list of strings, not a string");
	assert_int_equal(cfg_strings(&doc, g, "mixed", false, &a, &v, &n, &d), -1);
	assert_diag(&d, "g.cfg:4:22: 'mixed' must be a list of strings; item 2 is an integer");
	assert_int_equal(cfg_strings(&doc, g, "holes", false, &a, &v, &n, &d), -1);
	assert_diag(&d, "g.cfg:6:3: 'holes' item 2 is empty");

	config_setting_t *m;
	assert_int_equal(cfg_aggregate(&doc, g, "grp", CONFIG_TYPE_GROUP, true, &m, &d), 0);
	assert_non_null(m);
	assert_int_equal(cfg_aggregate(&doc, g, "list", CONFIG_TYPE_GROUP, true, &m, &d), -1);
	assert_diag(&d, "g.cfg:4:3: 'list' must be a group, not an array");
	assert_int_equal(cfg_aggregate(&doc, g, "nope", CONFIG_TYPE_LIST, false, &m, &d), 0);
	assert_null(m);

	static const char *const allowed[] = {"s",    "empty",  "n",     "i",     "big", "b",
	                                      "d",    "good_d", "list",  "mixed", "one", "grp",
	                                      "note", "x",      "holes", NULL};
	assert_int_equal(cfg_check_members(&doc, g, allowed, &d), 0);
	static const char *const fewer[] = {"s", "empty", "n", "i", "bag", NULL};
	assert_int_equal(cfg_check_members(&doc, g, fewer, &d), -1);
	assert_diag(&d, "g.cfg:2:44: unknown setting 'big' (did you mean 'bag'?)");
	static const char *const none[] = {"zzzzzz", NULL};
	assert_int_equal(cfg_check_members(&doc, g, none, &d), -1);
	assert_diag(&d, "g.cfg:2:3: unknown setting 's'");
	arena_release(&a);
	cfgdoc_free(&doc);
}

static void test_cfg_columns(void **state)
{
	(void)state;
	struct cfgdoc doc;
	config_setting_t *g;
	with_getter_doc(&doc, &g);
	struct diag d;
	/* 'x' also appears inside the string before it on the same line:
	 * the column is the real setting's */
	const char *s;
	assert_int_equal(cfg_string(&doc, g, "x", true, &s, &d), -1);
	assert_diag(&d, "g.cfg:5:26: 'x' is not valid UTF-8");
	assert_int_equal(cfg_col(&doc, config_setting_get_member(g, "note")), 3);
	assert_int_equal(cfg_col(&doc, g), 1);
	assert_int_equal(cfg_line(config_setting_get_member(g, "holes")), 6);
	assert_string_equal(cfg_type_name(CONFIG_TYPE_LIST), "list");
	assert_string_equal(cfg_type_name(CONFIG_TYPE_INT64), "integer");
	assert_string_equal(cfg_type_name(CONFIG_TYPE_NONE), "nothing");
	cfgdoc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arena_alloc_aligned_zeroed),
	    cmocka_unit_test(test_arena_many_chunks_and_big_blocks),
	    cmocka_unit_test(test_arena_strings),
	    cmocka_unit_test(test_strbuf_basics),
	    cmocka_unit_test(test_strbuf_printf_grows),
	    cmocka_unit_test(test_strbuf_detach),
	    cmocka_unit_test(test_sb_json_string_escapes),
	    cmocka_unit_test(test_date_parse_valid),
	    cmocka_unit_test(test_date_parse_strict),
	    cmocka_unit_test(test_date_format_round_trip),
	    cmocka_unit_test(test_time_format_utc),
	    cmocka_unit_test_setup(test_source_date_epoch, clean_before),
	    cmocka_unit_test(test_diag_format),
	    cmocka_unit_test(test_diag_list),
	    cmocka_unit_test(test_diag_excerpt_escapes),
	    cmocka_unit_test(test_diag_excerpt_truncation),
	    cmocka_unit_test(test_text_validate),
	    cmocka_unit_test_setup(test_file_read_all, clean_before),
	    cmocka_unit_test_setup(test_file_read_all_errors, clean_before),
	    cmocka_unit_test_setup(test_file_read_all_size_cap, clean_before),
	    cmocka_unit_test_setup(test_file_read_stdin, clean_before),
	    cmocka_unit_test(test_input_peek_then_read),
	    cmocka_unit_test_setup(test_input_limit_counts_bytes_read, clean_before),
	    cmocka_unit_test_setup(test_input_text_refused_early, clean_before),
	    cmocka_unit_test_setup(test_outfile_commit, clean_before),
	    cmocka_unit_test_setup(test_outfile_abort, clean_before),
	    cmocka_unit_test_setup(test_outfile_modes, clean_before),
	    cmocka_unit_test_setup(test_outfile_failures_leave_nothing, clean_before),
	    cmocka_unit_test_setup(test_outfile_relative_and_stdout, clean_before),
	    cmocka_unit_test(test_parse_double),
	    cmocka_unit_test(test_parse_ll),
	    cmocka_unit_test(test_edit_distance),
	    cmocka_unit_test(test_misc_helpers),
	    cmocka_unit_test(test_cfg_audit_integers),
	    cmocka_unit_test(test_cfg_audit_floats),
	    cmocka_unit_test(test_cfg_audit_directives_and_escapes),
	    cmocka_unit_test(test_cfg_syntax_error),
	    cmocka_unit_test_setup(test_cfg_load_file, clean_before),
	    cmocka_unit_test(test_cfg_getters),
	    cmocka_unit_test(test_cfg_list_getters),
	    cmocka_unit_test(test_cfg_columns),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
