/* Report module tests for issue #4: reading a JSON report back (a round
 * trip through the golden reports is byte-identical; every kind of bad
 * input is refused at its FILE:LINE:COL), finding identity, --baseline
 * matching rules, the diff, escaping in every format, and writers that
 * return -1 on a write error. Reports are built by hand here, so each
 * rule of the design is tested on both sides. */
/* cmocka.h needs these first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "report/report.h"

/* ---- helpers ------------------------------------------------------------ */

static char *capture(int (*write)(const struct report *, FILE *), const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(write(r, fp), 0);
	assert_int_equal(fclose(fp), 0);
	/* A copy, not buf itself: the stream held &buf, so gcc 12 cannot rule out
	 * that buf now points at itself, and calls pointers into it dangling
	 * once this frame is gone (-Wdangling-pointer at -O3). */
	char *copy = strdup(buf);
	assert_non_null(copy);
	free(buf);
	return copy;
}

static char *slurp(const char *path, size_t *len)
{
	struct diag d;
	char *buf;
	if (file_read_all(path, &buf, len, &d) != 0) {
		print_error("%s: %s\n", path, d.msg);
		fail();
	}
	return buf;
}

/* A small report: one policy P (version V), rules R1 (asset, error) and
 * R2 (exposure, warning), findings added by add(). */
struct fixture {
	struct report r;
	struct rule_info *r1, *r2;
};

static void fixture_init(struct fixture *fx, const char *version)
{
	report_init(&fx->r, 20000, 1755000000, SEV_ERROR);
	report_add_policy(&fx->r, "P", "a policy", version, "CN");
	struct rule_info t1 = {.id = "R1",
	                       .policy = "P",
	                       .title = "rule one",
	                       .kind = "asset",
	                       .when = "chip.foreign",
	                       .severity = SEV_ERROR,
	                       .evaluated = true};
	struct rule_info t2 = {.id = "R2",
	                       .policy = "P",
	                       .title = "rule two",
	                       .kind = "exposure",
	                       .when = "true",
	                       .severity = SEV_WARNING,
	                       .evaluated = true};
	fx->r1 = report_add_rule(&fx->r, &t1);
	fx->r2 = report_add_rule(&fx->r, &t2);
}

/* F's message, rendered into one of four rotating buffers (so that two
 * can be compared). */
static const char *msg(const struct finding *f)
{
	static struct strbuf buf[4];
	static unsigned k;
	return report_message(f, &buf[k++ % 4]);
}

static struct finding *add_at(struct fixture *fx, const struct rule_info *ri, enum severity sev,
                              enum fstatus st, const char *asset, const char *group,
                              const char *file, int line, const char *text)
{
	struct report_emit f = {.rule = ri,
	                        .severity = sev,
	                        .status = st,
	                        .asset = asset,
	                        .group = group,
	                        .file = file,
	                        .line = line,
	                        .text = text};
	report_emit(&fx->r, &f);
	return &fx->r.findings[fx->r.nfindings - 1];
}

static struct finding *add(struct fixture *fx, const struct rule_info *ri, enum severity sev,
                           enum fstatus st, const char *asset, const char *group, int line)
{
	return add_at(fx, ri, sev, st, asset, group, "inv.cfg", line, "something");
}

static const struct finding *find(const struct report *r, const char *asset)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if ((r->findings[i].asset && strcmp(r->findings[i].asset, asset) == 0) ||
		    (r->findings[i].ctx->group && strcmp(r->findings[i].ctx->group, asset) == 0))
			return &r->findings[i];
	return NULL;
}

/* ---- reading ------------------------------------------------------------- */

static void round_trip(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/golden/%s", SOURCE_DIR, name);
	size_t len;
	char *text = slurp(path, &len);
	struct report r;
	struct diag d;
	if (report_read_json_text(&r, path, text, len, &d) != 0) {
		print_error("%s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
		fail();
	}
	char *again = capture(report_write_json, &r);
	assert_string_equal(again, text);
	free(again);
	report_free(&r);
	free(text);
}

static void test_round_trip(void **state)
{
	(void)state;
	round_trip("example.json");
	round_trip("us-distributor.json");
	round_trip("baseline-next.json");
}

/* Expect TEXT to be refused at LINE:COL with a message containing MSG. */
static void refused(const char *text, int line, int col, const char *msg)
{
	struct report r;
	struct diag d;
	diag_clear(&d);
	assert_int_equal(report_read_json_text(&r, "b.json", text, strlen(text), &d), -1);
	if (!strstr(d.msg, msg) || d.line != line || d.col != col)
		print_error("got %d:%d: %s\nwant %d:%d: ...%s...\n", d.line, d.col, d.msg, line,
		            col, msg);
	assert_string_equal(d.file, "b.json");
	assert_non_null(strstr(d.msg, msg));
	assert_int_equal(d.line, line);
	assert_int_equal(d.col, col);
}

#define HEAD                                                                                       \
	"{\"schema\": \"chipgate.report/1\", \"as_of\": \"2025-08-12\",\n"                         \
	"\"generated_at\": \"2025-08-12T12:00:00Z\", \"verdict\": \"pass\", \"fail_on\": "         \
	"\"error\",\n"                                                                             \
	"\"summary\": {\"assets\": 1, \"units\": 2}, \"inputs\": [], \"policies\": [],\n"          \
	"\"exposure\": [],\n"

static void test_read_errors(void **state)
{
	(void)state;
	refused("{\"a\": 1, \"a\": 2}", 1, 12, "duplicate object key");
	refused("{\n  \"schema\": ", 2, 12, "");
	refused("[1]", 1, 1, "a report must be a JSON object");
	refused("{\"schema\": \"chipgate.report/2\"}", 1, 12,
	        "schema: not a chipgate report: schema 'chipgate.report/2'");
	refused(HEAD
	        "\"findings\": [\n {\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"grave\"}]}",
	        6, 43, "findings[0].severity: unknown severity 'grave'");
	refused(HEAD
	        "\"findings\": [\n {\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"never\"}]}",
	        6, 43, "unknown severity 'never'");
	refused(HEAD "\"findings\": [{\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"error\", "
	             "\"status\": \"open\",\n"
	             "  \"asset\": \"a\", \"message\": \"m\", \"location\": {\"file\": null, "
	             "\"line\": -1}}]}",
	        6, 68, "findings[0].location.line: -1 is out of range");
	refused(HEAD "\"findings\": [{\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"error\", "
	             "\"status\": \"shut\",\n"
	             "  \"asset\": \"a\", \"message\": \"m\", \"location\": {\"file\": null, "
	             "\"line\": 1}}]}",
	        5, 74, "findings[0].status: unknown status 'shut'");
	refused(
	    HEAD
	    "\"findings\": [{\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"error\", "
	    "\"status\": \"open\",\n"
	    "  \"asset\": null, \"message\": \"m\", \"location\": {\"file\": null, \"line\": 1}}]}",
	    5, 14, "findings[0]: a finding needs an asset or a group");
	refused(
	    HEAD "\"findings\": [{\"rule\": \"R\", \"policy\": \"P\", \"severity\": \"error\", "
	         "\"status\": \"open\",\n"
	         "  \"asset\": \"a\", \"message\": \"m\", \"evidence\": {\"x\": {}}, \"location\": "
	         "{\"file\": null, \"line\": 1}}]}",
	    6, 51,
	    "findings[0].evidence.x: expected a string, number, boolean or null, not an object");
	refused("{\"schema\": \"chipgate.report/1\", \"as_of\": \"2025-02-30\", \"generated_at\": "
	        "\"x\", "
	        "\"verdict\": \"pass\", \"fail_on\": \"error\"}",
	        1, 42, "as_of: invalid date '2025-02-30'");
	refused("{\"schema\": \"chipgate.report/1\", \"as_of\": \"2025-02-03\", \"generated_at\": "
	        "\"2025-02-03 10:00\", "
	        "\"verdict\": \"pass\", \"fail_on\": \"error\"}",
	        1, 72, "generated_at: invalid time");
}

static void test_read_accepts(void **state)
{
	(void)state;
	const char *text = HEAD "\"findings\": [], \"future_member\": {\"x\": [1, 2]}}";
	struct report r;
	struct diag d;
	assert_int_equal(report_read_json_text(&r, "b.json", text, strlen(text), &d), 0);
	assert_string_equal(r.as_of, "2025-08-12");
	assert_int_equal(r.units, 2);
	assert_int_equal(r.assets, 1);
	assert_false(r.failed);
	report_free(&r);
	/* a finding whose rule is not listed gets a stand-in rule */
	text = HEAD "\"findings\": [{\"rule\": \"R\", \"policy\": \"P\", \"severity\": "
	            "\"warning\", \"status\": \"open\",\n"
	            "  \"asset\": \"a\", \"message\": \"m\", \"location\": {\"file\": \"f\", "
	            "\"line\": 3}}]}";
	assert_int_equal(report_read_json_text(&r, "b.json", text, strlen(text), &d), 0);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0].ctx->rule->id, "R");
	assert_int_equal(r.findings[0].ctx->rule->severity, SEV_WARNING);
	assert_int_equal(r.open[SEV_WARNING], 1);
	report_free(&r);
}

