/* Keys: what a key is (one of the three accepted types, identified by
 * the SHA-256 of its canonical public encoding), loading a trusted public
 * key, keyrings, the raw sign / verify primitives, and generating a key
 * pair. Loading a private key, with its passphrase and file checks, is
 * key_load.c's. It must never keep private key bytes in memory longer
 * than needed (everything secret is wiped), and never overwrite an
 * existing key file. */
#include "attest/internal.h"

#include <errno.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/params.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct attest_key {
	EVP_PKEY *pkey; /* private or public; freed (and wiped) with the key */
	enum attest_key_type type;
	/* The public key as canonical DER SubjectPublicKeyInfo: EC points
	 * uncompressed on the named curve, RSA as (n, e), Ed25519 raw. One
	 * key has one encoding here however it was written, so comparing
	 * these bytes compares keys; the keyid is their SHA-256. */
	unsigned char *spki;
	size_t spki_len;
	char keyid[SHA256_HEX_LEN + 1];
};

/* PBKDF2-HMAC-SHA256 rounds for encrypted keys (OpenSSL's default is 2048). */
#define KEY_PBKDF2_ITER 100000

static const char *const key_type_names[] = {
    [ATTEST_KEY_ED25519] = "ed25519",
    [ATTEST_KEY_ECDSA_P256] = "ecdsa-p256",
    [ATTEST_KEY_RSA] = "rsa-3072",
};

int attest_key_type_parse(const char *name, enum attest_key_type *out)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(key_type_names); i++)
		if (strcmp(name, key_type_names[i]) == 0) {
			*out = (enum attest_key_type)i;
			return 0;
		}
	return -1;
}

const char *attest_key_type_name(enum attest_key_type t)
{
	return key_type_names[t];
}

const char *key_ossl_reason(char *buf, size_t size)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	snprintf(buf, size, "%s", r ? r : "unknown openssl error");
	ERR_clear_error();
	return buf;
}

/* Classify PK as one of the accepted key types, or explain why not. */
static int key_classify(EVP_PKEY *pk, const char *name, enum attest_key_type *t, struct diag *d)
{
	if (EVP_PKEY_is_a(pk, "ED25519")) {
		*t = ATTEST_KEY_ED25519;
		return 0;
	}
	if (EVP_PKEY_is_a(pk, "EC")) {
		char group[64] = "";
		if (EVP_PKEY_get_group_name(pk, group, sizeof(group), NULL) == 1 &&
		    (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0)) {
			*t = ATTEST_KEY_ECDSA_P256;
			return 0;
		}
		diag_set(d, name, 0, 0, "unsupported elliptic curve '%s' (only P-256 is accepted)",
		         group);
		return -1;
	}
	if (EVP_PKEY_is_a(pk, "RSA")) {
		if (EVP_PKEY_get_bits(pk) < 2048) {
			diag_set(d, name, 0, 0, "rsa key of %d bits is too small (at least 2048)",
			         EVP_PKEY_get_bits(pk));
			return -1;
		}
		*t = ATTEST_KEY_RSA;
		return 0;
	}
	const char *tn = EVP_PKEY_get0_type_name(pk);
	diag_set(d, name, 0, 0, "%s keys are not supported (ed25519, ecdsa-p256, rsa-3072)",
	         tn ? tn : "these");
	return -1;
}

/* A new public-only key holding the public value of PK (of type T),
 * rebuilt from its numbers, so that its DER encoding is canonical: an EC
 * point uncompressed on the named curve (whatever the point form or the
 * curve parameters PK was written with), RSA's (n, e), Ed25519's 32 bytes.
 * NULL when the numbers cannot be had. */
static EVP_PKEY *key_public_canonical(EVP_PKEY *pk, enum attest_key_type t)
{
	EVP_PKEY *out = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM params[3];
	BIGNUM *a = NULL, *b = NULL;
	unsigned char buf[1 + 2 * 32];
	unsigned char *der = NULL;
	int derlen = 0;

	switch (t) {
	case ATTEST_KEY_ED25519: {
		size_t n = 32;
		if (EVP_PKEY_get_raw_public_key(pk, buf, &n) == 1 && n == 32)
			out = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, buf, n);
		return out;
	}
	case ATTEST_KEY_ECDSA_P256:
		if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_X, &a) != 1 ||
		    EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_Y, &b) != 1 ||
		    BN_bn2binpad(a, buf + 1, 32) != 32 || BN_bn2binpad(b, buf + 33, 32) != 32)
			goto out;
		buf[0] = 0x04; /* uncompressed point */
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
		                                             (char *)"prime256v1", 0);
		params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, buf,
		                                              sizeof(buf));
		params[2] = OSSL_PARAM_construct_end();
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
		break;
	case ATTEST_KEY_RSA:
		if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &a) != 1 ||
		    EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_E, &b) != 1)
			goto out;
		/* OSSL_PARAM integers are native-endian bytes */
		derlen = BN_num_bytes(a);
		der = OPENSSL_zalloc((size_t)derlen + (size_t)BN_num_bytes(b) + 2);
		if (!der || BN_bn2nativepad(a, der, derlen) < 0 ||
		    BN_bn2nativepad(b, der + derlen, BN_num_bytes(b)) < 0)
			goto out;
		params[0] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N, der, (size_t)derlen);
		params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E, der + derlen,
		                                    (size_t)BN_num_bytes(b));
		params[2] = OSSL_PARAM_construct_end();
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
		break;
	}
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &out, EVP_PKEY_PUBLIC_KEY, params) != 1)
		out = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	BN_free(a);
	BN_free(b);
	return out;
}

