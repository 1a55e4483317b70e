/* JUnit XML for CI test views (Jenkins, GitLab, Azure, the test-report
 * actions of GitHub): a testsuite per policy, plus "chipgate" for the
 * built-in checks; a testcase per rule. A testcase fails when the rule has
 * open findings at or above fail_on — the same test as the exit status —
 * and its <failure> lists the assets. Open findings below the threshold and
 * waived, justified and baseline ones are listed in <system-out>. A rule
 * that applied to no asset or group is <skipped>.
 *
 * Must never: write a string from the input without report_xml_escape(),
 * which also removes what XML 1.0 cannot carry (control characters,
 * invalid UTF-8). */
#include <string.h>

#include "report/report.h"

static void put_fffd(struct strbuf *sb)
{
	sb_puts(sb, "\xEF\xBF\xBD");
}

/* Length of the valid UTF-8 sequence at P (2-4), or 0; *cp its value. */
static size_t utf8_seq(const unsigned char *p, unsigned *cp)
{
	unsigned c = p[0];
	size_t n;
	unsigned v, min;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

void report_xml_escape(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			switch (c) {
			case '&':
				sb_puts(sb, "&amp;");
				break;
			case '<':
				sb_puts(sb, "&lt;");
				break;
			case '>':
				sb_puts(sb, "&gt;");
				break;
			case '"':
				sb_puts(sb, "&quot;");
				break;
			case '\'':
				sb_puts(sb, "&#39;");
				break;
			case '\n':
				sb_puts(sb, "&#10;");
				break;
			case '\r':
				sb_puts(sb, "&#13;");
				break;
			case '\t':
				sb_puts(sb, "&#9;");
				break;
			default:
				if (c < 0x20 || c == 0x7F)
					put_fffd(sb);
				else
					sb_putc(sb, (char)c);
			}
			p++;
			continue;
		}
		unsigned cp;
		size_t n = utf8_seq(p, &cp);
		if (n == 0) {
			put_fffd(sb);
			p++;
		} else {
			if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x80 && cp <= 0x9F))
				put_fffd(sb);
			else
				sb_add(sb, (const char *)p, n);
			p += n;
		}
	}
}

static void attr(struct strbuf *sb, const char *name, const char *v)
{
	sb_printf(sb, " %s=\"", name);
	report_xml_escape(sb, v ? v : "");
	sb_putc(sb, '"');
}

/* Where and what, one line of a failure or system-out body. */
static void finding_line(struct strbuf *sb, const struct finding *f, bool with_status)
{
	sb_puts(sb, "\n");
	if (with_status) {
		report_xml_escape(sb, fstatus_name(f->status));
		sb_putc(sb, ' ');
	}
	report_xml_escape(sb, severity_name(f->severity));
	sb_putc(sb, ' ');
	if (f->asset) {
		report_xml_escape(sb, f->asset);
	} else {
		sb_puts(sb, "group ");
		report_xml_escape(sb, f->ctx->group ? f->ctx->group : "");
	}
	if (f->ctx->file) {
		sb_puts(sb, " (");
		report_xml_escape(sb, f->ctx->file);
		if (f->line)
			sb_printf(sb, ":%d", f->line);
		sb_putc(sb, ')');
	}
	sb_puts(sb, ": ");
	{
		struct strbuf scratch = STRBUF_INIT;
		const char *m = report_message(f, &scratch);
		report_xml_escape(sb, m ? m : "");
		sb_release(&scratch);
	}
	if (f->ctx->note) {
		sb_puts(sb, " [");
		report_xml_escape(sb, f->ctx->note);
		sb_putc(sb, ']');
	}
}

struct tally {
	size_t tests, failures, skipped;
};

static bool fails(const struct report *r, const struct finding *f)
{
	return f->status == FS_OPEN && f->severity >= r->fail_on;
}

static bool is_builtin(const struct rule_info *ri)
{
	return strcmp(ri->policy, "chipgate") == 0;
}