/* ---- identity and baseline -------------------------------------------------- */

static void test_key(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	struct finding *a = add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "x", NULL, 1);
	struct finding *b = add(&fx, fx.r1, SEV_WARNING, FS_WAIVED, "x", NULL, 99);
	struct finding *g = add(&fx, fx.r1, SEV_ERROR, FS_OPEN, NULL, "x", 1);
	assert_int_equal(report_finding_key_cmp(a, b),
	                 0); /* line, severity, status: not identity */
	assert_int_not_equal(report_finding_key_cmp(a, g), 0); /* asset x is not group x */
	assert_true(report_finding_key_cmp(a, g) == -report_finding_key_cmp(g, a));
	report_free(&fx.r);
}

static void test_baseline_rules(void **state)
{
	(void)state;
	struct fixture base, now;
	fixture_init(&base, "1");
	add(&base, base.r1, SEV_ERROR, FS_OPEN, "moved", NULL, 10);
	add(&base, base.r1, SEV_WARNING, FS_OPEN, "escalated", NULL, 11);
	add(&base, base.r1, SEV_ERROR, FS_WAIVED, "was-waived", NULL, 12);
	add(&base, base.r1, SEV_ERROR, FS_BASELINE, "already-baseline", NULL, 13);
	add(&base, base.r2, SEV_WARNING, FS_OPEN, NULL, "site-a", 14);
	report_finish(&base.r);

	fixture_init(&now, "1");
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "moved", NULL,
	    9); /* sorts before the justified one */
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "escalated", NULL, 11);
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "was-waived", NULL, 12);
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "already-baseline", NULL, 13);
	add(&now, now.r2, SEV_WARNING, FS_OPEN, NULL, "site-a", 40);
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "site-a", NULL, 41); /* asset named like the group */
	add(&now, now.r1, SEV_ERROR, FS_JUSTIFIED, "moved", NULL, 50);
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "new", NULL, 60);
	report_finish(&now.r);
	assert_true(now.r.failed);

	struct diag_list warn = {0};
	assert_int_equal(report_apply_baseline(&now.r, &base.r, "base.json", &warn), 3);
	assert_int_equal(warn.n, 0);
	assert_int_equal(find(&now.r, "moved")->status, FS_BASELINE);
	assert_int_equal(find(&now.r, "already-baseline")->status, FS_BASELINE);
	assert_int_equal(find(&now.r, "escalated")->status, FS_OPEN); /* warning -> error */
	assert_int_equal(find(&now.r, "was-waived")->status,
	                 FS_OPEN); /* waiver no longer covers it */
	assert_int_equal(find(&now.r, "new")->status, FS_OPEN);
	size_t site_group = 0, site_asset = 0, justified = 0;
	for (size_t i = 0; i < now.r.nfindings; i++) {
		const struct finding *f = &now.r.findings[i];
		if (f->ctx->group && strcmp(f->ctx->group, "site-a") == 0 && f->status == FS_BASELINE)
			site_group++;
		if (f->asset && strcmp(f->asset, "site-a") == 0 && f->status == FS_OPEN)
			site_asset++;
		justified += f->status == FS_JUSTIFIED;
	}
	assert_int_equal(site_group, 1);
	assert_int_equal(site_asset, 1);
	assert_int_equal(justified, 1); /* only open findings become baseline */
	assert_int_equal(now.r.baseline, 3);
	assert_int_equal(now.r.open[SEV_ERROR], 4);
	diag_list_release(&warn);
	report_free(&now.r);
	report_free(&base.r);
}

static void test_baseline_versions(void **state)
{
	(void)state;
	struct fixture base, now;
	fixture_init(&base, "1");
	add(&base, base.r1, SEV_ERROR, FS_OPEN, "a", NULL, 1);
	add(&base, base.r2, SEV_WARNING, FS_OPEN, NULL, "g", 2);
	report_finish(&base.r);

	/* version 2: R1's condition changed, R3 is new, R2 unchanged */
	fixture_init(&now, "2");
	now.r1->when = "chip.foreign && true";
	struct rule_info t3 = {
	    .id = "R3", .policy = "P", .kind = "asset", .severity = SEV_ERROR, .evaluated = true};
	const struct rule_info *r3 = report_add_rule(&now.r, &t3);
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "a", NULL, 1);
	add(&now, now.r2, SEV_WARNING, FS_OPEN, NULL, "g", 2);
	add(&now, r3, SEV_ERROR, FS_OPEN, "a", NULL, 1);
	report_finish(&now.r);
	struct diag_list warn = {0};
	assert_int_equal(report_apply_baseline(&now.r, &base.r, "base.json", &warn), 1);
	assert_int_equal(warn.n, 1);
	assert_string_equal(warn.v[0].file, "base.json");
	assert_non_null(
	    strstr(warn.v[0].msg, "version '1', this run uses '2'; cannot match rules R1, R3"));
	const struct finding *m = NULL;
	for (size_t i = 0; i < now.r.nfindings; i++)
		if (strcmp(now.r.findings[i].ctx->rule->id, "CG-BASELINE-MISMATCH") == 0)
			m = &now.r.findings[i];
	assert_non_null(m);
	assert_int_equal(m->severity, SEV_INFO);
	assert_string_equal(m->ctx->file, "base.json");
	assert_non_null(strstr(msg(m), "P: R1, R3"));
	assert_int_equal(find(&now.r, "g")->status, FS_BASELINE);
	assert_int_equal(now.r.open[SEV_ERROR], 2);
	diag_list_release(&warn);
	report_free(&now.r);

	/* a policy the baseline does not have at all */
	fixture_init(&now, "1");
	now.r.policies[0].id = "Q";
	now.r1->policy = "Q";
	now.r2->policy = "Q";
	add(&now, now.r1, SEV_ERROR, FS_OPEN, "a", NULL, 1);
	report_finish(&now.r);
	assert_int_equal(report_apply_baseline(&now.r, &base.r, "base.json", &warn), 0);
	assert_int_equal(warn.n, 1);
	assert_non_null(strstr(warn.v[0].msg, "no results for policy 'Q'"));
	diag_list_release(&warn);
	report_free(&now.r);
	report_free(&base.r);
}