int key_wrap(EVP_PKEY *pk, const char *name, bool is_private, struct attest_key **out,
             struct diag *d)
{
	enum attest_key_type t;
	char why[256];
	if (key_classify(pk, name, &t, d) != 0) {
		EVP_PKEY_free(pk);
		return ATTEST_ERROR;
	}
	EVP_PKEY *canon = key_public_canonical(pk, t);
	unsigned char *der = NULL;
	int n = canon ? i2d_PUBKEY(canon, &der) : -1;
	if (n <= 0) {
		diag_set(d, name, 0, 0, "cannot encode the public key: %s",
		         key_ossl_reason(why, sizeof(why)));
		EVP_PKEY_free(canon);
		EVP_PKEY_free(pk);
		return ATTEST_ERROR;
	}
	struct attest_key *k = xcalloc(1, sizeof(*k));
	if (is_private) {
		k->pkey = pk;
		EVP_PKEY_free(canon);
	} else {
		k->pkey = canon;
		EVP_PKEY_free(pk);
	}
	k->type = t;
	k->spki = xmalloc((size_t)n);
	memcpy(k->spki, der, (size_t)n);
	k->spki_len = (size_t)n;
	sha256_hex(der, (size_t)n, k->keyid);
	OPENSSL_free(der);
	*out = k;
	return ATTEST_OK;
}

void attest_key_free(struct attest_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey); /* wipes private material */
	free(k->spki);
	free(k);
}

const char *attest_key_id(const struct attest_key *k)
{
	return k->keyid;
}

bool attest_key_equal(const struct attest_key *a, const struct attest_key *b)
{
	return a->spki_len == b->spki_len && memcmp(a->spki, b->spki, a->spki_len) == 0;
}

enum attest_key_type attest_key_get_type(const struct attest_key *k)
{
	return k->type;
}

/* ---- public keys --------------------------------------------------------- */

int attest_key_load_public(const char *path, struct attest_key **out, struct diag *d)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (file_read_all(path, &buf, &len, d) != 0)
		return ATTEST_ERROR;
	EVP_PKEY *pk = NULL;
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	if (bio && strstr(buf, "-----BEGIN "))
		pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	else if (bio)
		pk = d2i_PUBKEY_bio(bio, NULL);
	BIO_free(bio);
	if (!pk && strstr(buf, "PRIVATE KEY-----")) {
		diag_set(d, path, 0, 0,
		         "this is a private key: pass the public key (.pub) instead");
		ERR_clear_error();
	} else if (!pk) {
		diag_set(d, path, 0, 0, "not a public key (PEM or DER SubjectPublicKeyInfo)");
		ERR_clear_error();
	}
	free(buf);
	if (!pk)
		return ATTEST_ERROR;
	return key_wrap(pk, path, false, out, d);
}

/* ---- keyrings ------------------------------------------------------------ */

size_t attest_keyring_find(const struct attest_keyring *kr, const struct attest_key *k)
{
	for (size_t i = 0; i < kr->n; i++)
		if (attest_key_equal(kr->keys[i], k))
			return i;
	return kr->n;
}

void attest_keyring_add(struct attest_keyring *kr, struct attest_key *k)
{
	if (attest_keyring_find(kr, k) < kr->n) {
		attest_key_free(k);
		return;
	}
	XGROW(kr->keys, kr->cap, kr->n + 1);
	kr->keys[kr->n++] = k;
}

int attest_keyring_add_file(struct attest_keyring *kr, const char *path, struct diag *d)
{
	struct attest_key *k;
	if (attest_key_load_public(path, &k, d) != 0)
		return ATTEST_ERROR;
	attest_keyring_add(kr, k);
	return ATTEST_OK;
}

