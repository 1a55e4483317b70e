/* chipgate reports as in-toto v1 Statements: their layout, and the
 * verification of a report envelope down to the digests of its inputs
 * and of the rendered report beside it. The signing that streams a
 * Statement into an envelope is in sign_report.c. It must never parse a
 * payload before a trusted signature over it has verified, never accept
 * a Statement of another type or predicate, and never hold a verified
 * Statement as a tree: a fleet's is hundreds of megabytes, and jscan
 * reads it where it lies. */
#include "attest/internal.h"
#include "attest/jscan.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EMBEDDED_PREFIX "embedded:"

static bool is_sha256_hex(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == SHA256_HEX_LEN;
}

static bool is_utf8(const char *s)
{
	struct diag d;
	return text_validate("", s, strlen(s), &d) == 0;
}

/* A name a report can have beside its envelope: one path component. */
static bool is_file_name(const char *s)
{
	return s && *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
	       is_utf8(s);
}

/* ---- the layout ------------------------------------------------------------------- */

/* The Statement up to its JSON report into OUT: _type, subject,
 * predicateType and the predicate's rendered member. Its end is "}}". */
int statement_prefix(struct strbuf *out, const struct attest_subject *subjects, size_t n,
                     const struct attest_rendered *rendered, struct diag *d)
{
	if (n == 0) {
		diag_set(d, NULL, 0, 0, "a signed report needs at least one input (subject)");
		return ATTEST_ERROR;
	}
	sb_puts(out, "{\"_type\":\"" ATTEST_STATEMENT_TYPE "\",\"subject\":[");
	for (size_t i = 0; i < n; i++) {
		const struct attest_subject *s = &subjects[i];
		if (!s->name || !*s->name || !is_utf8(s->name)) {
			diag_set(d, NULL, 0, 0, "subject %zu has no name or one that is not UTF-8",
			         i + 1);
			return ATTEST_ERROR;
		}
		if (!is_sha256_hex(s->sha256)) {
			diag_set(d, s->name, 0, 0, "subject digest is not a lowercase sha256 in hex");
			return ATTEST_ERROR;
		}
		sb_puts(out, i ? ",{\"name\":" : "{\"name\":");
		sb_json_string(out, s->name);
		sb_printf(out, ",\"digest\":{\"sha256\":\"%s\"}}", s->sha256);
	}
	if (!is_file_name(rendered->name) || !rendered->format || !*rendered->format ||
	    !is_utf8(rendered->format) || !is_sha256_hex(rendered->sha256)) {
		diag_set(d, rendered->name, 0, 0,
		         "the rendered report needs a file name, a format and a lowercase sha256");
		return ATTEST_ERROR;
	}
	sb_puts(out, "],\"predicateType\":\"" ATTEST_REPORT_PREDICATE_TYPE "\","
	             "\"predicate\":{\"rendered\":{\"name\":");
	sb_json_string(out, rendered->name);
	sb_puts(out, ",\"format\":");
	sb_json_string(out, rendered->format);
	sb_printf(out, ",\"sha256\":\"%s\"},\"report\":", rendered->sha256);
	return ATTEST_OK;
}

/* The JSON report REPORT (LEN bytes) must be a JSON object. */
static int check_report_json(const char *report, size_t len, struct diag *d)
{
	struct jscan s;
	if (jscan_validate(&s, report, len) != 0) {
		diag_set(d, "<report>", 0, 0, "report is not valid JSON (offset %zu): %s", s.err_off,
		         s.err);
		return ATTEST_ERROR;
	}
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", report[i]))
		i++;
	if (i == len || report[i] != '{') {
		diag_set(d, "<report>", 0, 0, "report is not a JSON object");
		return ATTEST_ERROR;
	}
	return ATTEST_OK;
}

int attest_statement_build(const char *report_json, size_t len,
                           const struct attest_subject *subjects, size_t nsubjects,
                           const struct attest_rendered *rendered, char **out, size_t *outlen,
                           struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	if (statement_prefix(&sb, subjects, nsubjects, rendered, d) != ATTEST_OK ||
	    check_report_json(report_json, len, d) != ATTEST_OK) {
		sb_release(&sb);
		return ATTEST_ERROR;
	}
	sb_add(&sb, report_json, len);
	sb_puts(&sb, "}}");
	*outlen = sb.len;
	*out = sb_detach(&sb);
	return ATTEST_OK;
}