/* ---- diff ------------------------------------------------------------------- */

static void test_diff(void **state)
{
	(void)state;
	struct fixture b, a;
	fixture_init(&b, "1");
	add(&b, b.r1, SEV_ERROR, FS_OPEN, "gone", NULL, 1);
	add(&b, b.r1, SEV_ERROR, FS_WAIVED, "unwaived", NULL, 2);
	add(&b, b.r1, SEV_WARNING, FS_OPEN, "same", NULL, 3);
	add(&b, b.r1, SEV_ERROR, FS_OPEN, "dup", NULL, 4);
	struct exposure_row e = {.policy = "P",
	                         .rule = "R2",
	                         .group = "g",
	                         .units_foreign = 1,
	                         .units_total = 4,
	                         .share_units = 0.25,
	                         .share_tpp = 0.25,
	                         .share_weight = 0.25,
	                         .max_share = 0.5};
	report_add_exposure(&b.r, &e);
	e.group = "h";
	report_add_exposure(&b.r, &e);
	report_finish(&b.r);

	fixture_init(&a, "2");
	add(&a, a.r1, SEV_ERROR, FS_OPEN, "unwaived", NULL, 20);
	add(&a, a.r1, SEV_WARNING, FS_OPEN, "same", NULL, 30);
	add(&a, a.r1, SEV_WARNING, FS_OPEN, "new-warning", NULL, 5);
	add(&a, a.r1, SEV_ERROR, FS_OPEN, "dup", NULL, 4);
	add(&a, a.r1, SEV_ERROR, FS_OPEN, "dup", NULL, 6); /* a second one: new */
	e.group = "g";
	e.share_units = 0.75;
	e.breach = true;
	report_add_exposure(&a.r, &e);
	e.group = "i";
	report_add_exposure(&a.r, &e);
	report_finish(&a.r);

	struct report_diff d;
	report_diff_compute(&d, &b.r, "old.json", &a.r, "new.json", SEV_ERROR);
	assert_int_equal(d.nnew, 2);
	assert_int_equal(d.nresolved, 1);
	assert_int_equal(d.nchanged, 1);
	assert_int_equal(d.ngating, 2); /* unwaived, the second dup; not the new warning */
	assert_int_equal(d.nx, 3);      /* g moved, h gone, i new */
	assert_int_equal(d.np, 1);
	assert_string_equal(d.p[0].before, "1");
	assert_string_equal(d.p[0].after, "2");
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(report_diff_write_text(&d, fp), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "policy P: 1 -> 2\n"));
	assert_non_null(
	    strstr(buf, "  ! error   R1 [error waived -> error open] unwaived (inv.cfg:20)"));
	assert_non_null(strstr(buf, "    warning R1 new-warning (inv.cfg:5)"));
	assert_non_null(strstr(
	    buf, "P R2 g: units 25.0% -> 75.0% (+50.0), TPP 25.0% -> 25.0% (+0.0), ok -> breach"));
	assert_non_null(strstr(buf, "P R2 h: group gone"));
	assert_non_null(strstr(buf, "P R2 i: new group"));
	assert_non_null(
	    strstr(buf, "2 new, 1 resolved, 1 changed; 2 newly open at or above error\n"));
	free(buf);
	report_diff_free(&d);

	report_diff_compute(&d, &b.r, "old.json", &a.r, "new.json", SEV_NEVER);
	assert_int_equal(d.ngating, 0);
	report_diff_free(&d);
	report_free(&a.r);
	report_free(&b.r);
}

/* ---- escaping ------------------------------------------------------------------ */

static void test_xml_escape(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	report_xml_escape(&sb, "<a href=\"x\">'&'</a>\n\t\x01\x7f");
	assert_string_equal(
	    sb_str(&sb),
	    "&lt;a "
	    "href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&#10;&#9;\xEF\xBF\xBD\xEF\xBF\xBD");
	sb_reset(&sb);
	/* valid multibyte kept; bad sequences, surrogates, U+FFFE replaced */
	report_xml_escape(&sb, "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80|\xC3|\xED\xA0\x80|"
	                       "\xEF\xBF\xBE|\xC0\xAF|\xF5\x80\x80\x80");
	assert_string_equal(
	    sb_str(&sb),
	    "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD\xEF\xBF\xBD");
	sb_release(&sb);
}

