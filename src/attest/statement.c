/* chipgate reports as in-toto v1 Statements in DSSE envelopes: build the
 * Statement deterministically, sign it into FILE.dsse.json, and verify a
 * report envelope down to the digests of its inputs. Built on the
 * generic envelope layer. It must never parse a payload before a trusted
 * signature over it has verified, and never accept a Statement of
 * another type or predicate. */
#include "attest/attest.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EMBEDDED_PREFIX "embedded:"
/* Stable output: sorted keys, no whitespace, reals that round-trip. */
/* Reals with 10 significant digits, as the JSON report writes them, so the
 * signed predicate carries the report's numbers unchanged. */
#define STATEMENT_DUMP_FLAGS (JSON_SORT_KEYS | JSON_COMPACT | JSON_REAL_PRECISION(10))

static bool is_sha256_hex(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == SHA256_HEX_LEN;
}

/* The subject array for SUBJECTS, or NULL with a reason. */
static json_t *subjects_json(const struct attest_subject *subjects, size_t n, struct diag *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct attest_subject *s = &subjects[i];
		json_t *name = s->name && *s->name ? json_string(s->name) : NULL;
		if (!name) {
			diag_set(d, NULL, 0, 0, "subject %zu has no name or one that is not UTF-8",
			         i + 1);
			json_decref(arr);
			return NULL;
		}
		if (!is_sha256_hex(s->sha256)) {
			diag_set(d, s->name, 0, 0,
			         "subject digest is not a lowercase sha256 in hex");
			json_decref(name);
			json_decref(arr);
			return NULL;
		}
		json_array_append_new(
		    arr, json_pack("{s:o, s:{s:s}}", "name", name, "digest", "sha256", s->sha256));
	}
	return arr;
}

int attest_statement_build(const char *report_json, size_t len,
                           const struct attest_subject *subjects, size_t nsubjects, char **out,
                           size_t *outlen, struct diag *d)
{
	if (nsubjects == 0) {
		diag_set(d, NULL, 0, 0, "a signed report needs at least one input (subject)");
		return ATTEST_ERROR;
	}
	json_error_t jerr;
	json_t *report = json_loadb(report_json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!report) {
		diag_set(d, "<report>", jerr.line, jerr.column, "report is not valid JSON: %s",
		         jerr.text);
		return ATTEST_ERROR;
	}
	if (!json_is_object(report)) {
		diag_set(d, "<report>", 0, 0, "report is not a JSON object");
		json_decref(report);
		return ATTEST_ERROR;
	}
	json_t *subj = subjects_json(subjects, nsubjects, d);
	if (!subj) {
		json_decref(report);
		return ATTEST_ERROR;
	}
	json_t *st =
	    json_pack("{s:s, s:o, s:s, s:o}", "_type", ATTEST_STATEMENT_TYPE, "subject", subj,
	              "predicateType", ATTEST_REPORT_PREDICATE_TYPE, "predicate", report);
	char *text = st ? json_dumps(st, STATEMENT_DUMP_FLAGS) : NULL;
	json_decref(st);
	if (!text) {
		diag_set(d, "<report>", 0, 0, "cannot serialize the statement");
		return ATTEST_ERROR;
	}
	*out = text;
	*outlen = strlen(text);
	return ATTEST_OK;
}

int attest_sign_report(const char *report_json, size_t len, const struct attest_subject *subjects,
                       size_t nsubjects, const char *key_uri, enum attest_pass_mode pass,
                       const char *envelope_path, struct diag *d)
{
	char *stmt = NULL, *env = NULL;
	size_t stmt_len, env_len;
	struct attest_key *key = NULL;
	int rc = ATTEST_ERROR;
	if (attest_statement_build(report_json, len, subjects, nsubjects, &stmt, &stmt_len, d) !=
	        0 ||
	    attest_key_load_private(key_uri, pass, &key, d) != 0 ||
	    attest_envelope_sign(stmt, stmt_len, ATTEST_INTOTO_PAYLOAD_TYPE, &key, 1, &env,
	                         &env_len, d) != 0)
		goto out;
	rc =
	    write_file_atomic(envelope_path, env, env_len, 0644, d) == 0 ? ATTEST_OK : ATTEST_ERROR;
out:
	attest_key_free(key);
	free(stmt);
	free(env);
	return rc;
}

/* ---- verification -------------------------------------------------------- */

void attest_report_release(struct attest_report *r)
{
	attest_verified_release(&r->env);
	free(r->verdict);
	r->verdict = NULL;
	r->nsubjects = 0;
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
	unsigned char buf[65536];
	while (rc == 0) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = r < 0 ? -1 : 0;
			break;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)r) != 1)
			rc = -1;
	}
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