/* ---- verification ------------------------------------------------------------------- */

void attest_report_release(struct attest_report *r)
{
	attest_verified_release(&r->env);
	free(r->verdict);
	free(r->rendered_name);
	free(r->rendered_format);
	r->verdict = r->rendered_name = r->rendered_format = NULL;
	r->rendered_sha256[0] = '\0';
	r->nsubjects = r->report_off = r->report_len = 0;
	r->version = 0;
}

/* Hex SHA-256 of the file at PATH, read in chunks (inputs can be large).
 * Returns 0, or -1 with errno set. */
static int sha256_file(const char *path, char out[SHA256_HEX_LEN + 1])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 ? 0 : -1;
	unsigned char *buf = xmalloc(1 << 20);
	while (rc == 0) {
		ssize_t r = read(fd, buf, 1 << 20);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = r < 0 ? -1 : 0;
			break;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)r) != 1)
			rc = -1;
	}
	free(buf);
	unsigned char md[32];
	unsigned int n = sizeof(md);
	if (rc == 0 && EVP_DigestFinal_ex(ctx, md, &n) == 1) {
		static const char hex[] = "0123456789abcdef";
		for (int i = 0; i < 32; i++) {
			out[2 * i] = hex[md[i] >> 4];
			out[2 * i + 1] = hex[md[i] & 15];
		}
		out[SHA256_HEX_LEN] = '\0';
	} else if (rc == 0) {
		rc = -1;
		errno = EIO;
	}
	int saved = errno;
	EVP_MD_CTX_free(ctx);
	close(fd);
	errno = saved;
	return rc;
}

/* The directory of the envelope PATH with a final '/', or "" for the
 * working directory. */
static void envelope_dir(struct strbuf *out, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_add(out, path, (size_t)(slash - path) + 1);
}

/* Digest the subject NAME: an embedded file, or a path tried relative to
 * the envelope's directory DIR and then the working directory. */
static int subject_digest(const char *env_path, const char *dir, const char *name,
                          char hex[SHA256_HEX_LEN + 1], struct diag *d)
{
	char q[80];
	diag_excerpt(q, sizeof(q), name, strlen(name));
	if (strncmp(name, EMBEDDED_PREFIX, strlen(EMBEDDED_PREFIX)) == 0) {
		const struct embedded_file *ef = embedded_find(name + strlen(EMBEDDED_PREFIX));
		if (!ef) {
			diag_set(d, env_path, 0, 0,
			         "subject '%s' is not compiled into this chipgate", q);
			return ATTEST_ERROR;
		}
		sha256_hex(ef->data, ef->len, hex);
		return ATTEST_OK;
	}
	struct strbuf p = STRBUF_INIT;
	bool rel = name[0] != '/' && *dir;
	if (rel)
		sb_puts(&p, dir);
	sb_puts(&p, name);
	int rc = sha256_file(sb_str(&p), hex);
	if (rc != 0 && errno == ENOENT && rel)
		rc = sha256_file(name, hex);
	if (rc != 0)
		diag_set(d, env_path, 0, 0, "subject '%s': cannot read '%s'%s: %s", q, sb_str(&p),
		         rel ? " or the working directory's" : "", strerror(errno));
	sb_release(&p);
	return rc == 0 ? ATTEST_OK : ATTEST_ERROR;
}

/* Check the subject array of a verified Statement; with CHECK_INPUTS
 * compare each subject's digest with the bytes it names. */
static int check_subjects(json_t *subj, const char *path, bool check_inputs, struct diag *d)
{
	if (!json_is_array(subj) || json_array_size(subj) == 0) {
		diag_set(d, path, 0, 0, "statement has no subjects");
		return ATTEST_REJECTED;
	}
	struct strbuf dir = STRBUF_INIT;
	envelope_dir(&dir, path);
	int rc = ATTEST_OK;
	for (size_t i = 0; i < json_array_size(subj) && rc == ATTEST_OK; i++) {
		json_t *s = json_array_get(subj, i);
		const char *name = json_string_value(json_object_get(s, "name"));
		const char *want =
		    json_string_value(json_object_get(json_object_get(s, "digest"), "sha256"));
		if (!name || !*name || !want || !is_sha256_hex(want)) {
			diag_set(d, path, 0, 0, "subject %zu has no name or no sha256 digest",
			         i + 1);
			rc = ATTEST_REJECTED;
			break;
		}
		char have[SHA256_HEX_LEN + 1];
		if (!check_inputs)
			continue;
		rc = subject_digest(path, sb_str(&dir), name, have, d);
		if (rc == ATTEST_OK && strcmp(have, want) != 0) {
			char q[80];
			diag_set(d, path, 0, 0,
			         "subject '%s': sha256 mismatch (file has %.12s..., statement says "
			         "%.12s...)",
			         diag_excerpt(q, sizeof(q), name, strlen(name)), have, want);
			rc = ATTEST_REJECTED;
		}
	}
	sb_release(&dir);
	return rc;
}