static void test_markdown_and_github(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	/* 200 two-byte characters: the cell is cut on a character boundary */
	char msg[512] = "";
	for (int i = 0; i < 200; i++)
		memcpy(msg + 2 * i, "\xC3\xA9", 3);
	add_at(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a|b@team", NULL, "dir,x:y.cfg", 3, msg);
	report_finish(&fx.r);
	char *md = capture(report_write_markdown, &fx.r);
	assert_non_null(strstr(md, "| a\\|b@&#8203;team | dir,x:y.cfg:3 | "));
	const char *cell = strstr(md, "cfg:3 | ") + 8;
	const char *end = strstr(cell, " |\n");
	assert_int_equal(end - cell, 300 + 3); /* 150 characters, then U+2026 */
	assert_memory_equal(end - 3, "\xE2\x80\xA6", 3);
	free(md);
	char *gh = capture(report_write_github, &fx.r);
	assert_non_null(strstr(gh, "::error file=dir%2Cx%3Ay.cfg,line=3,title=R1::"));
	free(gh);
	report_free(&fx.r);
}

static void test_sarif_uri(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	char inside[4200];
	snprintf(inside, sizeof(inside), "%s/sub dir/inv.cfg", cwd);
	add_at(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a", NULL, "/elsewhere/x y#z.cfg", 3, "something");
	add_at(&fx, fx.r1, SEV_ERROR, FS_OPEN, "b", NULL, inside, 0, "something");
	add_at(&fx, fx.r1, SEV_ERROR, FS_OPEN, "c", NULL, "./rel/inv.cfg", 7, "something");
	report_finish(&fx.r);
	char *s = capture(report_write_sarif, &fx.r);
	assert_non_null(strstr(
	    s, "{\"uri\": \"file:///elsewhere/x%20y%23z.cfg\"}, \"region\": {\"startLine\": 3}"));
	assert_non_null(strstr(s, "{\"uri\": \"sub%20dir/inv.cfg\"}}")); /* line 0: no region */
	assert_non_null(strstr(s, "{\"uri\": \"rel/inv.cfg\"}, \"region\": {\"startLine\": 7}"));
	free(s);
	report_free(&fx.r);
}

/* ---- write errors ----------------------------------------------------------------- */

static void test_write_errors(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	struct fixture fx;
	fixture_init(&fx, "1");
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a", NULL, 3);
	report_finish(&fx.r);
	int (*writers[])(const struct report *,
	                 FILE *) = {report_write_json,   report_write_sarif,    report_write_junit,
	                            report_write_github, report_write_markdown, report_write_html};
	for (size_t i = 0; i < CG_ARRAY_LEN(writers); i++) {
		clearerr(fp);
		assert_int_equal(writers[i](&fx.r, fp), -1);
	}
	struct report_diff d;
	report_diff_compute(&d, &fx.r, "a", &fx.r, "b", SEV_ERROR);
	clearerr(fp);
	assert_int_equal(report_diff_write_text(&d, fp), -1);
	clearerr(fp);
	assert_int_equal(report_diff_write_json(&d, fp), -1);
	report_diff_free(&d);
	report_free(&fx.r);
	fclose(fp);
}

/* Messages kept in parts: every writer and a copy into another report see
 * the whole text; two findings differing only in a per-asset value sort by
 * it. */
static void test_message_parts(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const char *part[] = {REPORT_PART_VALUE, ": ", "NVIDIA H20", " x", REPORT_PART_VALUE, ""};
	const struct report_template *t = report_template(&fx.r, part, 6);
	struct report_emit f = {.rule = fx.r1, .file = "inv.cfg", .severity = SEV_ERROR,
				.asset = "a", .line = 4, .tmpl = t, .values = "a\0008\0",
				.values_len = 5};
	report_emit(&fx.r, &f);
	f.line = 3;
	f.values = "a\0002\0";
	report_emit(&fx.r, &f);
	report_finish(&fx.r);
	assert_int_equal(fx.r.nfindings, 2);
	assert_ptr_equal(fx.r.findings[0].ctx->tmpl, t); /* kept in parts */
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(report_message(&fx.r.findings[0], &sb), "a: NVIDIA H20 x2");
	assert_string_equal(report_message(&fx.r.findings[1], &sb), "a: NVIDIA H20 x8");
	sb_reset(&sb);
	report_put_message(&sb, &fx.r.findings[1]);
	report_put_message(&sb, &fx.r.findings[1]);
	assert_string_equal(sb_str(&sb), "a: NVIDIA H20 x8a: NVIDIA H20 x8");
	sb_release(&sb);
	char *text = capture(report_write_json, &fx.r);
	assert_non_null(strstr(text, "\"message\": \"a: NVIDIA H20 x2\""));
	free(text);
	text = capture(report_write_sarif, &fx.r);
	assert_non_null(strstr(text, "a: NVIDIA H20 x8"));
	free(text);
	/* a copy keeps the text, not the parts */
	struct report copy;
	report_init(&copy, 20000, 1755000000, SEV_ERROR);
	report_add_finding(&copy, &fx.r.findings[0]);
	const struct finding *c = &copy.findings[0];
	assert_string_equal(msg(c), "a: NVIDIA H20 x2");
	assert_null(c->ctx->tmpl);
	report_free(&copy);
	report_free(&fx.r);
}

/* A template's asset segment is the finding's own asset id, which is then
 * not among its per-asset values; a template without per-asset values
 * needs none. */
static void test_message_parts_asset(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const char *part[] = {REPORT_PART_ASSET, ": ", REPORT_PART_VALUE, " x ", REPORT_PART_ASSET};
	const struct report_template *t = report_template(&fx.r, part, 5);
	const char *fixed[] = {REPORT_PART_ASSET, " only"};
	const struct report_template *t2 = report_template(&fx.r, fixed, 2);
	struct report_emit f = {.rule = fx.r1, .file = "inv.cfg", .severity = SEV_ERROR,
				.asset = "srv-1", .line = 4, .tmpl = t, .values = "8", .values_len = 2};
	report_emit(&fx.r, &f);
	f.asset = "srv-2";
	f.line = 5;
	f.tmpl = t2;
	f.values = NULL;
	f.values_len = 0;
	report_emit(&fx.r, &f);
	report_finish(&fx.r);
	assert_int_equal(fx.r.nfindings, 2);
	/* same rule, file and evidence: the templates keep the contexts apart */
	assert_ptr_not_equal(fx.r.findings[0].ctx, fx.r.findings[1].ctx);
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(report_message(&fx.r.findings[0], &sb), "srv-1: 8 x srv-1");
	assert_string_equal(report_message(&fx.r.findings[1], &sb), "srv-2 only");
	sb_release(&sb);
	char *text = capture(report_write_json, &fx.r);
	assert_non_null(strstr(text, "\"message\": \"srv-1: 8 x srv-1\""));
	free(text);
	report_free(&fx.r);
}

/* N findings over rules R1 (error) and R2 (warning), a waived one every
 * 1000th; the file of finding i is FILES[i % 3] and its note NOTES[i % 4]
 * (NULL arrays: "inv.cfg" and none); with EXTRAS, every 7th has a group and
 * most have evidence. */
static void add_varied(struct fixture *fx, size_t n, const char *const files[3],
		       const char *const notes[4], bool extras)
{
	char id[32], text[64];
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "a%06zu", i);
		snprintf(text, sizeof(text), extras ? "message \"%zu\"" : "message %zu", i);
		struct evidence ev[1] = {{.key = "k", .type = EV_NUM, .n = (double)(i % 5)}};
		struct report_emit f = {.rule = i % 3 ? fx->r1 : fx->r2,
					.file = files ? files[i % 3] : "inv.cfg",
					.note = notes ? notes[i % 4] : NULL,
					.group = extras && i % 7 == 0 ? "g" : NULL,
					.ev = ev,
					.nev = extras && i % 11 ? 1 : 0,
					.severity = i % 3 ? SEV_ERROR : SEV_WARNING,
					.status = i % 1000 == 7 ? FS_WAIVED : FS_OPEN,
					.asset = id,
					.line = (int)i + 2,
					.text = text};
		report_emit(&fx->r, &f);
	}
	report_finish(&fx->r);
}

static void add_many(struct fixture *fx, size_t n)
{
	add_varied(fx, n, NULL, NULL, false);
}

/* A fleet's text report is formatted on two threads, in chunks: the lines
 * must come out whole, once each, in sorted order, open ones first. */
static void test_text_many_findings(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	fx.r.view.max_findings = REPORT_NO_CAP; /* every finding: the threads at work */
	add_many(&fx, 50000); /* a dozen chunks of 4096 */
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(report_write_text(&fx.r, fp, false), 0);
	assert_int_equal(fclose(fp), 0);
	/* expected: built here line by line from the sorted findings */
	struct strbuf want = STRBUF_INIT;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < fx.r.nfindings; i++) {
			const struct finding *f = &fx.r.findings[i];
			if ((f->status == FS_OPEN) != (pass == 0))
				continue;
			sb_printf(&want, "%-7s %s%s%s %s (inv.cfg:%d)\n", severity_name(f->severity),
				  f->ctx->rule->id, f->status == FS_OPEN ? "" : " [",
				  f->status == FS_OPEN ? "" : "waived]", msg(f), f->line);
		}
	const char *hdr = strstr(text, "\nfindings:\n");
	assert_non_null(hdr);
	size_t at = (size_t)(hdr - text) + strlen("\nfindings:\n");
	assert_true(len - at >= want.len);
	assert_int_equal(memcmp(text + at, want.buf, want.len), 0);
	/* no extra finding after them */
	assert_false(text[at + want.len] == 'e' || text[at + want.len] == 'w');
	sb_release(&want);
	free(text);
	report_free(&fx.r);
}

/* A fleet's JSON report is formatted on two threads, in chunks, with a
 * memo of the last context per thread: read back, every finding must be
 * there once, in order, with its own file, group, note and evidence. */
static void test_json_many_findings(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const size_t n = 30000; /* a dozen chunks of 2048 */
	static const char *const files[] = {"inv.cfg", "b \"q\".csv", NULL};
	static const char *const notes[] = {NULL, "why\tnot", NULL, NULL};
	add_varied(&fx, n, files, notes, true);
	char *text = capture(report_write_json, &fx.r);
	struct report back;
	struct diag d;
	assert_int_equal(report_read_json_text(&back, "r.json", text, strlen(text), &d), 0);
	assert_int_equal(back.nfindings, n);
	for (size_t i = 0; i < n; i++) {
		const struct finding *a = &fx.r.findings[i], *b = &back.findings[i];
		assert_string_equal(a->asset, b->asset);
		assert_string_equal(a->ctx->rule->id, b->ctx->rule->id);
		assert_int_equal(a->severity, b->severity);
		assert_int_equal(a->status, b->status);
		assert_int_equal(a->line, b->line);
		assert_string_equal(msg(a), msg(b));
		if (a->ctx->file)
			assert_string_equal(a->ctx->file, b->ctx->file);
		else
			assert_null(b->ctx->file);
		assert_true(!a->ctx->group == !b->ctx->group);
		assert_true(!a->ctx->note == !b->ctx->note);
		if (a->ctx->note)
			assert_string_equal(a->ctx->note, b->ctx->note);
		assert_int_equal(a->ctx->nev, b->ctx->nev);
		if (a->ctx->nev)
			assert_true(a->ctx->ev[0].n == b->ctx->ev[0].n);
	}
	report_free(&back);
	free(text);
	report_free(&fx.r);
}

