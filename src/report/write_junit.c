/* JUnit XML for CI test views (Jenkins, GitLab, Azure, the test-report
 * actions of GitHub), valid against the junit-10.xsd that Jenkins' xUnit
 * plugin checks reports with: a testsuite per policy, plus "chipgate" for the
 * built-in checks; a testcase per rule. A testcase fails when the rule has
 * open findings at or above fail_on — the same test as the exit status —
 * and its <failure> lists the assets. Open findings below the threshold and
 * waived, justified and baseline ones are listed in <system-out>. A rule
 * that applied to no asset or group is <skipped>. Each of the two lists
 * at most r->view.max_findings findings (default 1000: a fleet's rule
 * with 300,000 findings is not read line by line in a CI page), then a
 * line counting the rest; the counts in the message are exact.
 *
 * Must never: write a string from the input without report_xml_escape(),
 * which also removes what XML 1.0 cannot carry (control characters,
 * invalid UTF-8). */
#include <stdlib.h>
#include <string.h>

#include "report/chunks.h"
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

/* The line after a list cut short: how many of WHAT it left out. */
static void more(struct strbuf *sb, size_t left, const char *what)
{
	if (!left)
		return;
	sb_puts(sb, "\n... ");
	report_thousands(sb, left);
	sb_printf(sb, " more %s not listed (--max-findings); the JSON report has every finding",
		  what);
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

/* The findings of each rule, in report order, found in one pass (a fleet
 * has hundreds of thousands of findings and dozens of rules): rule i's
 * are order[start[i] .. start[i + 1]), nfail[i] of them failing. */
struct by_rule {
	size_t *start, *order, *nfail;
};

static size_t rule_index(const struct report *r, const struct rule_info *ri)
{
	size_t i = 0;
	while (i < r->nrules && r->rules[i] != ri)
		i++;
	return i; /* nrules: a rule the report does not list */
}

static void by_rule_init(struct by_rule *b, const struct report *r)
{
	size_t nr = r->nrules + 1;
	b->start = xcalloc(nr + 1, sizeof(*b->start));
	b->nfail = xcalloc(nr, sizeof(*b->nfail));
	b->order = xcalloc(r->nfindings + 1, sizeof(*b->order));
	size_t *ix = xcalloc(r->nfindings + 1, sizeof(*ix));
	const struct rule_info *last = NULL;
	size_t lasti = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->ctx->rule != last) {
			last = f->ctx->rule;
			lasti = rule_index(r, last);
		}
		ix[i] = lasti;
		b->start[lasti + 1]++;
		b->nfail[lasti] += fails(r, f);
	}
	for (size_t k = 0; k < nr; k++)
		b->start[k + 1] += b->start[k];
	size_t *at = xcalloc(nr, sizeof(*at));
	for (size_t i = 0; i < r->nfindings; i++)
		b->order[b->start[ix[i]] + at[ix[i]]++] = i;
	free(at);
	free(ix);
}

static void by_rule_free(struct by_rule *b)
{
	free(b->start);
	free(b->order);
	free(b->nfail);
}

/* Rule I (RI) as a testcase: whether it fails, is skipped. */
static void tally_rule(const struct report *r, const struct by_rule *b, size_t i,
		       struct tally *t)
{
	const struct rule_info *ri = r->rules[i];
	size_t n = b->start[i + 1] - b->start[i];
	t->tests++;
	t->failures += b->nfail[i] > 0;
	t->skipped += !ri->evaluated && !is_builtin(ri) && !n;
}

/* One testcase, written to SB (spilled to FP as it grows). */
static int testcase(struct strbuf *sb, FILE *fp, const struct report *r, const struct by_rule *b,
		    size_t ix)
{
	const struct rule_info *ri = r->rules[ix];
	const size_t *v = b->order + b->start[ix];
	size_t nall = b->start[ix + 1] - b->start[ix], nfail = b->nfail[ix], nother = nall - nfail;
	size_t max = report_max_findings(&r->view, REPORT_JUNIT_MAX_LINES), listed = 0;
	struct strbuf names = STRBUF_INIT, tname = STRBUF_INIT;
	size_t shown = 0;
	for (size_t k = 0; k < nall && shown <= 10; k++) {
		const struct finding *f = &r->findings[v[k]];
		if (!fails(r, f))
			continue;
		if (shown < 10)
			sb_printf(&names, "%s%s", shown ? ", " : "",
			          f->asset   ? f->asset
			          : f->ctx->group ? f->ctx->group
			                     : "");
		else
			sb_puts(&names, ", ...");
		shown++;
	}
	sb_printf(&tname, "%s: %s", ri->id, ri->title && ri->title[0] ? ri->title : ri->id);
	sb_puts(sb, "    <testcase");
	attr(sb, "name", sb_str(&tname));
	attr(sb, "classname", ri->policy);
	sb_puts(sb, " time=\"0\"");
	bool skip = !ri->evaluated && !is_builtin(ri) && !nfail && !nother;
	int rc = 0;
	if (!nfail && !nother && !skip) {
		sb_puts(sb, "/>\n");
		goto out;
	}
	sb_puts(sb, ">\n");
	if (skip)
		sb_puts(sb, "      <skipped message=\"the rule applied to no asset or group\"/>\n");
	if (nfail) {
		struct strbuf msg = STRBUF_INIT;
		sb_printf(&msg, "%zu open finding%s at or above %s: %s", nfail,
		          nfail == 1 ? "" : "s", severity_name(r->fail_on), sb_str(&names));
		sb_puts(sb, "      <failure");
		attr(sb, "message", sb_str(&msg));
		attr(sb, "type", severity_name(ri->severity));
		sb_putc(sb, '>');
		for (size_t k = 0; k < nall && rc == 0 && listed < max; k++)
			if (fails(r, &r->findings[v[k]])) {
				finding_line(sb, &r->findings[v[k]], false);
				listed++;
				rc = report_spill(sb, fp, 1 << 16);
			}
		more(sb, nfail - listed, "open findings at or above the threshold");
		sb_puts(sb, "\n</failure>\n");
		sb_release(&msg);
	}
	if (nother) {
		sb_puts(sb, "      <system-out>");
		listed = 0;
		for (size_t k = 0; k < nall && rc == 0 && listed < max; k++)
			if (!fails(r, &r->findings[v[k]])) {
				finding_line(sb, &r->findings[v[k]], true);
				listed++;
				rc = report_spill(sb, fp, 1 << 16);
			}
		more(sb, nother - listed, "other findings");
		sb_puts(sb, "\n</system-out>\n");
	}
	sb_puts(sb, "    </testcase>\n");
out:
	sb_release(&names);
	sb_release(&tname);
	return rc;
}