/* ---- scanning a verified Statement ------------------------------------------------ */

enum { T_NONE = -1 };
enum { K_OTHER, K_TYPE, K_PTYPE, K_SUBJECT, K_PREDICATE, K_VERDICT, K_RENDERED, K_REPORT };

/* A member found by the scan: its type, where it lies, and (strings) its
 * captured value. */
struct found {
	int t;
	size_t off, end;
	char *str;
	bool long_str;
};

/* What the scan of a Statement keeps: members of the Statement, of its
 * predicate, and the verdict of its report (v2). */
struct st_scan {
	int top_t;
	int k1, k2, k3; /* the member being read at depths 1, 2 and 3 */
	struct found type, ptype, subject, predicate;
	struct found verdict1, rendered, report; /* predicate's */
	struct found verdict2;                   /* predicate.report's */
};

static struct found *found_for(struct st_scan *st, size_t depth)
{
	if (depth == 1) {
		switch (st->k1) {
		case K_TYPE: return &st->type;
		case K_PTYPE: return &st->ptype;
		case K_SUBJECT: return &st->subject;
		case K_PREDICATE: return &st->predicate;
		default: return NULL;
		}
	}
	if (depth == 2 && st->k1 == K_PREDICATE && st->predicate.t == JS_OBJECT) {
		switch (st->k2) {
		case K_VERDICT: return &st->verdict1;
		case K_RENDERED: return &st->rendered;
		case K_REPORT: return &st->report;
		default: return NULL;
		}
	}
	if (depth == 3 && st->k1 == K_PREDICATE && st->k2 == K_REPORT && st->report.t == JS_OBJECT &&
	    st->k3 == K_VERDICT)
		return &st->verdict2;
	return NULL;
}

static int st_event(struct jscan *s, const struct jscan_event *e)
{
	struct st_scan *st = s->ctx;
	if (e->depth == 0) {
		if (e->kind == JE_BEGIN)
			st->top_t = (int)e->type;
		return 0;
	}
	if (e->kind == JE_KEY) {
		int k = K_OTHER;
		if (e->depth == 1)
			k = strcmp(e->str, "_type") == 0           ? K_TYPE
			    : strcmp(e->str, "predicateType") == 0 ? K_PTYPE
			    : strcmp(e->str, "subject") == 0       ? K_SUBJECT
			    : strcmp(e->str, "predicate") == 0     ? K_PREDICATE
			                                           : K_OTHER;
		else
			k = strcmp(e->str, "verdict") == 0                    ? K_VERDICT
			    : e->depth == 2 && strcmp(e->str, "rendered") == 0 ? K_RENDERED
			    : e->depth == 2 && strcmp(e->str, "report") == 0   ? K_REPORT
			                                                       : K_OTHER;
		if (e->depth == 1)
			st->k1 = k;
		else if (e->depth == 2)
			st->k2 = k;
		else
			st->k3 = k;
		struct found *f = found_for(st, e->depth);
		s->mode = f && (k == K_TYPE || k == K_PTYPE || k == K_VERDICT) ? JS_CAPTURE : JS_SKIP;
		return 0;
	}
	struct found *f = found_for(st, e->depth);
	if (!f)
		return 0;
	if (e->kind == JE_BEGIN) {
		f->t = (int)e->type;
		f->off = e->off;
	} else {
		f->end = e->off;
		if (e->type == JS_STRING && e->str) {
			f->str = xstrdup(e->str);
			f->long_str = e->truncated || strlen(e->str) != e->len;
		}
	}
	return 0;
}

static void st_release(struct st_scan *st)
{
	struct found *all[] = {&st->type,     &st->ptype,    &st->subject, &st->predicate,
	                       &st->verdict1, &st->rendered, &st->report,  &st->verdict2};
	for (size_t i = 0; i < CG_ARRAY_LEN(all); i++)
		free(all[i]->str);
}