/* A fleet's SARIF results are formatted on two threads, in chunks, with a
 * memo of the last context's rule and location per thread: parsed back,
 * every result must be there once, in order, with its own rule, level,
 * message, location, fingerprint and properties. */
static void test_sarif_many_findings(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const size_t n = 30000;
	static const char *const files[] = {"inv.cfg", "dir x/b#q.csv", NULL};
	static const char *const uris[] = {"inv.cfg", "dir%20x/b%23q.csv", NULL};
	static const char *const notes[] = {NULL, "why", NULL, NULL};
	char zeros[SHA256_HEX_LEN + 1];
	memset(zeros, '0', SHA256_HEX_LEN);
	zeros[SHA256_HEX_LEN] = '\0';
	report_add_input(&fx.r, "inv.cfg", "inventory", zeros);
	add_varied(&fx, n, files, notes, false);
	fx.r.view.max_results = REPORT_NO_CAP; /* every result: the threads at work */
	char *text = capture(report_write_sarif, &fx.r);
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	assert_non_null(root);
	json_t *results = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results");
	assert_int_equal(json_array_size(results), n);
	struct strbuf want = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &fx.r.findings[i];
		json_t *res = json_array_get(results, i);
		assert_string_equal(json_string_value(json_object_get(res, "ruleId")),
				    f->ctx->rule->id);
		assert_string_equal(json_string_value(json_object_get(res, "level")),
				    f->severity == SEV_ERROR ? "error" : "warning");
		sb_reset(&want);
		sb_puts(&want, msg(f));
		if (f->ctx->note && f->status == FS_OPEN)
			sb_printf(&want, " (%s)", f->ctx->note);
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(res, "message"), "text")),
		    sb_str(&want));
		json_t *pl = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
					     "physicalLocation");
		const char *uri = json_string_value(
		    json_object_get(json_object_get(pl, "artifactLocation"), "uri"));
		size_t k = f->ctx->file == files[0] ? 0 : f->ctx->file == files[1] ? 1 : 2;
		assert_string_equal(uri, uris[k] ? uris[k] : "inv.cfg"); /* the first inventory */
		json_t *region = json_object_get(pl, "region");
		if (f->ctx->file)
			assert_int_equal(json_integer_value(json_object_get(region, "startLine")),
					 f->line);
		else
			assert_null(region);
		json_t *props = json_object_get(res, "properties");
		assert_string_equal(json_string_value(json_object_get(props, "asset")), f->asset);
		assert_string_equal(json_string_value(json_object_get(props, "status")),
				    fstatus_name(f->status));
		sb_reset(&want);
		sb_printf(&want, "P%c%s%casset%c%s", 0, f->ctx->rule->id, 0, 0, f->asset);
		char hex[SHA256_HEX_LEN + 1];
		sha256_hex(want.buf, want.len, hex);
		assert_string_equal(json_string_value(json_object_get(
					json_object_get(res, "partialFingerprints"), "chipgateFinding/v1")),
				    hex);
	}
	sb_release(&want);
	json_decref(root);
	free(text);
	report_free(&fx.r);
}

/* GitHub annotations of a fleet: the verdict first, then at most 10 per
 * level, the verdict's included, most severe first, then one line
 * counting the rest. */
static void test_github_many_findings(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	add_many(&fx, 30000);
	char *text = capture(report_write_github, &fx.r);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "::error title=chipgate FAIL::0 assets, 0 units, as of %s: open %zu error, "
			 "%zu warning, 0 info; waived %zu, justified 0, baseline 0 (fail on error)\n",
		  fx.r.as_of, fx.r.open[SEV_ERROR], fx.r.open[SEV_WARNING], fx.r.waived);
	size_t n[3] = {0};
	for (size_t i = 0; i < fx.r.nfindings; i++) {
		const struct finding *f = &fx.r.findings[i];
		if (f->status != FS_OPEN || n[f->severity] >= (f->severity == SEV_ERROR ? 9u : 10u))
			continue;
		n[f->severity]++;
		sb_printf(&want, "::%s file=inv.cfg,line=%d,title=%s::%s\n",
			  f->severity == SEV_ERROR ? "error" : "warning", f->line, f->ctx->rule->id,
			  msg(f));
	}
	size_t left = fx.r.open[SEV_ERROR] - 9 + fx.r.open[SEV_WARNING] - 10;
	struct strbuf num = STRBUF_INIT;
	report_thousands(&num, left);
	sb_printf(&want, "chipgate: %s more open findings not annotated (", sb_str(&num));
	sb_reset(&num);
	report_thousands(&num, fx.r.open[SEV_ERROR] - 9);
	sb_printf(&want, "%s error, ", sb_str(&num));
	sb_reset(&num);
	report_thousands(&num, fx.r.open[SEV_WARNING] - 10);
	sb_printf(&want, "%s warning): GitHub shows 10 annotations of each level per step; every "
			 "finding is in the report of -f json or -f sarif\n",
		  sb_str(&num));
	assert_string_equal(text, sb_str(&want));
	free(text);
	/* passing: the verdict is a notice, and the full report is named */
	fx.r.failed = false;
	fx.r.view.full_report = "https://example.org/run/1";
	fx.r.view.max_findings = 3;
	text = capture(report_write_github, &fx.r);
	assert_int_equal(strncmp(text, "::notice title=chipgate PASS::", 30), 0);
	size_t errors = 0, warnings = 0;
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		errors += strncmp(l, "::error ", 8) == 0;
		warnings += strncmp(l, "::warning ", 10) == 0;
	}
	assert_int_equal(errors, 3);
	assert_int_equal(warnings, 3);
	assert_non_null(strstr(text, "per step; every finding: https://example.org/run/1\n"));
	sb_release(&num);
	sb_release(&want);
	free(text);
	report_free(&fx.r);
}

/* Findings of every kind, in a scrambled order: severities, statuses,
 * groups, messages whole and in parts (the parts API with a stored
 * context too, as the engine calls it), and pairs that differ only in
 * their message. The same calls on two reports must give the same
 * listing whether one keeps only what it lists. Each finding is first
 * offered to report_count_dropped, as the engine does, and made only
 * when it may be listed. */
static size_t add_scrambled(struct fixture *fx, size_t n, const struct report_template *t)
{
	char id[32], text[64], dyn[16];
	size_t offered = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = (k * 7919) % n; /* n is not a multiple of 7919 */
		snprintf(id, sizeof(id), "a%06zu", i);
		snprintf(text, sizeof(text), "message %zu", i);
		int dl = snprintf(dyn, sizeof(dyn), "%zu", i % 13) + 1;
		struct evidence ev[1] = {{.key = "chip", .type = EV_STR, .s = i % 2 ? "x-1" : "y-2"}};
		struct report_emit f = {.rule = i % 3 ? fx->r1 : fx->r2,
					.file = "inv.cfg",
					.group = i % 17 == 0 ? "g" : NULL,
					.ev = ev,
					.nev = 1,
					.severity = i % 5 == 0 ? SEV_INFO : i % 3 ? SEV_ERROR : SEV_WARNING,
					.status = i % 9 == 4 ? FS_WAIVED
						  : i % 11 == 5 ? FS_BASELINE
								: FS_OPEN,
					.asset = i % 17 == 0 ? NULL : id,
					.line = (int)(i % 50) + 1,
					.text = text};
		if (i % 4 == 1 && f.asset) {
			/* the evidence stored once, as the engine gives it */
			f.stored_ev = report_evidence(&fx->r, ev, 1);
			f.tmpl = t;
			f.values = dyn;
			f.values_len = (size_t)dl;
		}
		struct report_emit probe = f; /* no message, no evidence yet */
		probe.text = NULL;
		probe.tmpl = NULL;
		probe.values = NULL;
		probe.ev = NULL;
		probe.stored_ev = NULL;
		if (!report_count_dropped(&fx->r, &probe))
			report_emit(&fx->r, &f);
		offered++;
		if (i % 23 == 0 && !f.tmpl) {
			offered++;
			/* the same finding but for its message, which alone orders them */
			snprintf(text, sizeof(text), "message %zu again", i);
			if (!report_count_dropped(&fx->r, &probe))
				report_emit(&fx->r, &f);
		}
	}
	report_finish(&fx->r);
	return offered;
}

