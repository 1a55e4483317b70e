/* Generic DSSE envelopes: sign payload bytes of any payloadType with one
 * or more keys, and verify an envelope against a keyring. Verification
 * must never look inside the payload: it returns the bytes only after
 * enough distinct trusted keys have signed them, and every way an
 * envelope can be wrong has its own reason. */
#include "attest/attest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int attest_envelope_sign(const void *payload, size_t len, const char *payload_type,
                         struct attest_key *const *signers, size_t nsigners, char **out,
                         size_t *outlen, struct diag *d)
{
	if (nsigners == 0) {
		diag_set(d, NULL, 0, 0, "no signing key");
		return ATTEST_ERROR;
	}
	struct strbuf pae = STRBUF_INIT;
	attest_pae(&pae, payload_type, payload, len);
	int rc = ATTEST_ERROR;
	json_t *env = json_object();
	json_t *sigs = json_array();
	json_t *type = json_string(payload_type);
	if (!type) {
		diag_set(d, NULL, 0, 0, "payloadType is not valid UTF-8");
		goto out;
	}
	char *b64 = attest_b64_encode(payload, len);
	json_object_set_new(env, "payloadType", type);
	json_object_set_new(env, "payload", json_string(b64));
	free(b64);
	for (size_t i = 0; i < nsigners; i++) {
		unsigned char *sig;
		size_t siglen;
		if (attest_key_sign_raw(signers[i], pae.buf, pae.len, &sig, &siglen, d) != 0)
			goto out;
		char *sig64 = attest_b64_encode(sig, siglen);
		free(sig);
		json_array_append_new(sigs, json_pack("{s:s, s:s}", "keyid",
		                                      attest_key_id(signers[i]), "sig", sig64));
		free(sig64);
	}
	json_object_set(env, "signatures", sigs);
	char *text = json_dumps(env, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		diag_set(d, NULL, 0, 0, "cannot serialize the envelope");
		goto out;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, text);
	sb_putc(&sb, '\n');
	free(text);
	*outlen = sb.len;
	*out = sb_detach(&sb);
	rc = ATTEST_OK;
out:
	json_decref(sigs);
	json_decref(env);
	sb_release(&pae);
	return rc;
}

void attest_verified_release(struct attest_verified *v)
{
	free(v->payload);
	free(v->signers);
	v->payload = NULL;
	v->signers = NULL;
	v->payload_len = v->nsigners = 0;
}

/* The string member KEY of OBJ, or NULL (with a reason) when it is
 * missing or not a string. */
static const char *member_string(json_t *obj, const char *key, const char *what, const char *name,
                                 struct diag *d)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v)) {
		diag_set(d, name, 0, 0, "%s has no '%s' string", what, key);
		return NULL;
	}
	return json_string_value(v);
}

/* Index in KR of the key a signature hints at with KEYID, or KR->n. */
static size_t keyring_find(const struct attest_keyring *kr, const char *keyid)
{
	for (size_t i = 0; keyid && i < kr->n; i++)
		if (strcmp(attest_key_id(kr->keys[i]), keyid) == 0)
			return i;
	return kr->n;
}

/* The keyring index of the key whose signature SIG is over PAE (the
 * hinted key HINT first), or KR->n when none. */
static size_t signature_key(const struct attest_keyring *kr, size_t hint, const struct strbuf *pae,
                            const unsigned char *sig, size_t siglen)
{
	if (hint < kr->n && attest_key_verify_raw(kr->keys[hint], pae->buf, pae->len, sig, siglen))
		return hint;
	for (size_t i = 0; i < kr->n; i++)
		if (i != hint &&
		    attest_key_verify_raw(kr->keys[i], pae->buf, pae->len, sig, siglen))
			return i;
	return kr->n;
}

/* KEYID quoted for a message: whole when it looks like a keyid (hex, at
 * most 64 digits), else as an excerpt of the input. */
static const char *keyid_quote(char *buf, size_t size, const char *keyid)
{
	size_t n = strspn(keyid, "0123456789abcdefABCDEF");
	if (keyid[n] == '\0' && n <= SHA256_HEX_LEN && n < size) {
		memcpy(buf, keyid, n + 1);
		return buf;
	}
	return diag_excerpt(buf, size, keyid, strlen(keyid));
}

/* Why signature SIG (which no trusted key verified) is not trusted, from
 * what it claims: a keyid is only a hint, so say what is known — which key
 * it names and that that key does not verify it — not what happened. */
static void why_untrusted(struct strbuf *out, json_t *sig, const struct attest_keyring *kr)
{
	const char *keyid = json_string_value(json_object_get(sig, "keyid"));
	const char *keys = kr->label ? kr->label : "the trusted keys";
	char q[100];
	if (!keyid || !*keyid)
		sb_printf(out, "it names no keyid, and none of %s verifies it", keys);
	else if (keyring_find(kr, keyid) < kr->n)
		sb_printf(out, "keyid '%s' is one of %s, but that key does not verify it", keyid, keys);
	else
		sb_printf(out, "keyid '%s' is not among %s", keyid_quote(q, sizeof(q), keyid), keys);
}