/* Check that F, member KEY of the Statement, is the string WANT. */
static int expect_string(const struct found *f, const char *key, const char *want,
                         const char *also, const char *path, struct diag *d)
{
	if (f->t == JS_STRING && f->str && !f->long_str &&
	    (strcmp(f->str, want) == 0 || (also && strcmp(f->str, also) == 0)))
		return ATTEST_OK;
	char q[80];
	if (f->t == JS_STRING && f->str)
		diag_set(d, path, 0, 0, "statement %s is '%s', expected '%s'", key,
		         diag_excerpt(q, sizeof(q), f->str, strlen(f->str)), want);
	else
		diag_set(d, path, 0, 0, "statement has no '%s' string", key);
	return ATTEST_REJECTED;
}

/* Load the member F of the Statement P (small: subjects, rendered) with
 * jansson; NULL when F was not there. */
static json_t *found_json(const struct found *f, const unsigned char *p)
{
	if (f->t == T_NONE)
		return NULL;
	return json_loadb((const char *)p + f->off, f->end - f->off,
	                  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
}

/* predicate.rendered of a v2 Statement into OUT. */
static int check_rendered(const struct found *f, const unsigned char *p, const char *path,
                          struct attest_report *out, struct diag *d)
{
	json_t *r = f->t == JS_OBJECT ? found_json(f, p) : NULL;
	const char *name = json_string_value(json_object_get(r, "name"));
	const char *format = json_string_value(json_object_get(r, "format"));
	const char *sha = json_string_value(json_object_get(r, "sha256"));
	int rc = ATTEST_REJECTED;
	char q[80];
	if (!name || !format || !*format || !sha || !is_sha256_hex(sha))
		diag_set(d, path, 0, 0,
		         "statement's predicate has no 'rendered' object with a name, a format and "
		         "a sha256");
	else if (!is_file_name(name))
		diag_set(d, path, 0, 0,
		         "statement's rendered report '%s' is not a file name (one path component)",
		         diag_excerpt(q, sizeof(q), name, strlen(name)));
	else {
		out->rendered_name = xstrdup(name);
		out->rendered_format = xstrdup(format);
		memcpy(out->rendered_sha256, sha, SHA256_HEX_LEN + 1);
		rc = ATTEST_OK;
	}
	json_decref(r);
	return rc;
}

/* Check a verified Statement (the payload) and fill OUT from it. */
static int check_statement(const char *path, bool check_inputs, struct attest_report *out,
                           struct diag *d)
{
	const unsigned char *p = out->env.payload;
	struct st_scan st = {.top_t = T_NONE};
	struct found *all[] = {&st.type,     &st.ptype,    &st.subject, &st.predicate,
	                       &st.verdict1, &st.rendered, &st.report,  &st.verdict2};
	for (size_t i = 0; i < CG_ARRAY_LEN(all); i++)
		all[i]->t = T_NONE;
	struct jscan s;
	jscan_init(&s);
	s.on_event = st_event;
	s.ctx = &st;
	s.event_depth = 3;
	s.capture_max = 1024;
	int rc = ATTEST_REJECTED;
	json_t *subj = NULL;
	if (jscan_feed(&s, (const char *)p, out->env.payload_len) != 0 || jscan_finish(&s) != 0) {
		diag_set(d, path, 0, 0, "signed payload is not valid JSON (offset %zu): %s", s.err_off,
		         s.err);
		goto out;
	}
	if (st.top_t != JS_OBJECT) {
		diag_set(d, path, 0, 0, "signed payload is not a JSON object");
		goto out;
	}
	if (expect_string(&st.type, "_type", ATTEST_STATEMENT_TYPE, NULL, path, d) != 0 ||
	    expect_string(&st.ptype, "predicateType", ATTEST_REPORT_PREDICATE_TYPE,
	                  ATTEST_REPORT_PREDICATE_TYPE_V1, path, d) != 0)
		goto out;
	out->version = strcmp(st.ptype.str, ATTEST_REPORT_PREDICATE_TYPE) == 0 ? 2 : 1;
	if (st.predicate.t != JS_OBJECT) {
		diag_set(d, path, 0, 0, "statement has no 'predicate' object");
		goto out;
	}
	subj = found_json(&st.subject, p);
	rc = check_subjects(subj, path, check_inputs, d);
	if (rc != ATTEST_OK)
		goto out;
	rc = ATTEST_REJECTED;
	const struct found *verdict = &st.verdict1, *report = &st.predicate;
	if (out->version == 2) {
		if (st.report.t != JS_OBJECT) {
			diag_set(d, path, 0, 0, "statement's predicate has no 'report' object");
			goto out;
		}
		if (check_rendered(&st.rendered, p, path, out, d) != ATTEST_OK)
			goto out;
		verdict = &st.verdict2;
		report = &st.report;
	}
	out->nsubjects = json_array_size(subj);
	out->verdict = verdict->t == JS_STRING && verdict->str ? xstrdup(verdict->str) : NULL;
	out->report_off = report->off;
	out->report_len = report->end - report->off;
	rc = ATTEST_OK;
out:
	json_decref(subj);
	jscan_release(&s);
	st_release(&st);
	return rc;
}

int attest_verify_report_env(struct attest_envelope *e, const struct attest_keyring *kr,
                             size_t threshold, bool check_inputs, struct attest_report *out,
                             struct diag *d)
{
	int rc = attest_envelope_check(e, ATTEST_INTOTO_PAYLOAD_TYPE, kr, threshold, &out->env, d);
	if (rc == ATTEST_OK)
		rc = check_statement(e->name, check_inputs, out, d);
	if (rc != ATTEST_OK)
		attest_report_release(out);
	return rc;
}

int attest_verify_report_text(const char *path, const char *env, size_t len,
                              const struct attest_keyring *kr, size_t threshold, bool check_inputs,
                              struct attest_report *out, struct diag *d)
{
	if (kr->n == 0 || threshold == 0 || threshold > kr->n) {
		diag_set(d, path, 0, 0, "threshold %zu is not between 1 and the %zu trusted keys",
		         threshold, kr->n);
		return ATTEST_ERROR;
	}
	struct attest_envelope *e;
	int rc = attest_envelope_open_text(path, env, len, &e, d);
	if (rc != ATTEST_OK)
		return rc;
	rc = attest_verify_report_env(e, kr, threshold, check_inputs, out, d);
	attest_envelope_free(e);
	return rc;
}

int attest_verify_report(const char *path, const struct attest_keyring *kr, size_t threshold,
                         bool check_inputs, struct attest_report *out, struct diag *d)
{
	if (kr->n == 0 || threshold == 0 || threshold > kr->n) {
		diag_set(d, path, 0, 0, "threshold %zu is not between 1 and the %zu trusted keys",
		         threshold, kr->n);
		return ATTEST_ERROR;
	}
	struct attest_envelope *e;
	int rc = attest_envelope_open(path, &e, d);
	if (rc != ATTEST_OK)
		return rc;
	rc = attest_verify_report_env(e, kr, threshold, check_inputs, out, d);
	attest_envelope_free(e);
	return rc;
}

/* ---- the rendered report beside the envelope ---------------------------------------- */

int attest_check_rendered(const char *env_path, const struct attest_report *r, const char *given,
                          enum attest_rendered_state *state, char **pathp, struct diag *d)
{
	char q[80];
	*pathp = NULL;
	if (!r->rendered_name) {
		if (given) {
			diag_set(d, env_path, 0, 0,
			         "the statement (%s) records no rendered report: '%s' cannot be checked "
			         "against it",
			         ATTEST_REPORT_PREDICATE_TYPE_V1, diag_excerpt(q, sizeof(q), given, strlen(given)));
			return ATTEST_REJECTED;
		}
		*state = ATTEST_RENDERED_NONE;
		return ATTEST_OK;
	}
	struct strbuf p = STRBUF_INIT;
	if (given) {
		sb_puts(&p, given);
	} else {
		envelope_dir(&p, env_path);
		sb_puts(&p, r->rendered_name);
	}
	*pathp = sb_detach(&p);
	char have[SHA256_HEX_LEN + 1];
	if (sha256_file(*pathp, have) != 0) {
		if (!given && errno == ENOENT) {
			*state = ATTEST_RENDERED_ABSENT;
			return ATTEST_OK;
		}
		diag_set(d, *pathp, 0, 0, "cannot read: %s", strerror(errno));
		return ATTEST_ERROR;
	}
	if (strcmp(have, r->rendered_sha256) != 0) {
		diag_set(d, *pathp, 0, 0, "differs from what was signed");
		return ATTEST_REJECTED;
	}
	*state = ATTEST_RENDERED_MATCH;
	return ATTEST_OK;
}
