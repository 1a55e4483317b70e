/* Unit tests for src/attest/jscan.c, the validating JSON scanner that
 * reads envelopes and Statements in pieces: it must accept exactly what
 * jansson accepts with JSON_REJECT_DUPLICATES (numbers out of range
 * aside), for any split of the input into chunks -- checked on a corpus
 * of hand-written cases and on thousands of mutations of them -- and
 * report the events, captures and streamed strings its callers use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "attest/jscan.h"

/* Scan TEXT (N bytes) in chunks of CHUNK bytes (0: one piece). */
static int scan_chunked(const char *text, size_t n, size_t chunk, struct jscan *s)
{
	jscan_init(s);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n;) {
		size_t k = chunk && n - i > chunk ? chunk : n - i;
		rc = jscan_feed(s, text + i, k);
		i += k;
	}
	if (rc == 0)
		rc = jscan_finish(s);
	jscan_release(s);
	return rc;
}

/* jansson's verdict, or -2 when it refuses a number only (not checked). */
static int jansson_verdict(const char *text, size_t n)
{
	json_error_t e;
	json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (j) {
		json_decref(j);
		return 0;
	}
	if (strstr(e.text, "overflow") || strstr(e.text, "too big"))
		return -2;
	return -1;
}

static void agree(const char *text, size_t n)
{
	int want = jansson_verdict(text, n);
	if (want == -2)
		return;
	static const size_t chunks[] = {0, 1, 2, 3, 7, 64};
	for (size_t c = 0; c < CG_ARRAY_LEN(chunks); c++) {
		struct jscan s;
		int got = scan_chunked(text, n, chunks[c], &s);
		if (got != want)
			fail_msg("jscan %s, jansson %s, chunk %zu: '%.*s' (%s)", got ? "refuses" : "accepts",
			         want ? "refuses" : "accepts", chunks[c], (int)n, text,
			         s.err ? s.err : "");
	}
}

static const char *const corpus[] = {
    "{}", "[]", "\"\"", "0", "-0", "1.5e+3", "-12.25E-2", "true", "false", "null", " \t\r\n{ } \n",
    "{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":\"\\u00e9\\ud83d\\ude00\\n\\\"\"}",
    "[\"caf\xc3\xa9\", \"\xe2\x82\xac\", \"\xf0\x9f\x98\x80\"]",
    "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}",
    "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[1e+]", "[-]", "[+1]", "[tru]",
    "[truex]", "[nul]", "{\"a\" 1}", "{1:2}", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u0000\"]",
    "[\"\\ud800\"]", "[\"\\ud800\\u0041\"]", "[\"\\udc00\"]", "[\"\\ud800x\"]",
    "[\"a\x01\"]", "[\"\xc0\x80\"]", "[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]",
    "[\"\xe2\x82\"]", "[\"\xff\"]", "{} {}", "{}x", "", "   ", "[", "{\"a\":", "\"abc",
    "[1 2]", "[[[[[]]]]]", "{\"\":0}", "{\"k\":\"v\",\"K\":\"v\"}", "[\"\\/\\b\\f\\r\\t\"]",
    "123", "-", "[-0.0e-0]", "{\"a\":[],\"b\":{}}", "[1]]", "]", "[}", "{]",
};

static void test_corpus_agrees_with_jansson(void **state)
{
	(void)state;
	for (size_t i = 0; i < CG_ARRAY_LEN(corpus); i++)
		agree(corpus[i], strlen(corpus[i]));
	/* an embedded NUL byte is refused by both */
	agree("[\"a\0b\"]", 7);
	agree("[1]\0", 4);
}

/* Mutations of the corpus: a byte replaced, inserted or removed. */
static void test_mutations_agree_with_jansson(void **state)
{
	(void)state;
	static const char alphabet[] = "{}[]\":,\\ -+.eE0123456789tfnulrsa\x01\x80\xc3\xa9\xed";
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char buf[256];
	for (int round = 0; round < 20000; round++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const char *src = corpus[x % CG_ARRAY_LEN(corpus)];
		size_t n = strlen(src);
		memcpy(buf, src, n);
		for (int m = 0; m < 1 + (int)(x >> 60 & 3); m++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			size_t at = n ? (size_t)(x >> 8) % (n + 1) : 0;
			char c = alphabet[(x >> 40) % (sizeof(alphabet) - 1)];
			switch (x % 3) {
			case 0:
				if (at < n)
					buf[at] = c;
				break;
			case 1:
				if (n + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = c;
					n++;
				}
				break;
			default:
				if (at < n) {
					memmove(buf + at, buf + at + 1, n - at - 1);
					n--;
				}
			}
		}
		agree(buf, n);
	}
}

static void test_depth_limit(void **state)
{
	(void)state;
	size_t n = 2 * (JSCAN_MAX_DEPTH + 1);
	char *deep = xmalloc(n);
	memset(deep, '[', n / 2);
	memset(deep + n / 2, ']', n / 2);
	struct jscan s;
	assert_int_equal(jscan_validate(&s, deep, n), -1);
	assert_string_equal(s.err, "maximum nesting depth exceeded");
	assert_int_equal(jscan_validate(&s, deep + 1, n - 2), 0);
	free(deep);
}

