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

/* Why no signature verified: a trusted key was named but its signature
 * is wrong (something was altered), or no signature names a trusted key. */
static void explain_unverified(json_t *sigs, const struct attest_keyring *kr, const char *name,
                               struct diag *d)
{
	const char *other = NULL;
	for (size_t i = 0; i < json_array_size(sigs); i++) {
		const char *keyid =
		    json_string_value(json_object_get(json_array_get(sigs, i), "keyid"));
		if (keyring_find(kr, keyid) < kr->n) {
			diag_set(
			    d, name, 0, 0,
			    "signature by trusted key %.16s does not verify: the payload or the "
			    "signature was altered",
			    keyid);
			return;
		}
		if (keyid && *keyid && !other)
			other = keyid;
	}
	char q[80];
	if (other)
		diag_set(
		    d, name, 0, 0,
		    "no signature verifies with a trusted key (signed by untrusted keyid '%s')",
		    diag_excerpt(q, sizeof(q), other, strnlen(other, 16)));
	else
		diag_set(d, name, 0, 0, "no signature verifies with a trusted key");
}

/* Check every signature in SIGS over PAE; mark the keys that verified in
 * SEEN (kr->n flags) and count them in *count. */
static int verify_signatures(json_t *sigs, const struct attest_keyring *kr,
                             const struct strbuf *pae, bool *seen, size_t *count, const char *name,
                             struct diag *d)
{
	*count = 0;
	for (size_t i = 0; i < json_array_size(sigs); i++) {
		json_t *s = json_array_get(sigs, i);
		json_t *keyid = json_object_get(s, "keyid");
		const char *sig64 = json_string_value(json_object_get(s, "sig"));
		if (!json_is_object(s) || !sig64 || (keyid && !json_is_string(keyid))) {
			diag_set(d, name, 0, 0, "signature %zu is malformed (needs a 'sig' string)",
			         i + 1);
			return ATTEST_REJECTED;
		}
		unsigned char *sig;
		size_t siglen;
		if (attest_b64_decode(sig64, strlen(sig64), &sig, &siglen) != 0) {
			diag_set(d, name, 0, 0, "signature %zu is not valid base64", i + 1);
			return ATTEST_REJECTED;
		}
		size_t hint = keyring_find(kr, json_string_value(keyid));
		size_t k = signature_key(kr, hint, pae, sig, siglen);
		free(sig);
		if (k < kr->n && !seen[k]) {
			seen[k] = true;
			(*count)++;
		}
	}
	return ATTEST_OK;
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
	json_error_t jerr;
	json_t *root = json_loadb(env, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		diag_set(d, name, 0, 0, "envelope is not valid JSON (line %d, column %d): %s",
		         jerr.line, jerr.column, jerr.text);
		return ATTEST_REJECTED;
	}
	int rc = ATTEST_REJECTED;
	unsigned char *payload = NULL;
	size_t plen = 0, count = 0;
	bool *seen = NULL;
	struct strbuf pae = STRBUF_INIT;
	const char *type, *payload64;
	json_t *sigs = json_object_get(root, "signatures");
	char q[80];

	if (!json_is_object(root)) {
		diag_set(d, name, 0, 0, "envelope is not a JSON object");
		goto out;
	}
	if (!(type = member_string(root, "payloadType", "envelope", name, d)) ||
	    !(payload64 = member_string(root, "payload", "envelope", name, d)))
		goto out;
	if (strcmp(type, expected_type) != 0) {
		diag_set(d, name, 0, 0, "payloadType is '%s', expected '%s'",
		         diag_excerpt(q, sizeof(q), type, strlen(type)), expected_type);
		goto out;
	}
	if (attest_b64_decode(payload64, strlen(payload64), &payload, &plen) != 0) {
		diag_set(d, name, 0, 0, "payload is not valid base64");
		goto out;
	}
	if (!json_is_array(sigs)) {
		diag_set(d, name, 0, 0, "envelope has no 'signatures' array");
		goto out;
	}
	if (json_array_size(sigs) == 0) {
		diag_set(d, name, 0, 0, "envelope has no signatures");
		goto out;
	}
	attest_pae(&pae, type, payload, plen);
	seen = xcalloc(kr->n, sizeof(*seen));
	if (verify_signatures(sigs, kr, &pae, seen, &count, name, d) != ATTEST_OK)
		goto out;
	if (count == 0) {
		explain_unverified(sigs, kr, name, d);
		goto out;
	}
	if (count < threshold) {
		diag_set(d, name, 0, 0,
		         "%zu distinct trusted key%s verified (%zu signature%s), threshold is %zu",
		         count, count == 1 ? "" : "s", json_array_size(sigs),
		         json_array_size(sigs) == 1 ? "" : "s", threshold);
		goto out;
	}
	out->payload = payload;
	out->payload_len = plen;
	out->signers = xcalloc(count, sizeof(*out->signers));
	out->nsigners = 0;
	for (size_t i = 0; i < kr->n; i++)
		if (seen[i])
			out->signers[out->nsigners++] = kr->keys[i];
	payload = NULL;
	rc = ATTEST_OK;
out:
	free(payload);
	free(seen);
	sb_release(&pae);
	json_decref(root);
	return rc;
}