/* Digest the subject NAME: an embedded file, or a path tried relative to
 * DIR (the envelope's directory) and then the working directory. */
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
	if (name[0] != '/' && dir)
		sb_printf(&p, "%s/", dir);
	sb_puts(&p, name);
	int rc = sha256_file(sb_str(&p), hex);
	if (rc != 0 && errno == ENOENT && name[0] != '/' && dir)
		rc = sha256_file(name, hex);
	if (rc != 0)
		diag_set(d, env_path, 0, 0, "subject '%s': cannot read '%s'%s: %s", q, sb_str(&p),
		         name[0] != '/' && dir ? " or the working directory's" : "",
		         strerror(errno));
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
	/* the envelope's directory, or NULL for the working directory */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrdup(path) : NULL;
	if (dir)
		dir[slash == path ? 1 : slash - path] = '\0';
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
		rc = subject_digest(path, dir, name, have, d);
		if (rc == ATTEST_OK && strcmp(have, want) != 0) {
			char q[80];
			diag_set(d, path, 0, 0,
			         "subject '%s': sha256 mismatch (file has %.12s..., statement says "
			         "%.12s...)",
			         diag_excerpt(q, sizeof(q), name, strlen(name)), have, want);
			rc = ATTEST_REJECTED;
		}
	}
	free(dir);
	return rc;
}

/* Check that member KEY of OBJ is the string WANT. */
static int expect_string(json_t *obj, const char *key, const char *want, const char *path,
                         struct diag *d)
{
	const char *have = json_string_value(json_object_get(obj, key));
	if (have && strcmp(have, want) == 0)
		return ATTEST_OK;
	char q[80];
	if (have)
		diag_set(d, path, 0, 0, "statement %s is '%s', expected '%s'", key,
		         diag_excerpt(q, sizeof(q), have, strlen(have)), want);
	else
		diag_set(d, path, 0, 0, "statement has no '%s' string", key);
	return ATTEST_REJECTED;
}

/* Check a verified Statement (the payload) and fill OUT from it. */
static int check_statement(const struct attest_verified *v, const char *path, bool check_inputs,
                           struct attest_report *out, struct diag *d)
{
	json_error_t jerr;
	json_t *st =
	    json_loadb((const char *)v->payload, v->payload_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!st) {
		diag_set(d, path, 0, 0, "signed payload is not valid JSON (offset %d): %s",
		         jerr.position, jerr.text);
		return ATTEST_REJECTED;
	}
	int rc = ATTEST_REJECTED;
	json_t *pred = json_object_get(st, "predicate");
	if (!json_is_object(st)) {
		diag_set(d, path, 0, 0, "signed payload is not a JSON object");
		goto out;
	}
	if (expect_string(st, "_type", ATTEST_STATEMENT_TYPE, path, d) != 0 ||
	    expect_string(st, "predicateType", ATTEST_REPORT_PREDICATE_TYPE, path, d) != 0)
		goto out;
	if (!json_is_object(pred)) {
		diag_set(d, path, 0, 0, "statement has no 'predicate' object");
		goto out;
	}
	rc = check_subjects(json_object_get(st, "subject"), path, check_inputs, d);
	if (rc != ATTEST_OK)
		goto out;
	out->nsubjects = json_array_size(json_object_get(st, "subject"));
	const char *verdict = json_string_value(json_object_get(pred, "verdict"));
	out->verdict = verdict ? xstrdup(verdict) : NULL;
out:
	json_decref(st);
	return rc;
}

int attest_verify_report_text(const char *path, const char *env, size_t len,
                              const struct attest_keyring *kr, size_t threshold, bool check_inputs,
                              struct attest_report *out, struct diag *d)
{
	int rc = attest_envelope_verify(path, env, len, ATTEST_INTOTO_PAYLOAD_TYPE, kr, threshold,
	                                &out->env, d);
	if (rc == ATTEST_OK)
		rc = check_statement(&out->env, path, check_inputs, out, d);
	if (rc != ATTEST_OK)
		attest_report_release(out);
	return rc;
}

int attest_verify_report(const char *path, const struct attest_keyring *kr, size_t threshold,
                         bool check_inputs, struct attest_report *out, struct diag *d)
{
	char *buf;
	size_t len;
	if (file_read_all(path, &buf, &len, d) != 0)
		return ATTEST_ERROR;
	int rc = attest_verify_report_text(path, buf, len, kr, threshold, check_inputs, out, d);
	free(buf);
	return rc;
}