/* One testcase; adds to T. */
static void testcase(struct strbuf *sb, const struct report *r, const struct rule_info *ri,
                     struct tally *t)
{
	size_t nfail = 0, nother = 0;
	struct strbuf names = STRBUF_INIT, tname = STRBUF_INIT;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->ctx->rule != ri)
			continue;
		if (!fails(r, f)) {
			nother++;
			continue;
		}
		if (nfail < 10)
			sb_printf(&names, "%s%s", nfail ? ", " : "",
			          f->asset   ? f->asset
			          : f->ctx->group ? f->ctx->group
			                     : "");
		else if (nfail == 10)
			sb_puts(&names, ", ...");
		nfail++;
	}
	t->tests++;
	sb_printf(&tname, "%s: %s", ri->id, ri->title && ri->title[0] ? ri->title : ri->id);
	sb_puts(sb, "    <testcase");
	attr(sb, "name", sb_str(&tname));
	attr(sb, "classname", ri->policy);
	sb_puts(sb, " time=\"0\"");
	bool skip = !ri->evaluated && !is_builtin(ri) && !nfail && !nother;
	if (!nfail && !nother && !skip) {
		sb_puts(sb, "/>\n");
		goto out;
	}
	sb_puts(sb, ">\n");
	if (skip) {
		t->skipped++;
		sb_puts(sb, "      <skipped message=\"the rule applied to no asset or group\"/>\n");
	}
	if (nfail) {
		t->failures++;
		struct strbuf msg = STRBUF_INIT;
		sb_printf(&msg, "%zu open finding%s at or above %s: %s", nfail,
		          nfail == 1 ? "" : "s", severity_name(r->fail_on), sb_str(&names));
		sb_puts(sb, "      <failure");
		attr(sb, "message", sb_str(&msg));
		attr(sb, "type", severity_name(ri->severity));
		sb_putc(sb, '>');
		for (size_t i = 0; i < r->nfindings; i++)
			if (r->findings[i].ctx->rule == ri && fails(r, &r->findings[i]))
				finding_line(sb, &r->findings[i], false);
		sb_puts(sb, "\n</failure>\n");
		sb_release(&msg);
	}
	if (nother) {
		sb_puts(sb, "      <system-out>");
		for (size_t i = 0; i < r->nfindings; i++)
			if (r->findings[i].ctx->rule == ri && !fails(r, &r->findings[i]))
				finding_line(sb, &r->findings[i], true);
		sb_puts(sb, "\n</system-out>\n");
	}
	sb_puts(sb, "    </testcase>\n");
out:
	sb_release(&names);
	sb_release(&tname);
}

static void property(struct strbuf *sb, const char *name, const char *value)
{
	sb_puts(sb, "      <property");
	attr(sb, "name", name);
	attr(sb, "value", value);
	sb_puts(sb, "/>\n");
}

/* One testsuite for the rules of POLICY (P NULL: the built-in checks). */
static void testsuite(struct strbuf *out, const struct report *r, const char *policy,
                      const struct report_policy *p, const char *stamp, struct tally *all)
{
	struct strbuf body = STRBUF_INIT;
	struct tally t = {0};
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i]->policy, policy) == 0)
			testcase(&body, r, r->rules[i], &t);
	sb_puts(out, "  <testsuite");
	attr(out, "name", policy);
	sb_printf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\"",
	          t.tests, t.failures, t.skipped);
	attr(out, "timestamp", stamp);
	sb_puts(out, ">\n    <properties>\n");
	if (p) {
		property(out, "policy.title", p->title);
		property(out, "policy.version", p->version);
		property(out, "policy.jurisdiction", p->jurisdiction);
	} else {
		property(out, "tool.version", CHIPGATE_VERSION);
	}
	property(out, "as_of", r->as_of);
	property(out, "fail_on", severity_name(r->fail_on));
	sb_puts(out, "    </properties>\n");
	sb_add(out, sb_str(&body), body.len);
	sb_puts(out, "  </testsuite>\n");
	sb_release(&body);
	all->tests += t.tests;
	all->failures += t.failures;
	all->skipped += t.skipped;
}

int report_write_junit(const struct report *r, FILE *fp)
{
	struct strbuf suites = STRBUF_INIT, sb = STRBUF_INIT;
	struct tally all = {0};
	/* JUnit timestamps carry no zone: generated_at without its Z (UTC) */
	char stamp[21];
	memcpy(stamp, r->generated_at, sizeof(stamp));
	stamp[19] = '\0';
	for (size_t i = 0; i < r->npolicies; i++)
		testsuite(&suites, r, r->policies[i].id, &r->policies[i], stamp, &all);
	bool builtin = false;
	for (size_t i = 0; i < r->nrules && !builtin; i++)
		builtin = is_builtin(r->rules[i]);
	if (builtin)
		testsuite(&suites, r, "chipgate", NULL, stamp, &all);
	/* rules of a policy the report does not list (read back from JSON) */
	for (size_t i = 0; i < r->nrules; i++) {
		const char *pol = r->rules[i]->policy;
		bool known = is_builtin(r->rules[i]);
		for (size_t k = 0; k < r->npolicies && !known; k++)
			known = strcmp(r->policies[k].id, pol) == 0;
		for (size_t k = 0; k < i && !known; k++)
			known = strcmp(r->rules[k]->policy, pol) == 0;
		if (!known)
			testsuite(&suites, r, pol, NULL, stamp, &all);
	}
	sb_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"chipgate\"");
	sb_printf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\"",
	          all.tests, all.failures, all.skipped);
	attr(&sb, "timestamp", stamp);
	sb_puts(&sb, ">\n");
	int rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len &&
	                 fwrite(sb_str(&suites), 1, suites.len, fp) == suites.len &&
	                 fputs("</testsuites>\n", fp) >= 0 && !ferror(fp)
	             ? 0
	             : -1;
	sb_release(&sb);
	sb_release(&suites);
	return rc;
}