static char *render(int (*write)(const struct report *, FILE *), struct report *r, size_t max)
{
	r->view.max_findings = max;
	return capture(write, r);
}

static void test_keep_same_listing(void **state)
{
	(void)state;
	const size_t n = 20011;
	const size_t caps[] = {1, 7, 50};
	for (size_t c = 0; c < CG_ARRAY_LEN(caps); c++) {
		struct fixture full, kept;
		fixture_init(&full, "1");
		fixture_init(&kept, "1");
		report_keep(&kept.r, caps[c]);
		const char *seg[] = {REPORT_PART_ASSET, ": ", REPORT_PART_VALUE, " units"};
		size_t all = add_scrambled(&full, n, report_template(&full.r, seg, 4));
		assert_int_equal(add_scrambled(&kept, n, report_template(&kept.r, seg, 4)), all);
		assert_true(all > n);
		/* exact counts; only the listed findings kept */
		assert_int_equal(kept.r.nfindings, 3 * caps[c]);
		assert_int_equal(full.r.nfindings, all);
		assert_memory_equal(kept.r.open, full.r.open, sizeof(full.r.open));
		assert_memory_equal(kept.r.total, full.r.total, sizeof(full.r.total));
		assert_int_equal(kept.r.total[0] + kept.r.total[1] + kept.r.total[2], all);
		assert_int_equal(kept.r.waived, full.r.waived);
		assert_int_equal(kept.r.baseline, full.r.baseline);
		assert_int_equal(kept.r.failed, full.r.failed);
		int (*writers[])(const struct report *, FILE *) = {report_write_markdown,
								   report_write_html};
		for (size_t w = 0; w < CG_ARRAY_LEN(writers); w++) {
			char *a = render(writers[w], &full.r, caps[c]);
			char *b = render(writers[w], &kept.r, caps[c]);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
		char *a = NULL, *b = NULL;
		size_t la = 0, lb = 0;
		FILE *fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);
		full.r.view.max_findings = kept.r.view.max_findings = caps[c];
		assert_int_equal(report_write_text(&full.r, fa, false), 0);
		assert_int_equal(report_write_text(&kept.r, fb, false), 0);
		fclose(fa);
		fclose(fb);
		assert_string_equal(a, b);
		/* the listing: open ones first, at most CAP per severity, a count of the rest */
		size_t lines = 0;
		for (const char *l = strstr(a, "\nfindings:\n") + 11; *l && *l != '\xE2';
		     l = strchr(l, '\n') + 1)
			lines += strncmp(l, "error ", 6) == 0 || strncmp(l, "warning ", 8) == 0 ||
				 strncmp(l, "info ", 5) == 0;
		assert_int_equal(lines, 3 * caps[c]);
		assert_non_null(strstr(a, " more findings not listed ("));
		free(a);
		free(b);
		report_free(&full.r);
		report_free(&kept.r);
	}
}

/* A listing picks, per severity, the open findings first. */
static void test_listing(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	add(&fx, fx.r1, SEV_ERROR, FS_WAIVED, "a1", NULL, 1);
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a2", NULL, 2);
	add(&fx, fx.r1, SEV_ERROR, FS_BASELINE, "a0", NULL, 3);
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a3", NULL, 4);
	add(&fx, fx.r2, SEV_WARNING, FS_WAIVED, "b1", NULL, 5);
	report_finish(&fx.r);
	struct report_listing l;
	report_listing(&fx.r, 3, &l);
	size_t listed = 0;
	for (size_t i = 0; i < fx.r.nfindings; i++)
		if (report_listed(&l, &fx.r.findings[i], i)) {
			listed++;
			assert_string_not_equal(fx.r.findings[i].asset, "a1"); /* after a0 */
		}
	assert_int_equal(listed, 4);
	assert_int_equal(report_left_out(&fx.r, &l), 1);
	assert_int_equal(l.open_left[SEV_ERROR], 0);
	struct strbuf sb = STRBUF_INIT;
	report_left_out_line(&sb, &fx.r, &l);
	assert_string_equal(sb_str(&sb), "\xE2\x80\xA6 and 1 more finding not listed (1 error; 0 of "
					 "them open): at most 3 of each severity are listed, open "
					 "ones first");
	sb_reset(&sb);
	report_listing(&fx.r, 1, &l);
	assert_int_equal(report_left_out(&fx.r, &l), 3);
	assert_int_equal(l.open_left[SEV_ERROR], 1);
	sb_reset(&sb);
	report_thousands(&sb, 1234567);
	assert_string_equal(sb_str(&sb), "1,234,567");
	sb_release(&sb);
	report_free(&fx.r);
}

/* report_count_dropped, at its edges: nothing is dropped while fewer
 * than the cap are kept, or without a cap; past it, a finding listed
 * after the last kept is counted and dropped whatever its message, one
 * before it is not, and one equal to it but for its message is left to
 * report_emit (its message decides). */
static void test_count_dropped(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	struct report_emit f = {.rule = fx.r1, .severity = SEV_ERROR, .status = FS_OPEN,
				.asset = "a-5", .file = "inv.cfg", .line = 5, .text = "m"};
	assert_false(report_count_dropped(&fx.r, &f)); /* no cap */
	report_keep(&fx.r, 1);
	assert_false(report_count_dropped(&fx.r, &f)); /* room for one */
	report_emit(&fx.r, &f);
	size_t total = fx.r.total[SEV_ERROR];
	struct report_emit later = f, earlier = f, tie = f, waived = f, other = f;
	later.asset = "a-6";
	earlier.asset = "a-4";
	tie.text = NULL; /* the same but for its message, not made yet */
	waived.asset = "a-1";
	waived.status = FS_WAIVED; /* listed after every open one */
	other.rule = fx.r2;        /* R2 sorts after R1 */
	other.asset = "a-0";
	assert_true(report_count_dropped(&fx.r, &later));
	assert_true(report_count_dropped(&fx.r, &waived));
	assert_true(report_count_dropped(&fx.r, &other));
	assert_false(report_count_dropped(&fx.r, &earlier));
	assert_false(report_count_dropped(&fx.r, &tie));
	/* the dropped ones were counted, the others not (yet) */
	assert_int_equal(fx.r.total[SEV_ERROR], total + 3);
	assert_int_equal(fx.r.waived, 1);
	tie.text = "l"; /* before "m": kept in its place */
	report_emit(&fx.r, &tie);
	report_finish(&fx.r);
	assert_int_equal(fx.r.nfindings, 1);
	assert_string_equal(msg(&fx.r.findings[0]), "l");
	report_free(&fx.r);
}