void attest_keyring_release(struct attest_keyring *kr)
{
	for (size_t i = 0; i < kr->n; i++)
		attest_key_free(kr->keys[i]);
	free(kr->keys);
	kr->keys = NULL;
	kr->n = kr->cap = 0;
}

/* ---- raw signatures ------------------------------------------------------ */

/* Set up PCTX for RSA-PSS: SHA-256, MGF1-SHA-256, salt = digest length. */
static bool set_pss(EVP_PKEY_CTX *pctx)
{
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
	       EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", NULL) == 1;
}

/* The digest to name in DigestSign/Verify: none for Ed25519 (one-shot). */
static const char *key_md(const struct attest_key *k)
{
	return k->type == ATTEST_KEY_ED25519 ? NULL : "SHA256";
}

int attest_key_sign_raw(const struct attest_key *k, const void *msg, size_t len,
                        unsigned char **sig, size_t *siglen, struct diag *d)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *buf = NULL;
	size_t n = 0;
	char why[256];
	if (!mctx ||
	    EVP_DigestSignInit_ex(mctx, &pctx, key_md(k), NULL, NULL, k->pkey, NULL) != 1 ||
	    (k->type == ATTEST_KEY_RSA && !set_pss(pctx)) ||
	    EVP_DigestSign(mctx, NULL, &n, msg, len) != 1)
		goto fail;
	buf = xmalloc(n);
	if (EVP_DigestSign(mctx, buf, &n, msg, len) != 1)
		goto fail;
	EVP_MD_CTX_free(mctx);
	*sig = buf;
	*siglen = n;
	return ATTEST_OK;
fail:
	diag_set(d, NULL, 0, 0, "signing failed: %s", key_ossl_reason(why, sizeof(why)));
	free(buf);
	EVP_MD_CTX_free(mctx);
	return ATTEST_ERROR;
}

bool attest_key_verify_raw(const struct attest_key *k, const void *msg, size_t len,
                           const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = mctx &&
	          EVP_DigestVerifyInit_ex(mctx, &pctx, key_md(k), NULL, NULL, k->pkey, NULL) == 1 &&
	          (k->type != ATTEST_KEY_RSA || set_pss(pctx)) &&
	          EVP_DigestVerify(mctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(mctx);
	ERR_clear_error();
	return ok;
}

bool key_verify_pae(const struct attest_key *k, const void *msg, size_t len,
                    const unsigned char digest[32], const unsigned char *sig, size_t siglen)
{
	if (k->type == ATTEST_KEY_ED25519)
		return attest_key_verify_raw(k, msg, len, sig, siglen);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	bool ok = ctx && EVP_PKEY_verify_init(ctx) == 1 &&
	          EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	          (k->type != ATTEST_KEY_RSA || set_pss(ctx)) &&
	          EVP_PKEY_verify(ctx, sig, siglen, digest, 32) == 1;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

struct key_signer {
	EVP_MD_CTX *mctx;
};

struct key_signer *key_signer_new(const struct attest_key *k, struct diag *d)
{
	char why[256];
	EVP_PKEY_CTX *pctx = NULL;
	struct key_signer *s = xcalloc(1, sizeof(*s));
	s->mctx = EVP_MD_CTX_new();
	if (k->type == ATTEST_KEY_ED25519 || !s->mctx ||
	    EVP_DigestSignInit_ex(s->mctx, &pctx, "SHA256", NULL, NULL, k->pkey, NULL) != 1 ||
	    (k->type == ATTEST_KEY_RSA && !set_pss(pctx))) {
		diag_set(d, NULL, 0, 0, "signing failed: %s",
		         k->type == ATTEST_KEY_ED25519 ? "ed25519 signs in one shot"
		                                       : key_ossl_reason(why, sizeof(why)));
		key_signer_free(s);
		return NULL;
	}
	return s;
}

int key_signer_update(struct key_signer *s, const void *p, size_t n)
{
	return n == 0 || EVP_DigestSignUpdate(s->mctx, p, n) == 1 ? 0 : -1;
}

int key_signer_final(struct key_signer *s, unsigned char **sig, size_t *siglen, struct diag *d)
{
	char why[256];
	size_t n = 0;
	unsigned char *buf = NULL;
	if (EVP_DigestSignFinal(s->mctx, NULL, &n) == 1) {
		buf = xmalloc(n);
		if (EVP_DigestSignFinal(s->mctx, buf, &n) == 1) {
			*sig = buf;
			*siglen = n;
			return ATTEST_OK;
		}
	}
	diag_set(d, NULL, 0, 0, "signing failed: %s", key_ossl_reason(why, sizeof(why)));
	free(buf);
	return ATTEST_ERROR;
}

void key_signer_free(struct key_signer *s)
{
	if (!s)
		return;
	EVP_MD_CTX_free(s->mctx);
	free(s);
}

/* ---- key generation ------------------------------------------------------ */

static EVP_PKEY *key_generate(enum attest_key_type t)
{
	switch (t) {
	case ATTEST_KEY_ED25519:
		return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	case ATTEST_KEY_ECDSA_P256:
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	case ATTEST_KEY_RSA:
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
	}
	return NULL;
}

/* PEM PKCS#8 of PK into BIO, encrypted (PBES2: PBKDF2-HMAC-SHA256,
 * AES-256-CBC) when PASS is not NULL. */
static int write_pkcs8(BIO *bio, EVP_PKEY *pk, const char *pass)
{
	if (!pass)
		return PEM_write_bio_PKCS8PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL);
	int ok = 0;
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(pk);
	X509_SIG *enc = NULL;
	if (p8)
		enc = PKCS8_encrypt_ex(-1, EVP_aes_256_cbc(), pass, (int)strlen(pass), NULL, 16,
		                       KEY_PBKDF2_ITER, p8, NULL, NULL);
	if (enc)
		ok = PEM_write_bio_PKCS8(bio, enc);
	X509_SIG_free(enc);
	PKCS8_PRIV_KEY_INFO_free(p8); /* clears the key bytes */
	return ok;
}

/* Create PATH holding BUF with MODE, failing if PATH exists: written to
 * a temporary file beside it (tempfile.c: removed on SIGINT, SIGTERM and
 * SIGHUP, and by a later run after SIGKILL), synced, and linked into
 * place, so PATH never holds a partial key and an existing file is never
 * replaced. */
static int write_new_file(const char *path, const void *buf, size_t len, unsigned mode,
                          struct diag *d)
{
	struct outfile of;
	if (outfile_open(&of, path, mode, d) != 0)
		return ATTEST_ERROR;
	/* unbuffered: the key goes from BUF to the file, never through a
	 * stdio buffer that would be freed without being wiped */
	setvbuf(of.fp, NULL, _IONBF, 0);
	if (len && fwrite(buf, 1, len, of.fp) != len) {
		outfile_write_error(&of, d);
		outfile_abort(&of);
		return ATTEST_ERROR;
	}
	return outfile_commit_new(&of, d) == 0 ? ATTEST_OK : ATTEST_ERROR;
}

/* The contents of a memory BIO. */
static size_t bio_contents(BIO *bio, const char **p)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);
	*p = data;
	return n > 0 ? (size_t)n : 0;
}