/* Why no signature verified, one line for all of them (at most three). */
static void explain_unverified(json_t *sigs, const struct attest_keyring *kr, const char *name,
                               struct diag *d)
{
	size_t n = json_array_size(sigs);
	struct strbuf why = STRBUF_INIT;
	if (n == 1) {
		why_untrusted(&why, json_array_get(sigs, 0), kr);
		diag_set(d, name, 0, 0, "no trusted key made this signature (%s)", why.buf);
	} else {
		for (size_t i = 0; i < n && i < 3; i++) {
			sb_printf(&why, "%ssignature %zu: ", i ? "; " : "", i + 1);
			why_untrusted(&why, json_array_get(sigs, i), kr);
		}
		diag_set(d, name, 0, 0, "no trusted key made any of the %zu signatures (%s%s)", n,
		         why.buf, n > 3 ? "; ..." : "");
	}
	sb_release(&why);
}

/* An envelope whose form has been checked: a JSON object with a
 * payloadType string, a payload in strict base64 and a non-empty
 * signatures array of objects, each with a base64 'sig' string and no
 * keyid or a keyid string. Nothing is verified. */
struct parsed_env {
	json_t *root;
	const char *type; /* in root */
	unsigned char *payload;
	size_t plen;
	json_t *sigs; /* in root */
	unsigned char **sig;
	size_t *siglen;
	size_t nsigs;
};

static void parsed_release(struct parsed_env *p)
{
	for (size_t i = 0; i < p->nsigs; i++)
		free(p->sig[i]);
	free(p->sig);
	free(p->siglen);
	free(p->payload);
	json_decref(p->root);
	memset(p, 0, sizeof(*p));
}

static int envelope_parse(const char *name, const char *env, size_t len, struct parsed_env *p,
                          struct diag *d)
{
	json_error_t jerr;
	memset(p, 0, sizeof(*p));
	p->root = json_loadb(env, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!p->root) {
		diag_set(d, name, 0, 0, "envelope is not valid JSON (line %d, column %d): %s",
		         jerr.line, jerr.column, jerr.text);
		return ATTEST_REJECTED;
	}
	const char *payload64;
	if (!json_is_object(p->root)) {
		diag_set(d, name, 0, 0, "envelope is not a JSON object");
		goto bad;
	}
	if (!(p->type = member_string(p->root, "payloadType", "envelope", name, d)) ||
	    !(payload64 = member_string(p->root, "payload", "envelope", name, d)))
		goto bad;
	if (attest_b64_decode(payload64, strlen(payload64), &p->payload, &p->plen) != 0) {
		diag_set(d, name, 0, 0, "payload is not valid base64");
		goto bad;
	}
	p->sigs = json_object_get(p->root, "signatures");
	if (!json_is_array(p->sigs)) {
		diag_set(d, name, 0, 0, "envelope has no 'signatures' array");
		goto bad;
	}
	size_t n = json_array_size(p->sigs);
	if (n == 0) {
		diag_set(d, name, 0, 0, "envelope has no signatures");
		goto bad;
	}
	p->sig = xcalloc(n, sizeof(*p->sig));
	p->siglen = xcalloc(n, sizeof(*p->siglen));
	for (size_t i = 0; i < n; i++, p->nsigs++) {
		json_t *s = json_array_get(p->sigs, i);
		json_t *keyid = json_object_get(s, "keyid");
		const char *sig64 = json_string_value(json_object_get(s, "sig"));
		if (!json_is_object(s) || !sig64 || (keyid && !json_is_string(keyid))) {
			diag_set(d, name, 0, 0, "signature %zu is malformed (needs a 'sig' string)",
			         i + 1);
			goto bad;
		}
		if (attest_b64_decode(sig64, strlen(sig64), &p->sig[i], &p->siglen[i]) != 0) {
			diag_set(d, name, 0, 0, "signature %zu is not valid base64", i + 1);
			goto bad;
		}
	}
	return ATTEST_OK;
bad:
	parsed_release(p);
	return ATTEST_REJECTED;
}

/* The keyid string of signature I of P, or NULL. */
static const char *sig_keyid(const struct parsed_env *p, size_t i)
{
	return json_string_value(json_object_get(json_array_get(p->sigs, i), "keyid"));
}

int attest_envelope_verify(const char *name, const char *env, size_t len, const char *expected_type,
                           const struct attest_keyring *kr, size_t threshold,
                           struct attest_verified *out, struct diag *d)
{
	if (kr->n == 0 || threshold == 0 || threshold > kr->n) {
		diag_set(d, name, 0, 0, "threshold %zu is not between 1 and the %zu trusted keys",
		         threshold, kr->n);
		return ATTEST_ERROR;
	}
	struct parsed_env p;
	if (envelope_parse(name, env, len, &p, d) != ATTEST_OK)
		return ATTEST_REJECTED;
	int rc = ATTEST_REJECTED;
	size_t count = 0;
	bool *seen = xcalloc(kr->n, sizeof(*seen)), *ok = xcalloc(p.nsigs, sizeof(*ok));
	struct strbuf pae = STRBUF_INIT, why = STRBUF_INIT;
	char q[80];