/* GitLab's report over its cap (--max-results): no more issues than the
 * cap, the errors kept with the fingerprints they have uncapped, every
 * other open or baseline finding counted once into an aggregate issue
 * with a fingerprint of its own; uncapped, one issue per such finding. */
static void test_gitlab_cap(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const char *seg[] = {REPORT_PART_ASSET, ": ", REPORT_PART_VALUE, " units"};
	add_scrambled(&fx, 3001, report_template(&fx.r, seg, 4));
	size_t listed = 0;
	for (size_t i = 0; i < fx.r.nfindings; i++)
		listed += fx.r.findings[i].status != FS_WAIVED && fx.r.findings[i].status != FS_JUSTIFIED;
	fx.r.view.max_results = REPORT_NO_CAP;
	char *whole = capture(report_write_gitlab, &fx.r);
	json_error_t err;
	json_t *all = json_loads(whole, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), listed);
	const size_t caps[] = {2500, 400, 40, 5, 1};
	for (size_t c = 0; c < CG_ARRAY_LEN(caps); c++) {
		fx.r.view.max_results = caps[c];
		char *text = capture(report_write_gitlab, &fx.r);
		json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
		assert_non_null(root);
		assert_true(json_array_size(root) <= caps[c]);
		size_t counted = 0, i, j, naggs = 0;
		json_t *x, *y;
		json_array_foreach(root, i, x) {
			json_t *cg = json_object_get(x, "chipgate");
			const char *fp = json_string_value(json_object_get(x, "fingerprint"));
			assert_int_equal(strlen(fp), SHA256_HEX_LEN);
			if (cg) {
				naggs++;
				counted += (size_t)json_integer_value(json_object_get(cg, "count"));
				assert_non_null(strstr(json_string_value(json_object_get(x, "description")),
						       "not listed one by one: the report is capped at"));
				continue;
			}
			assert_int_equal(naggs, 0); /* the issues of their own come first */
			counted++;
			/* an issue of its own: an error, as it is uncapped */
			const char *sev = json_string_value(json_object_get(x, "severity"));
			assert_true(strcmp(sev, "blocker") == 0 || strcmp(sev, "critical") == 0);
			bool found = false;
			json_array_foreach(all, j, y) {
				if (strcmp(json_string_value(json_object_get(y, "fingerprint")), fp) == 0 &&
				    json_equal(x, y)) {
					found = true;
					break;
				}
			}
			assert_true(found);
		}
		assert_int_equal(counted, listed);
		assert_true(naggs > 0);
		json_decref(root);
		free(text);
	}
	json_decref(all);
	free(whole);
	report_free(&fx.r);
}

/* SARIF over its cap: no more results than the cap, the open errors kept
 * with the fingerprints they have uncapped, every other finding counted
 * into one aggregate per rule and model, and the run saying so. */
static void test_sarif_cap(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	const char *seg[] = {REPORT_PART_ASSET, ": ", REPORT_PART_VALUE, " units"};
	add_scrambled(&fx, 3001, report_template(&fx.r, seg, 4));
	fx.r.view.max_results = REPORT_NO_CAP;
	char *whole = capture(report_write_sarif, &fx.r);
	const size_t caps[] = {2500, 1500, 40, 5, 1};
	for (size_t c = 0; c < CG_ARRAY_LEN(caps); c++) {
		fx.r.view.max_results = caps[c];
		char *text = capture(report_write_sarif, &fx.r);
		json_error_t err;
		json_t *root = json_loads(text, 0, &err), *all = json_loads(whole, 0, &err);
		assert_non_null(root);
		json_t *run = json_array_get(json_object_get(root, "runs"), 0);
		json_t *res = json_object_get(run, "results");
		assert_true(json_array_size(res) <= caps[c]);
		size_t listed = 0, counted = 0, errors_listed = 0;
		json_t *x;
		size_t i;
		json_array_foreach(res, i, x) {
			json_t *props = json_object_get(x, "properties");
			json_t *fp = json_object_get(x, "partialFingerprints");
			if (json_is_true(json_object_get(props, "aggregate"))) {
				counted += (size_t)json_integer_value(json_object_get(props, "count"));
				assert_non_null(json_object_get(fp, "chipgateAggregate/v1"));
				continue;
			}
			listed++;
			errors_listed += strcmp(json_string_value(json_object_get(x, "level")), "error") == 0;
			/* the same fingerprint as uncapped, for the same finding */
			const char *h = json_string_value(json_object_get(fp, "chipgateFinding/v1"));
			json_t *y;
			size_t j;
			bool found = false;
			json_array_foreach(json_object_get(json_array_get(json_object_get(all, "runs"), 0),
							   "results"), j, y) {
				const char *g = json_string_value(json_object_get(
				    json_object_get(y, "partialFingerprints"), "chipgateFinding/v1"));
				if (g && strcmp(g, h) == 0 &&
				    json_equal(json_object_get(y, "message"), json_object_get(x, "message")))
					found = true;
			}
			assert_true(found);
		}
		assert_int_equal(listed + counted, fx.r.nfindings);
		assert_int_equal(listed, errors_listed); /* only errors are listed past the cap */
		if (caps[c] == 2500) /* room for every error */
			assert_int_equal(listed, fx.r.total[SEV_ERROR]);
		json_t *tot = json_object_get(json_object_get(json_object_get(run, "properties"),
							      "results"), "findings");
		assert_int_equal(json_integer_value(tot), fx.r.nfindings);
		json_t *note = json_array_get(json_object_get(json_array_get(json_object_get(run,
						"invocations"), 0), "toolExecutionNotifications"), 0);
		assert_non_null(strstr(json_string_value(json_object_get(json_object_get(note, "message"),
							       "text")), "--max-results"));
		json_decref(root);
		json_decref(all);
		free(text);
	}
	/* under the cap: no notification, every finding a result */
	fx.r.view.max_results = 0; /* the default, 25000 */
	char *text = capture(report_write_sarif, &fx.r);
	assert_null(strstr(text, "toolExecutionNotifications"));
	json_error_t err;
	json_t *a = json_loads(text, 0, &err), *b = json_loads(whole, 0, &err);
	assert_true(json_equal(json_object_get(json_array_get(json_object_get(a, "runs"), 0), "results"),
			       json_object_get(json_array_get(json_object_get(b, "runs"), 0), "results")));
	json_decref(a);
	json_decref(b);
	free(text);
	free(whole);
	report_free(&fx.r);
}

/* GitLab Code Quality: the documented fields of every open or baseline
 * finding, with the SARIF fingerprint and a mapped severity. */
static void test_gitlab(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a1", NULL, 3);
	add(&fx, fx.r1, SEV_ERROR, FS_BASELINE, "a2", NULL, 4);
	add(&fx, fx.r1, SEV_ERROR, FS_WAIVED, "a3", NULL, 5);
	add(&fx, fx.r2, SEV_WARNING, FS_OPEN, NULL, "grp", 0);
	add_at(&fx, fx.r1, SEV_INFO, FS_OPEN, "a\"4", NULL, NULL, 0, "no file");
	char zeros[SHA256_HEX_LEN + 1];
	memset(zeros, '0', SHA256_HEX_LEN);
	zeros[SHA256_HEX_LEN] = '\0';
	report_add_input(&fx.r, "inv.cfg", "inventory", zeros); /* where a finding without a file goes */
	report_finish(&fx.r);
	char *text = capture(report_write_gitlab, &fx.r);
	json_error_t err;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(root);
	assert_true(json_is_array(root));
	assert_int_equal(json_array_size(root), 4); /* not the waived one */
	const char *sev[] = {"blocker", "critical", "major", "info"};
	json_t *x;
	size_t i;
	struct strbuf k = STRBUF_INIT;
	json_array_foreach(root, i, x) {
		assert_true(json_is_string(json_object_get(x, "description")));
		assert_true(json_is_string(json_object_get(x, "check_name")));
		assert_string_equal(json_string_value(json_object_get(x, "severity")), sev[i]);
		json_t *loc = json_object_get(x, "location");
		assert_string_equal(json_string_value(json_object_get(loc, "path")), "inv.cfg");
		assert_true(json_integer_value(json_object_get(json_object_get(loc, "lines"), "begin")) >= 1);
	}
	/* the fingerprint is SARIF's */
	const struct finding *f = find(&fx.r, "a1");
	char hex[SHA256_HEX_LEN + 1];
	report_fingerprint(f, &k, hex);
	assert_string_equal(json_string_value(json_object_get(json_array_get(root, 0), "fingerprint")), hex);
	char *sarif = capture(report_write_sarif, &fx.r);
	assert_non_null(strstr(sarif, hex));
	assert_int_equal(text[0], '['); /* no byte-order mark */
	sb_release(&k);
	free(sarif);
	json_decref(root);
	free(text);
	report_free(&fx.r);
}