int attest_keygen(enum attest_key_type t, const char *prefix, const char *passphrase,
                  char keyid[SHA256_HEX_LEN + 1], struct diag *d)
{
	struct strbuf keypath = STRBUF_INIT, pubpath = STRBUF_INIT;
	sb_printf(&keypath, "%s.key", prefix);
	sb_printf(&pubpath, "%s.pub", prefix);
	struct attest_key *k = NULL;
	BIO *priv = NULL, *pub = NULL;
	int rc = ATTEST_ERROR;
	char why[256];
	struct stat st;

	const char *paths[] = {sb_str(&keypath), sb_str(&pubpath)};
	for (size_t i = 0; i < 2; i++)
		if (lstat(paths[i], &st) == 0 || errno != ENOENT) {
			diag_set(d, paths[i], 0, 0, "already exists: not overwritten");
			goto out;
		}
	EVP_PKEY *pk = key_generate(t);
	if (!pk) {
		diag_set(d, prefix, 0, 0, "key generation failed: %s",
		         key_ossl_reason(why, sizeof(why)));
		goto out;
	}
	if (key_wrap(pk, prefix, true, &k, d) != 0)
		goto out;
	/* the secure-memory BIO wipes its buffer when freed */
	priv = BIO_new(BIO_s_secmem());
	pub = BIO_new(BIO_s_mem());
	if (!priv || !pub || write_pkcs8(priv, k->pkey, passphrase) != 1 ||
	    PEM_write_bio_PUBKEY(pub, k->pkey) != 1) {
		diag_set(d, prefix, 0, 0, "cannot encode the key: %s",
		         key_ossl_reason(why, sizeof(why)));
		goto out;
	}
	const char *data;
	size_t n = bio_contents(priv, &data);
	if (write_new_file(paths[0], data, n, 0600, d) != 0)
		goto out;
	n = bio_contents(pub, &data);
	if (write_new_file(paths[1], data, n, 0644, d) != 0) {
		unlink(paths[0]);
		goto out;
	}
	if (keyid)
		memcpy(keyid, k->keyid, sizeof(k->keyid));
	rc = ATTEST_OK;
out:
	BIO_free(priv);
	BIO_free(pub);
	attest_key_free(k);
	sb_release(&keypath);
	sb_release(&pubpath);
	return rc;
}