	if (strcmp(p.type, expected_type) != 0) {
		diag_set(d, name, 0, 0, "payloadType is '%s', expected '%s'",
		         diag_excerpt(q, sizeof(q), p.type, strlen(p.type)), expected_type);
		goto out;
	}
	attest_pae(&pae, p.type, p.payload, p.plen);
	for (size_t i = 0; i < p.nsigs; i++) {
		size_t k = signature_key(kr, keyring_find(kr, sig_keyid(&p, i)), &pae, p.sig[i],
		                         p.siglen[i]);
		ok[i] = k < kr->n;
		if (ok[i] && !seen[k]) {
			seen[k] = true;
			count++;
		}
	}
	if (count == 0) {
		explain_unverified(p.sigs, kr, name, d);
		goto out;
	}
	if (count < threshold) {
		/* name what the signatures that did not count are */
		for (size_t i = 0, listed = 0; i < p.nsigs && listed < 3; i++) {
			if (ok[i])
				continue;
			sb_printf(&why, "; signature %zu: ", i + 1);
			why_untrusted(&why, json_array_get(p.sigs, i), kr);
			listed++;
		}
		diag_set(d, name, 0, 0,
		         "%zu distinct trusted key%s verified (%zu signature%s), threshold is %zu%s",
		         count, count == 1 ? "" : "s", p.nsigs, p.nsigs == 1 ? "" : "s", threshold,
		         sb_str(&why));
		goto out;
	}
	out->payload = p.payload;
	out->payload_len = p.plen;
	p.payload = NULL;
	out->signers = xcalloc(count, sizeof(*out->signers));
	out->nsigners = 0;
	for (size_t i = 0; i < kr->n; i++)
		if (seen[i])
			out->signers[out->nsigners++] = kr->keys[i];
	rc = ATTEST_OK;
out:
	free(seen);
	free(ok);
	sb_release(&pae);
	sb_release(&why);
	parsed_release(&p);
	return rc;
}

int attest_envelope_kind(const char *name, const char *env, size_t len,
                         enum attest_envelope_kind *kind, struct diag *d)
{
	struct parsed_env p;
	if (envelope_parse(name, env, len, &p, d) != ATTEST_OK)
		return ATTEST_REJECTED;
	int rc = ATTEST_OK;
	char q[80];
	if (strcmp(p.type, ATTEST_INTOTO_PAYLOAD_TYPE) == 0)
		*kind = ATTEST_KIND_REPORT;
	else if (strcmp(p.type, ATTEST_APPROVAL_PAYLOAD_TYPE) == 0)
		*kind = ATTEST_KIND_APPROVAL;
	else {
		diag_set(d, name, 0, 0, "payloadType is '%s', expected '%s' (a report) or '%s' (an "
		                        "approval)",
		         diag_excerpt(q, sizeof(q), p.type, strlen(p.type)), ATTEST_INTOTO_PAYLOAD_TYPE,
		         ATTEST_APPROVAL_PAYLOAD_TYPE);
		rc = ATTEST_REJECTED;
	}
	parsed_release(&p);
	return rc;
}

int attest_envelope_cosign(const char *name, const char *env, size_t len,
                           const struct attest_key *k, char **out, size_t *outlen, struct diag *d)
{
	struct parsed_env p;
	if (envelope_parse(name, env, len, &p, d) != ATTEST_OK)
		return ATTEST_REJECTED;
	int rc = ATTEST_ERROR;
	struct strbuf pae = STRBUF_INIT;
	unsigned char *sig = NULL;
	size_t siglen;
	char *text = NULL;
	attest_pae(&pae, p.type, p.payload, p.plen);
	for (size_t i = 0; i < p.nsigs; i++) {
		const char *keyid = sig_keyid(&p, i);
		if (attest_key_verify_raw(k, pae.buf, pae.len, p.sig[i], p.siglen[i])) {
			diag_set(d, name, 0, 0, "already signed by this key (signature %zu, keyid %s)",
			         i + 1, attest_key_id(k));
			goto out;
		}
		if (keyid && strcmp(keyid, attest_key_id(k)) == 0) {
			diag_set(d, name, 0, 0,
			         "signature %zu names this key's keyid %s but this key does not verify "
			         "it: not adding a second signature under that keyid",
			         i + 1, keyid);
			goto out;
		}
	}
	if (attest_key_sign_raw(k, pae.buf, pae.len, &sig, &siglen, d) != ATTEST_OK)
		goto out;
	char *sig64 = attest_b64_encode(sig, siglen);
	json_array_append_new(p.sigs,
	                      json_pack("{s:s, s:s}", "keyid", attest_key_id(k), "sig", sig64));
	free(sig64);
	text = json_dumps(p.root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		diag_set(d, name, 0, 0, "cannot serialize the envelope");
		goto out;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, text);
	sb_putc(&sb, '\n');
	*outlen = sb.len;
	*out = sb_detach(&sb);
	rc = ATTEST_OK;
out:
	free(text);
	free(sig);
	sb_release(&pae);
	parsed_release(&p);
	return rc;
}