/* JUnit of a fleet: each rule's failures and other findings listed once,
 * in order, under totals counted before the document is written. */
static void test_junit_many_findings(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	add_many(&fx, 30000);
	/* by default, at most 1000 lines of each list and a line for the rest */
	char *capped = capture(report_write_junit, &fx.r);
	size_t nfail = 0, nother = 0;
	for (size_t i = 0; i < fx.r.nfindings; i++) {
		const struct finding *f = &fx.r.findings[i];
		nfail += f->ctx->rule == fx.r1 && f->status == FS_OPEN;
		nother += f->ctx->rule == fx.r2 || f->status != FS_OPEN;
	}
	assert_true(nfail > 1000);
	struct strbuf line = STRBUF_INIT;
	sb_puts(&line, "\n... ");
	report_thousands(&line, nfail - 1000);
	sb_puts(&line, " more open findings at or above the threshold not listed (--max-findings); "
		       "the JSON report has every finding\n</failure>");
	assert_non_null(strstr(capped, sb_str(&line)));
	size_t lines = 0;
	for (const char *p = strstr(capped, "<failure"); p && (p = strstr(p, "\nerror ")); p++)
		lines++;
	assert_int_equal(lines, 1000);
	assert_non_null(strstr(capped, " more other findings not listed (--max-findings); the JSON "
				       "report has every finding\n</system-out>"));
	assert_true(nother > 0);
	sb_release(&line);
	free(capped);
	/* --max-findings 0: every finding */
	fx.r.view.max_findings = REPORT_NO_CAP;
	char *text = capture(report_write_junit, &fx.r);
	assert_null(strstr(text, "not listed (--max-findings)"));
	assert_non_null(strstr(text, "<testsuites name=\"chipgate\" tests=\"2\" failures=\"1\" "));
	/* R1's failures (errors, open) then R2's other findings (warnings,
	 * below fail_on) and the waived ones of both */
	struct strbuf want = STRBUF_INIT;
	for (int pass = 0; pass < 3; pass++) {
		sb_reset(&want);
		for (size_t i = 0; i < fx.r.nfindings; i++) {
			const struct finding *f = &fx.r.findings[i];
			bool r1 = f->ctx->rule == fx.r1, open = f->status == FS_OPEN;
			if (pass == 0 && r1 && open)
				sb_printf(&want, "\nerror %s (inv.cfg:%d): %s", f->asset, f->line, msg(f));
			else if (pass == 1 && r1 && !open)
				sb_printf(&want, "\nwaived error %s (inv.cfg:%d): %s", f->asset, f->line,
					  msg(f));
			else if (pass == 2 && !r1)
				sb_printf(&want, "\n%s warning %s (inv.cfg:%d): %s",
					  fstatus_name(f->status), f->asset, f->line, msg(f));
		}
		sb_puts(&want, pass == 0 ? "\n</failure>" : "\n</system-out>");
		assert_non_null(strstr(text, sb_str(&want)));
	}
	sb_release(&want);
	free(text);
	report_free(&fx.r);
}

/* Control characters become \xNN from FROM on; UTF-8, 0x20 and the text
 * before FROM are left alone, within and across 16-byte blocks. */
static void test_escape_controls(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "\x1b[keep] ");
	size_t from = sb.len;
	sb_puts(&sb, "caf\xC3\xA9 \xE5\x8D\x8E ok, a long clean run of text\x7f|\x1f|\x01|\x20|\t");
	sb_escape_controls(&sb, from);
	assert_string_equal(sb_str(&sb), "\x1b[keep] caf\xC3\xA9 \xE5\x8D\x8E ok, a long clean run of "
					 "text\\x7f|\\x1f|\\x01| |\\x09");
	sb_reset(&sb);
	sb_puts(&sb, "0123456789abcdef0123456789abcdef\xff\x80"); /* nothing to do */
	sb_escape_controls(&sb, 0);
	assert_string_equal(sb_str(&sb), "0123456789abcdef0123456789abcdef\xff\x80");
	sb_release(&sb);
}

/* Findings are sorted by severity, rule and asset whether or not their
 * rule was registered with report_add_rule (the sort ranks the registered
 * rules first and falls back to the findings' own). */
static void test_sort_unregistered_rule(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, "1");
	static const struct rule_info r0 = {.id = "R0", .policy = "P", .title = "zero",
					    .kind = "asset", .severity = SEV_ERROR};
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "b", NULL, 1);
	struct report_emit f = {.rule = &r0, .file = "inv.cfg", .severity = SEV_ERROR,
				.asset = "c", .line = 2, .text = "m"};
	report_emit(&fx.r, &f);
	add(&fx, fx.r1, SEV_ERROR, FS_OPEN, "a", NULL, 3);
	add(&fx, fx.r2, SEV_WARNING, FS_OPEN, "a", NULL, 4);
	f.asset = "a";
	f.line = 5;
	report_emit(&fx.r, &f);
	report_finish(&fx.r);
	static const char *const want[][2] = {{"R0", "a"}, {"R0", "c"}, {"R1", "a"}, {"R1", "b"},
					       {"R2", "a"}};
	assert_int_equal(fx.r.nfindings, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(fx.r.findings[i].ctx->rule->id, want[i][0]);
		assert_string_equal(fx.r.findings[i].asset, want[i][1]);
	}
	report_free(&fx.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_read_errors),
	    cmocka_unit_test(test_read_accepts),
	    cmocka_unit_test(test_key),
	    cmocka_unit_test(test_baseline_rules),
	    cmocka_unit_test(test_baseline_versions),
	    cmocka_unit_test(test_diff),
	    cmocka_unit_test(test_xml_escape),
	    cmocka_unit_test(test_markdown_and_github),
	    cmocka_unit_test(test_sarif_uri),
	    cmocka_unit_test(test_write_errors),
	    cmocka_unit_test(test_message_parts),
	    cmocka_unit_test(test_message_parts_asset),
	    cmocka_unit_test(test_text_many_findings),
	    cmocka_unit_test(test_json_many_findings),
	    cmocka_unit_test(test_sarif_many_findings),
	    cmocka_unit_test(test_github_many_findings),
	    cmocka_unit_test(test_junit_many_findings),
	    cmocka_unit_test(test_escape_controls),
	    cmocka_unit_test(test_sort_unregistered_rule),
	    cmocka_unit_test(test_keep_same_listing),
	    cmocka_unit_test(test_count_dropped),
	    cmocka_unit_test(test_listing),
	    cmocka_unit_test(test_sarif_cap),
	    cmocka_unit_test(test_gitlab),
	    cmocka_unit_test(test_gitlab_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