static void property(struct strbuf *sb, const char *name, const char *value)
{
	sb_puts(sb, "      <property");
	attr(sb, "name", name);
	attr(sb, "value", value);
	sb_puts(sb, "/>\n");
}

/* The policies of the testsuites, in order: those the report lists, the
 * built-in checks ("chipgate") when any rule is one, and the policy of
 * any other rule (a report read back from JSON). */
static size_t suites(const struct report *r, const char **pol, const struct report_policy **pp)
{
	size_t n = 0;
	for (size_t i = 0; i < r->npolicies; i++) {
		pol[n] = r->policies[i].id;
		pp[n++] = &r->policies[i];
	}
	bool builtin = false;
	for (size_t i = 0; i < r->nrules && !builtin; i++)
		builtin = is_builtin(r->rules[i]);
	if (builtin) {
		pol[n] = "chipgate";
		pp[n++] = NULL;
	}
	for (size_t i = 0; i < r->nrules; i++) {
		const char *p = r->rules[i]->policy;
		bool known = is_builtin(r->rules[i]);
		for (size_t k = 0; k < r->npolicies && !known; k++)
			known = strcmp(r->policies[k].id, p) == 0;
		for (size_t k = 0; k < i && !known; k++)
			known = strcmp(r->rules[k]->policy, p) == 0;
		if (!known) {
			pol[n] = p;
			pp[n++] = NULL;
		}
	}
	return n;
}

/* One testsuite for the rules of POLICY (P NULL: no listed policy). */
static int testsuite(struct strbuf *out, FILE *fp, const struct report *r,
		     const struct by_rule *b, const char *policy, const struct report_policy *p,
		     const char *stamp)
{
	struct tally t = {0};
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i]->policy, policy) == 0)
			tally_rule(r, b, i, &t);
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
	int rc = 0;
	for (size_t i = 0; i < r->nrules && rc == 0; i++)
		if (strcmp(r->rules[i]->policy, policy) == 0)
			rc = testcase(out, fp, r, b, i);
	sb_puts(out, "  </testsuite>\n");
	return rc;
}

/* The totals come first, in <testsuites>: counted from the findings of
 * each rule before anything is written, so that the document is written
 * out as it is made rather than held whole. */
int report_write_junit(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	struct by_rule b;
	by_rule_init(&b, r);
	/* JUnit timestamps carry no zone: generated_at without its Z (UTC) */
	char stamp[21];
	memcpy(stamp, r->generated_at, sizeof(stamp));
	stamp[19] = '\0';
	const char **pol = xcalloc(r->npolicies + r->nrules + 2, sizeof(*pol));
	const struct report_policy **pp = xcalloc(r->npolicies + r->nrules + 2, sizeof(*pp));
	size_t ns = suites(r, pol, pp);
	struct tally all = {0};
	for (size_t k = 0; k < ns; k++)
		for (size_t i = 0; i < r->nrules; i++)
			if (strcmp(r->rules[i]->policy, pol[k]) == 0)
				tally_rule(r, &b, i, &all);
	/* <testsuites> has no skipped or timestamp in Jenkins' junit-10.xsd
	 * (each <testsuite> has both) */
	sb_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"chipgate\"");
	sb_printf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"0\">\n", all.tests,
	          all.failures);
	int rc = 0;
	for (size_t k = 0; k < ns && rc == 0; k++)
		rc = testsuite(&sb, fp, r, &b, pol[k], pp[k], stamp);
	sb_puts(&sb, "</testsuites>\n");
	if (rc == 0)
		rc = report_spill(&sb, fp, 0);
	sb_release(&sb);
	free(pol);
	free(pp);
	by_rule_free(&b);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
