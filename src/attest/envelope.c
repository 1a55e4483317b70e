/* Generic DSSE envelopes: write them in chipgate's layout, verify one
 * against a keyring, tell its kind, and add a signature to it. Envelopes
 * are read by envelope_read.c, in two passes and never as a tree.
 * Verification must never look inside the payload: it hands the bytes
 * back only after enough distinct trusted keys have signed them, and
 * every way an envelope can be wrong has its own reason. */
#include "attest/internal.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------------- */

void env_write_head(FILE *fp, const char *type)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "{\n  \"payloadType\": ");
	sb_json_string(&sb, type);
	sb_puts(&sb, ",\n  \"payload\": \"");
	fwrite(sb.buf, 1, sb.len, fp);
	sb_release(&sb);
}

int env_write_tail(FILE *fp, struct attest_key *const *signers, unsigned char *const *sigs,
                   const size_t *siglens, size_t n)
{
	fputs("\",\n  \"signatures\": [", fp);
	for (size_t i = 0; i < n; i++) {
		char *sig64 = attest_b64_encode(sigs[i], siglens[i]);
		fprintf(fp, "%s\n    {\n      \"keyid\": \"%s\",\n      \"sig\": \"%s\"\n    }",
		        i ? "," : "", attest_key_id(signers[i]), sig64);
		free(sig64);
	}
	fputs("\n  ]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* Chunks of a multiple of 3 bytes, encoded at a time. */
#define B64_OUT_CHUNK ((size_t)3 * 16384)

int b64_out_put(struct b64_out *b, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	unsigned char enc[B64_OUT_CHUNK / 3 * 4 + 1];
	if (b->ncarry) { /* complete the group the previous call left open */
		size_t take = 3 - b->ncarry < n ? 3 - b->ncarry : n;
		memcpy(b->carry + b->ncarry, p, take);
		b->ncarry += take;
		p += take;
		n -= take;
		if (b->ncarry < 3)
			return ferror(b->fp) ? -1 : 0;
		EVP_EncodeBlock(enc, b->carry, 3);
		if (fwrite(enc, 1, 4, b->fp) != 4)
			return -1;
		b->ncarry = 0;
	}
	while (n >= 3) {
		size_t k = n < B64_OUT_CHUNK ? n / 3 * 3 : B64_OUT_CHUNK;
		int m = EVP_EncodeBlock(enc, p, (int)k);
		if (fwrite(enc, 1, (size_t)m, b->fp) != (size_t)m)
			return -1;
		p += k;
		n -= k;
	}
	memcpy(b->carry, p, n); /* n < 3: kept for the next call or the end */
	b->ncarry = n;
	return ferror(b->fp) ? -1 : 0;
}

int b64_out_end(struct b64_out *b)
{
	if (b->ncarry) {
		unsigned char enc[5];
		int m = EVP_EncodeBlock(enc, b->carry, (int)b->ncarry);
		fwrite(enc, 1, (size_t)m, b->fp);
		b->ncarry = 0;
	}
	return ferror(b->fp) ? -1 : 0;
}

int attest_envelope_sign(const void *payload, size_t len, const char *payload_type,
                         struct attest_key *const *signers, size_t nsigners, char **out,
                         size_t *outlen, struct diag *d)
{
	if (nsigners == 0) {
		diag_set(d, NULL, 0, 0, "no signing key");
		return ATTEST_ERROR;
	}
	if (text_validate("<payloadType>", payload_type, strlen(payload_type), d) != 0) {
		diag_set(d, NULL, 0, 0, "payloadType is not valid UTF-8");
		return ATTEST_ERROR;
	}
	struct strbuf pae = STRBUF_INIT;
	attest_pae(&pae, payload_type, payload, len);
	unsigned char **sigs = xcalloc(nsigners, sizeof(*sigs));
	size_t *siglens = xcalloc(nsigners, sizeof(*siglens));
	int rc = ATTEST_ERROR;
	for (size_t i = 0; i < nsigners; i++)
		if (attest_key_sign_raw(signers[i], pae.buf, pae.len, &sigs[i], &siglens[i], d) != 0)
			goto out;
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);
	if (!fp) {
		diag_set(d, NULL, 0, 0, "out of memory");
		goto out;
	}
	env_write_head(fp, payload_type);
	struct b64_out b = {fp, {0, 0, 0}, 0};
	b64_out_put(&b, payload, len);
	b64_out_end(&b);
	int wr = env_write_tail(fp, signers, sigs, siglens, nsigners);
	if (fclose(fp) != 0 || wr != 0) {
		free(text);
		diag_set(d, NULL, 0, 0, "cannot serialize the envelope");
		goto out;
	}
	*out = text;
	*outlen = n;
	rc = ATTEST_OK;
out:
	for (size_t i = 0; i < nsigners; i++)
		free(sigs[i]);
	free(sigs);
	free(siglens);
	sb_release(&pae);
	return rc;
}

/* ---- verification -------------------------------------------------------------- */

void attest_verified_release(struct attest_verified *v)
{
	free(v->mem);
	free(v->signers);
	v->mem = v->payload = NULL;
	v->signers = NULL;
	v->payload_len = v->nsigners = 0;
}

/* Index in KR of the key a signature hints at with KEYID, or KR->n. */
static size_t keyring_find(const struct attest_keyring *kr, const char *keyid)
{
	for (size_t i = 0; keyid && i < kr->n; i++)
		if (strcmp(attest_key_id(kr->keys[i]), keyid) == 0)
			return i;
	return kr->n;
}

/* The keyring index of the key whose signature SIG is over the PAE (the
 * hinted key HINT first), or KR->n when none. */
static size_t signature_key(const struct attest_keyring *kr, size_t hint, const unsigned char *pae,
                            size_t len, const unsigned char md[32], const struct env_sig *sig)
{
	if (hint < kr->n && key_verify_pae(kr->keys[hint], pae, len, md, sig->sig, sig->siglen))
		return hint;
	for (size_t i = 0; i < kr->n; i++)
		if (i != hint && key_verify_pae(kr->keys[i], pae, len, md, sig->sig, sig->siglen))
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
 * what it claims: a keyid is only a hint, so say what is known -- which key
 * it names and that that key does not verify it -- not what happened. */
static void why_untrusted(struct strbuf *out, const struct env_sig *sig,
                          const struct attest_keyring *kr)
{
	const char *keyid = sig->keyid;
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
static void explain_unverified(const struct attest_envelope *e, const struct attest_keyring *kr,
                               struct diag *d)
{
	size_t n = e->nsigs;
	struct strbuf why = STRBUF_INIT;
	if (n == 1) {
		why_untrusted(&why, &e->sigs[0], kr);
		diag_set(d, e->name, 0, 0, "no trusted key made this signature (%s)", why.buf);
	} else {
		for (size_t i = 0; i < n && i < 3; i++) {
			sb_printf(&why, "%ssignature %zu: ", i ? "; " : "", i + 1);
			why_untrusted(&why, &e->sigs[i], kr);
		}
		diag_set(d, e->name, 0, 0, "no trusted key made any of the %zu signatures (%s%s)", n,
		         why.buf, n > 3 ? "; ..." : "");
	}
	sb_release(&why);
}

int attest_envelope_check(struct attest_envelope *e, const char *expected_type,
                          const struct attest_keyring *kr, size_t threshold,
                          struct attest_verified *out, struct diag *d)
{
	if (kr->n == 0 || threshold == 0 || threshold > kr->n) {
		diag_set(d, e->name, 0, 0, "threshold %zu is not between 1 and the %zu trusted keys",
		         threshold, kr->n);
		return ATTEST_ERROR;
	}
	char q[80];
	if (strcmp(e->type, expected_type) != 0) {
		diag_set(d, e->name, 0, 0, "payloadType is '%s', expected '%s'",
		         diag_excerpt(q, sizeof(q), e->type, strlen(e->type)), expected_type);
		return ATTEST_REJECTED;
	}
	unsigned char *buf;
	size_t hdr;
	int rc = env_read_pae(e, &buf, &hdr, d);
	if (rc != ATTEST_OK)
		return rc;
	size_t len = hdr + e->payload_len, count = 0;
	/* ECDSA and RSA-PSS verify the PAE's SHA-256: computed once */
	unsigned char md[32];
	sha256_raw(buf, len, md);
	bool *seen = xcalloc(kr->n, sizeof(*seen)), *ok = xcalloc(e->nsigs, sizeof(*ok));
	struct strbuf why = STRBUF_INIT;
	rc = ATTEST_REJECTED;
	for (size_t i = 0; i < e->nsigs; i++) {
		size_t k = signature_key(kr, keyring_find(kr, e->sigs[i].keyid), buf, len, md,
		                         &e->sigs[i]);
		ok[i] = k < kr->n;
		if (ok[i] && !seen[k]) {
			seen[k] = true;
			count++;
		}
	}
	if (count == 0) {
		explain_unverified(e, kr, d);
		goto out;
	}
	if (count < threshold) {
		/* name what the signatures that did not count are */
		for (size_t i = 0, listed = 0; i < e->nsigs && listed < 3; i++) {
			if (ok[i])
				continue;
			sb_printf(&why, "; signature %zu: ", i + 1);
			why_untrusted(&why, &e->sigs[i], kr);
			listed++;
		}
		diag_set(d, e->name, 0, 0,
		         "%zu distinct trusted key%s verified (%zu signature%s), threshold is %zu%s",
		         count, count == 1 ? "" : "s", e->nsigs, e->nsigs == 1 ? "" : "s", threshold,
		         sb_str(&why));
		goto out;
	}
	out->mem = buf;
	out->payload = buf + hdr;
	out->payload_len = e->payload_len;
	buf = NULL;
	out->signers = xcalloc(count, sizeof(*out->signers));
	out->nsigners = 0;
	for (size_t i = 0; i < kr->n; i++)
		if (seen[i])
			out->signers[out->nsigners++] = kr->keys[i];
	rc = ATTEST_OK;
out:
	free(buf);
	free(seen);
	free(ok);
	sb_release(&why);
	return rc;
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
	struct attest_envelope *e;
	int rc = attest_envelope_open_text(name, env, len, &e, d);
	if (rc != ATTEST_OK)
		return rc == ATTEST_ERROR ? ATTEST_ERROR : ATTEST_REJECTED;
	rc = attest_envelope_check(e, expected_type, kr, threshold, out, d);
	attest_envelope_free(e);
	return rc;
}

/* ---- kinds ------------------------------------------------------------------------ */

int attest_envelope_get_kind(const struct attest_envelope *e, enum attest_envelope_kind *kind,
                             struct diag *d)
{
	char q[80];
	if (strcmp(e->type, ATTEST_INTOTO_PAYLOAD_TYPE) == 0)
		*kind = ATTEST_KIND_REPORT;
	else if (strcmp(e->type, ATTEST_APPROVAL_PAYLOAD_TYPE) == 0)
		*kind = ATTEST_KIND_APPROVAL;
	else {
		diag_set(d, e->name, 0, 0,
		         "payloadType is '%s', expected '%s' (a report) or '%s' (an approval)",
		         diag_excerpt(q, sizeof(q), e->type, strlen(e->type)), ATTEST_INTOTO_PAYLOAD_TYPE,
		         ATTEST_APPROVAL_PAYLOAD_TYPE);
		return ATTEST_REJECTED;
	}
	return ATTEST_OK;
}

int attest_envelope_kind(const char *name, const char *env, size_t len,
                         enum attest_envelope_kind *kind, struct diag *d)
{
	struct attest_envelope *e;
	int rc = attest_envelope_open_text(name, env, len, &e, d);
	if (rc != ATTEST_OK)
		return ATTEST_REJECTED;
	rc = attest_envelope_get_kind(e, kind, d);
	attest_envelope_free(e);
	return rc;
}

/* ---- cosigning --------------------------------------------------------------------- */

int attest_envelope_cosign_write(const char *name, const char *env, size_t len,
                                 const struct attest_key *k, FILE *fp, struct diag *d)
{
	struct attest_envelope *e;
	int rc = attest_envelope_open_text(name, env, len, &e, d);
	if (rc != ATTEST_OK)
		return ATTEST_REJECTED;
	unsigned char *pae = NULL, *sig = NULL;
	size_t hdr, siglen;
	rc = env_read_pae(e, &pae, &hdr, d);
	if (rc != ATTEST_OK)
		goto out;
	rc = ATTEST_ERROR;
	size_t plen = hdr + e->payload_len;
	unsigned char md[32];
	sha256_raw(pae, plen, md);
	for (size_t i = 0; i < e->nsigs; i++) {
		const char *keyid = e->sigs[i].keyid;
		if (key_verify_pae(k, pae, plen, md, e->sigs[i].sig, e->sigs[i].siglen)) {
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
	if (attest_key_sign_raw(k, pae, plen, &sig, &siglen, d) != ATTEST_OK)
		goto out;
	/* the envelope as it is, with the new signature after the last one */
	char *sig64 = attest_b64_encode(sig, siglen);
	fwrite(env, 1, e->sigs_end, fp);
	fprintf(fp, ",\n    {\n      \"keyid\": \"%s\",\n      \"sig\": \"%s\"\n    }",
	        attest_key_id(k), sig64);
	fwrite(env + e->sigs_end, 1, len - e->sigs_end, fp);
	free(sig64);
	if (ferror(fp)) {
		diag_set(d, name, 0, 0, "write error");
		goto out;
	}
	rc = ATTEST_OK;
out:
	free(pae);
	free(sig);
	attest_envelope_free(e);
	return rc;
}

int attest_envelope_cosign(const char *name, const char *env, size_t len,
                           const struct attest_key *k, char **out, size_t *outlen, struct diag *d)
{
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);
	if (!fp) {
		diag_set(d, name, 0, 0, "out of memory");
		return ATTEST_ERROR;
	}
	int rc = attest_envelope_cosign_write(name, env, len, k, fp, d);
	if (fclose(fp) != 0 && rc == ATTEST_OK) {
		diag_set(d, name, 0, 0, "out of memory");
		rc = ATTEST_ERROR;
	}
	if (rc != ATTEST_OK) {
		free(text);
		return rc;
	}
	*out = text;
	*outlen = n;
	return ATTEST_OK;
}