/* Many keys: the table that takes over past 32 keys finds a duplicate. */
static void test_many_keys(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_putc(&sb, '{');
	for (int i = 0; i < 5000; i++)
		sb_printf(&sb, "%s\"k%d\":%d", i ? "," : "", i, i);
	sb_putc(&sb, '}');
	struct jscan s;
	assert_int_equal(jscan_validate(&s, sb.buf, sb.len), 0);
	sb.len--;
	sb_puts(&sb, ",\"k4321\":0}");
	assert_int_equal(jscan_validate(&s, sb.buf, sb.len), -1);
	assert_string_equal(s.err, "duplicate object key 'k4321'");
	sb_release(&sb);
}

static void test_error_position(void **state)
{
	(void)state;
	struct jscan s;
	const char *t = "{\n  \"a\": 1,\n  \"b\": x\n}";
	assert_int_equal(jscan_validate(&s, t, strlen(t)), -1);
	assert_int_equal(s.err_line, 3);
	assert_int_equal(s.err_col, 8);
	assert_int_equal(s.err_off, (size_t)(strchr(t, 'x') - t));
}

/* ---- events, captures and streams ---------------------------------------- */

struct rec {
	struct strbuf log, stream;
};

static int rec_event(struct jscan *s, const struct jscan_event *e)
{
	struct rec *r = s->ctx;
	static const char *const kinds[] = {"K", "B", "E"};
	static const char *const types[] = {"obj", "arr", "str", "num", "lit"};
	sb_printf(&r->log, "%s%zu:%s@%zu", kinds[e->kind], e->depth, types[e->type], e->off);
	if (e->str)
		sb_printf(&r->log, "='%s'%s", e->str, e->truncated ? "..." : "");
	if (e->escaped)
		sb_puts(&r->log, "\\");
	sb_putc(&r->log, ' ');
	if (e->kind == JE_KEY && strcmp(e->str, "c") == 0)
		s->mode = JS_CAPTURE;
	if (e->kind == JE_KEY && strcmp(e->str, "s") == 0)
		s->mode = JS_STREAM;
	return e->kind == JE_KEY && strcmp(e->str, "stop") == 0;
}

static int rec_chunk(struct jscan *s, const char *p, size_t n)
{
	struct rec *r = s->ctx;
	sb_add(&r->stream, p, n);
	return 0;
}

static void test_events(void **state)
{
	(void)state;
	const char *t = "{\"c\":\"ab\\u00e9\",\"x\":[1,{\"c\":\"deep\"}],\"s\":\"str\\/eam\",\"n\":-1}";
	for (size_t chunk = 1; chunk <= strlen(t); chunk++) {
		struct rec r = {STRBUF_INIT, STRBUF_INIT};
		struct jscan s;
		jscan_init(&s);
		s.on_event = rec_event;
		s.on_chunk = rec_chunk;
		s.ctx = &r;
		s.event_depth = 1;
		for (size_t i = 0; i < strlen(t); i += chunk)
			assert_int_equal(jscan_feed(&s, t + i, strlen(t) - i < chunk ? strlen(t) - i : chunk), 0);
		assert_int_equal(jscan_finish(&s), 0);
		jscan_release(&s);
		assert_string_equal(r.log.buf,
		                    "B0:obj@0 K1:str@1='c' B1:str@5 E1:str@15='ab\xc3\xa9'\\ K1:str@16='x' "
		                    "B1:arr@20 E1:arr@36 K1:str@37='s' B1:str@41 E1:str@51\\ "
		                    "K1:str@52='n' B1:num@56 E1:num@58 E0:obj@59 ");
		assert_string_equal(r.stream.buf, "str/eam");
		sb_release(&r.log);
		sb_release(&r.stream);
	}
	/* a capture longer than the cap is cut and says so */
	struct rec r = {STRBUF_INIT, STRBUF_INIT};
	struct jscan s;
	jscan_init(&s);
	s.on_event = rec_event;
	s.ctx = &r;
	s.event_depth = 1;
	s.capture_max = 3;
	const char *u = "{\"c\":\"abcdef\"}";
	assert_int_equal(jscan_feed(&s, u, strlen(u)), 0);
	assert_int_equal(jscan_finish(&s), 0);
	assert_non_null(strstr(r.log.buf, "E1:str@13='abc'... "));
	jscan_release(&s);
	/* a callback stops the scan: err is "" */
	sb_reset(&r.log);
	jscan_init(&s);
	s.on_event = rec_event;
	s.ctx = &r;
	s.event_depth = 1;
	const char *v = "{\"stop\":1}";
	assert_int_equal(jscan_feed(&s, v, strlen(v)), -1);
	assert_string_equal(s.err, "");
	jscan_release(&s);
	sb_release(&r.log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus_agrees_with_jansson),
	    cmocka_unit_test(test_mutations_agree_with_jansson),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_many_keys),
	    cmocka_unit_test(test_error_position),
	    cmocka_unit_test(test_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
