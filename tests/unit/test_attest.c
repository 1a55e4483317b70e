/* Unit tests for src/attest: strict base64, PAE, keys of every type,
 * DSSE sign/verify round trips, thresholds, every tamper case, the
 * golden envelope, encrypted and over-readable keys, keygen.
 *
 * Committed keys lose their 0600 mode in git, so the group setup copies
 * them into a temporary directory with mode 0600 first.
 * CHIPGATE_UPDATE_GOLDEN=1 rewrites tests/fixtures/attest/golden.dsse.json
 * (and the ECDSA / RSA sample envelopes) before comparing; review the diff
 * before committing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest/attest.h"
#include "attest/internal.h"

#define FIX FIXTURES "/attest"
#define SCRATCH_DIR "/tmp/chipgate-attest-XXXXXX"

#include "helpers.h"

#define PASSPHRASE "chipgate-test"

static const char *const key_names[] = {"ed25519", "ecdsa-p256", "rsa-3072"};

/* ---- helpers ----------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	struct diag d;
	int rc = file_read_all(path, &buf, &n, &d);
	/* set on every path: cmocka 1.1's fail_msg is not declared noreturn, so
	 * the compiler sees callers read *len after the return NULL too */
	if (len)
		*len = n;
	if (rc != 0) {
		fail_msg("cannot read %s: %s", path, d.msg);
		return NULL;
	}
	return buf;
}

/* Copy fixture NAME into the temporary directory with MODE. */
static void copy_fixture(const char *name, mode_t mode)
{
	size_t len;
	char *src = fix_path(name), *dst = tmp_path(name);
	char *buf = slurp(src, &len);
	struct diag d;
	assert_int_equal(write_file_atomic(dst, buf, len, 0600, &d), 0);
	assert_int_equal(chmod(dst, mode), 0);
	free(buf);
	free(src);
	free(dst);
}

static struct attest_key *load_priv(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s/%s.key", tmpdir, name);
	struct attest_key *k = NULL;
	struct diag d;
	diag_clear(&d);
	if (attest_key_load_private(sb_str(&sb), ATTEST_PASS_ENV, &k, &d) != ATTEST_OK)
		fail_msg("load %s: %s", sb_str(&sb), d.msg);
	sb_release(&sb);
	return k;
}

static void ring_add(struct attest_keyring *kr, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag d;
	sb_printf(&sb, "%s/%s.pub", FIX, name);
	if (attest_keyring_add_file(kr, sb_str(&sb), &d) != ATTEST_OK)
		fail_msg("load %s: %s", sb_str(&sb), d.msg);
	sb_release(&sb);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static int group_setup(void **state)
{
	if (!mkdtemp(tmpdir))
		return -1;
	const char *files[] = {"ed25519.key",       "ecdsa-p256.key", "rsa-3072.key",
	                       "other-ed25519.key", "ed448.key",      "encrypted-ed25519.key"};
	for (size_t i = 0; i < CG_ARRAY_LEN(files); i++)
		copy_fixture(files[i], 0600);
	unsetenv(ATTEST_PASSPHRASE_ENV);
	return 0;
}

static int group_teardown(void **state)
{
	struct strbuf cmd = STRBUF_INIT;
	sb_printf(&cmd, "rm -rf '%s'", tmpdir);
	int rc = system(sb_str(&cmd));
	sb_release(&cmd);
	return rc == 0 ? 0 : -1;
}

/* Sign PAYLOAD as TYPE with the named keys; returns the envelope text. */
static char *sign_with(const char *payload, const char *type, const char *const *names, size_t n)
{
	struct attest_key *keys[8];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		keys[i] = load_priv(names[i]);
	char *env = NULL;
	size_t len;
	struct diag d;
	diag_clear(&d);
	if (attest_envelope_sign(payload, strlen(payload), type, keys, n, &env, &len, &d) != 0)
		fail_msg("sign: %s", d.msg);
	for (size_t i = 0; i < n; i++)
		attest_key_free(keys[i]);
	assert_int_equal(strlen(env), len);
	return env;
}

/* Verify ENV with the public keys NAMES; returns the status and fills d. */
static int verify_with(const char *env, const char *type, const char *const *names, size_t n,
                       size_t threshold, struct attest_verified *v, struct diag *d)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	for (size_t i = 0; i < n; i++)
		ring_add(&kr, names[i]);
	struct attest_verified local = ATTEST_VERIFIED_INIT;
	diag_clear(d);
	int rc = attest_envelope_verify("env.json", env, strlen(env), type, &kr, threshold,
	                                v ? v : &local, d);
	attest_verified_release(&local);
	if (v) /* the signer pointers die with the keyring: keep only the count */
		for (size_t i = 0; i < v->nsigners; i++)
			v->signers[i] = NULL;
	attest_keyring_release(&kr);
	return rc;
}

/* Report envelope from report.json signed with KEY into tmpdir/NAME; the
 * Statement binds report.json as the rendered report, in JSON. */
static char *sign_report_file(const char *key, const char *name)
{
	size_t len;
	char *report = slurp(FIX "/report.json", &len);
	char *inv = slurp(FIX "/inventory.cfg", NULL);
	struct attest_subject subj = {"inventory.cfg", ""};
	sha256_hex(inv, strlen(inv), subj.sha256);
	struct attest_rendered rendered = {"report.json", "json", ""};
	sha256_hex(report, len, rendered.sha256);
	char *out = tmp_path(name);
	struct attest_key *k = load_priv(key);
	struct diag d;
	diag_clear(&d);
	if (attest_sign_report(report, len, &subj, 1, &rendered, k, out, &d) != 0)
		fail_msg("sign_report: %s", d.msg);
	attest_key_free(k);
	free(report);
	free(inv);
	return out;
}

/* ---- encodings ----------------------------------------------------------- */

static void test_b64_roundtrip(void **state)
{
	const char *text = "\x00\xff\x10 chipgate \x80";
	for (size_t n = 0; n <= 14; n++) {
		char *enc = attest_b64_encode(text, n);
		assert_int_equal(strlen(enc), (n + 2) / 3 * 4);
		unsigned char *dec;
		size_t declen;
		assert_int_equal(attest_b64_decode(enc, strlen(enc), &dec, &declen), 0);
		assert_int_equal(declen, n); /* DecodeBlock counts padding: must be subtracted */
		assert_memory_equal(dec, text, n);
		free(dec);
		free(enc);
	}
}

/* The streaming encoder gives the one-shot encoding whatever the split:
 * pieces of 0, 1, 2, 3 bytes and larger than its chunk, carries of one
 * and two bytes completed by the next piece or left to the end. */
static void test_b64_stream(void **state)
{
	(void)state;
	size_t len = 3 * 16384 * 2 + 7;
	unsigned char *data = malloc(len);
	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (unsigned char)(i * 131 + (i >> 7));
	static const size_t splits[][4] = {
	    {1, 1, 1, 0}, {2, 2, 0, 0}, {0, 1, 0, 2}, {5, 1, 7, 0}, {49153, 1, 2, 0}, {3, 0, 3, 0}};
	for (size_t t = 0; t < sizeof(splits) / sizeof(splits[0]); t++)
		for (size_t total = 0; total <= len; total = total ? total * 7 + 1 : 1) {
			char *got = NULL;
			size_t gotlen = 0;
			FILE *fp = open_memstream(&got, &gotlen);
			assert_non_null(fp);
			struct b64_out b = {fp, {0}, 0};
			size_t off = 0, k = 0;
			while (off < total) {
				size_t n = splits[t][k++ % 4];
				if (n > total - off)
					n = total - off;
				assert_int_equal(b64_out_put(&b, data + off, n), 0);
				off += n;
			}
			assert_int_equal(b64_out_end(&b), 0);
			assert_int_equal(fclose(fp), 0);
			char *want = attest_b64_encode(data, total);
			assert_string_equal(got, want);
			free(want);
			free(got);
		}
	free(data);
}

static void test_b64_strict(void **state)
{
	const char *bad[] = {
	    "YQ",       /* missing padding */
	    "YQ=",      /* short padding */
	    "Y===",     /* too much padding */
	    "YR==",     /* non-zero pad bits */
	    "YWI=YWI=", /* padding in the middle */
	    "YW I=",    /* space */
	    "YWI=\n",   /* newline */
	    "-_8=",     /* URL-safe alphabet */
	    "YW!=",     /* bad character */
	    "=AAA",     /* padding first */
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		unsigned char *dec = NULL;
		size_t declen;
		if (attest_b64_decode(bad[i], strlen(bad[i]), &dec, &declen) == 0)
			fail_msg("accepted bad base64 '%s'", bad[i]);
		assert_null(dec);
	}
	unsigned char *dec;
	size_t declen;
	assert_int_equal(attest_b64_decode("YWJj", 4, &dec, &declen), 0);
	assert_int_equal(declen, 3);
	assert_string_equal((char *)dec, "abc");
	free(dec);
	assert_int_equal(attest_b64_decode("", 0, &dec, &declen), 0);
	assert_int_equal(declen, 0);
	free(dec);
}

static void test_pae(void **state)
{
	/* the example from the DSSE protocol specification */
	struct strbuf sb = STRBUF_INIT;
	attest_pae(&sb, "http://example.com/HelloWorld", "hello world", 11);
	assert_string_equal(sb_str(&sb), "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
	sb_reset(&sb);
	attest_pae(&sb, "t", NULL, 0);
	assert_string_equal(sb_str(&sb), "DSSEv1 1 t 0 ");
	sb_release(&sb);
}

static void test_key_type_names(void **state)
{
	enum attest_key_type t;
	for (size_t i = 0; i < CG_ARRAY_LEN(key_names); i++) {
		assert_int_equal(attest_key_type_parse(key_names[i], &t), 0);
		assert_string_equal(attest_key_type_name(t), key_names[i]);
	}
	assert_int_equal(attest_key_type_parse("rsa", &t), -1);
	assert_int_equal(attest_key_type_parse("ED25519", &t), -1);
}

/* ---- keys ---------------------------------------------------------------- */

static void test_keyid_matches_spki(void **state)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(key_names); i++) {
		struct attest_key *priv = load_priv(key_names[i]), *pub;
		struct diag d;
		char *p = fix_path(key_names[i]);
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "%s.pub", p);
		assert_int_equal(attest_key_load_public(sb_str(&sb), &pub, &d), 0);
		assert_string_equal(attest_key_id(priv), attest_key_id(pub));
		assert_int_equal(attest_key_get_type(pub), (enum attest_key_type)i);
		/* the keyid is the SHA-256 of the DER SPKI: the PEM body base64-decoded */
		char *pem = slurp(sb_str(&sb), NULL);
		struct strbuf b64 = STRBUF_INIT;
		for (char *line = strchr(pem, '\n') + 1; *line != '-';
		     line = strchr(line, '\n') + 1)
			sb_add(&b64, line, (size_t)(strchr(line, '\n') - line));
		unsigned char *der;
		size_t derlen;
		assert_int_equal(attest_b64_decode(b64.buf, b64.len, &der, &derlen), 0);
		char hex[65];
		sha256_hex(der, derlen, hex);
		assert_string_equal(hex, attest_key_id(pub));
		free(der);
		sb_release(&b64);
		free(pem);
		sb_release(&sb);
		free(p);
		attest_key_free(priv);
		attest_key_free(pub);
	}
}

static void test_private_key_group_readable_refused(void **state)
{
	copy_fixture("ed25519.key", 0640);
	char *p = tmp_path("ed25519.key");
	struct attest_key *k = NULL;
	struct diag d;
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	assert_null(k);
	assert_contains(d.msg, "group or others");
	assert_contains(d.msg, "chmod 600");
	assert_string_equal(d.file, p);
	/* other-readable too, and "file:" URIs are files */
	assert_int_equal(chmod(p, 0604), 0);
	struct strbuf uri = STRBUF_INIT;
	sb_printf(&uri, "file:%s", p);
	assert_int_equal(attest_key_load_private(sb_str(&uri), ATTEST_PASS_ENV, &k, &d),
	                 ATTEST_ERROR);
	assert_contains(d.msg, "chmod 600");
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(attest_key_load_private(sb_str(&uri), ATTEST_PASS_ENV, &k, &d), ATTEST_OK);
	attest_key_free(k);
	sb_release(&uri);
	free(p);
}

static void test_encrypted_key(void **state)
{
	char *p = tmp_path("encrypted-ed25519.key");
	struct attest_key *k = NULL;
	struct diag d;
	unsetenv(ATTEST_PASSPHRASE_ENV);
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "encrypted");
	assert_contains(d.msg, ATTEST_PASSPHRASE_ENV);
	setenv(ATTEST_PASSPHRASE_ENV, "not-the-passphrase", 1);
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "wrong passphrase");
	setenv(ATTEST_PASSPHRASE_ENV, PASSPHRASE, 1);
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_OK);
	unsetenv(ATTEST_PASSPHRASE_ENV);
	/* it signs, and the public half verifies */
	const char *names[] = {"encrypted-ed25519"};
	char *env = NULL;
	size_t len;
	assert_int_equal(attest_envelope_sign("x", 1, "t", &k, 1, &env, &len, &d), 0);
	assert_int_equal(verify_with(env, "t", names, 1, 1, NULL, &d), ATTEST_OK);
	free(env);
	attest_key_free(k);
	free(p);
}

static void test_bad_keys(void **state)
{
	struct attest_key *k = NULL;
	struct diag d;
	char *p = tmp_path("ed448.key");
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "ED448 keys are not supported (ed25519, ecdsa-p256, rsa-3072)");
	free(p);
	assert_int_equal(attest_key_load_public(FIX "/ed448.pub", &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "ED448 keys are not supported");
	assert_int_equal(attest_key_load_public(FIX "/ed25519.key", &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "private key");
	assert_int_equal(attest_key_load_public(FIX "/report.json", &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "not a public key");
	assert_int_equal(attest_key_load_public(FIX "/missing.pub", &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "cannot open");
	p = tmp_path("missing.key");
	assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	assert_contains(d.msg, "cannot open");
	free(p);
	assert_null(k);
}

/* A public key where a private one is needed says so, whatever its mode
 * (a .pub is normally 0644: the complaint must not be about permissions). */
static void test_public_key_as_private(void **state)
{
	struct attest_key *k = NULL;
	struct diag d;
	char *p = tmp_path("ed25519.pub");
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "signing needs a private key; '%s' is a public key (did you mean '%s/%s'?)",
	          p, tmpdir, "ed25519.key");
	for (mode_t mode = 0600; mode <= 0644; mode += 044) {
		copy_fixture("ed25519.pub", mode);
		assert_int_equal(attest_key_load_private(p, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
		assert_string_equal(d.msg, want.buf);
		assert_null(k);
	}
	assert_int_equal(attest_key_load_signing(p, ATTEST_PASS_ENV,
	                                         "approve needs the approver's private key", &k, &d),
	                 ATTEST_ERROR);
	sb_reset(&want);
	sb_printf(&want, "approve needs the approver's private key; '%s' is a public key", p);
	assert_contains(d.msg, want.buf);
	assert_true(strstr(d.msg, "chmod") == NULL);
	/* DER SubjectPublicKeyInfo too, and without a .key beside it */
	free(p);
	copy_fixture("ecdsa-p256.pub", 0644);
	p = tmp_path("ecdsa-p256.pub");
	struct attest_key *pub;
	assert_int_equal(attest_key_load_public(p, &pub, &d), ATTEST_OK);
	attest_key_free(pub);
	char *der = tmp_path("ecdsa.der");
	char *pem = slurp(p, NULL);
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	unsigned char *buf = NULL;
	int n = i2d_PUBKEY(pk, &buf);
	assert_true(n > 0);
	assert_int_equal(write_file_atomic(der, buf, (size_t)n, 0644, &d), 0);
	assert_int_equal(attest_key_load_private(der, ATTEST_PASS_ENV, &k, &d), ATTEST_ERROR);
	sb_reset(&want);
	sb_printf(&want, "signing needs a private key; '%s' is a public key", der);
	assert_string_equal(d.msg, want.buf);
	OPENSSL_free(buf);
	EVP_PKEY_free(pk);
	BIO_free(bio);
	free(pem);
	free(der);
	free(p);
	sb_release(&want);
}

/* Write the ecdsa-p256 fixture's public key into tmpdir/NAME with its
 * point in FORM ("compressed", "uncompressed") and its curve as ENC
 * ("named_curve", "explicit"); returns the path. */
static char *ec_variant(const char *name, const char *form, const char *enc)
{
	char *pem = slurp(FIX "/ecdsa-p256.pub", NULL);
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	assert_non_null(pk);
	assert_int_equal(EVP_PKEY_set_utf8_string_param(pk, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
	                                                form),
	                 1);
	assert_int_equal(EVP_PKEY_set_utf8_string_param(pk, OSSL_PKEY_PARAM_EC_ENCODING, enc), 1);
	BIO *outb = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(outb, pk), 1);
	char *data;
	long n = BIO_get_mem_data(outb, &data);
	char *path = tmp_path(name);
	struct diag d;
	assert_int_equal(write_file_atomic(path, data, (size_t)n, 0644, &d), 0);
	BIO_free(outb);
	EVP_PKEY_free(pk);
	BIO_free(bio);
	free(pem);
	return path;
}

/* One P-256 key written three ways is one key: one keyid (the SHA-256 of
 * the canonical SPKI), counted once in a keyring, so two signatures by it
 * never meet a threshold of 2. */
static void test_key_encodings_are_one_key(void **state)
{
	char *comp = ec_variant("ec-comp.pub", "compressed", "named_curve");
	char *expl = ec_variant("ec-expl.pub", "uncompressed", "explicit");
	char *both = ec_variant("ec-both.pub", "compressed", "explicit");
	char *orig_pem = slurp(FIX "/ecdsa-p256.pub", NULL), *comp_pem = slurp(comp, NULL);
	assert_string_not_equal(orig_pem, comp_pem); /* the files differ */
	free(orig_pem);
	free(comp_pem);
	struct attest_key *ref = load_priv("ecdsa-p256"), *k;
	struct diag d;
	const char *paths[] = {comp, expl, both};
	for (size_t i = 0; i < 3; i++) {
		if (attest_key_load_public(paths[i], &k, &d) != ATTEST_OK)
			fail_msg("%s: %s", paths[i], d.msg);
		assert_string_equal(attest_key_id(k), attest_key_id(ref));
		assert_true(attest_key_equal(k, ref));
		attest_key_free(k);
	}
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ecdsa-p256");
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(attest_keyring_add_file(&kr, paths[i], &d), ATTEST_OK);
	assert_int_equal(kr.n, 1);
	/* two signatures by the one key, against that key given twice and another key */
	const char *twice[] = {"ecdsa-p256", "ecdsa-p256"};
	char *env = sign_with("p", "t", twice, 2);
	assert_int_equal(attest_keyring_add_file(&kr, FIX "/ed25519.pub", &d), ATTEST_OK);
	assert_int_equal(kr.n, 2);
	struct attest_verified v = ATTEST_VERIFIED_INIT;
	assert_int_equal(attest_envelope_verify("env.json", env, strlen(env), "t", &kr, 2, &v, &d),
	                 ATTEST_REJECTED);
	assert_contains(d.msg, "1 distinct trusted key verified (2 signatures), threshold is 2");
	/* and the same key's other encodings verify its signatures */
	struct attest_keyring kc = ATTEST_KEYRING_INIT;
	assert_int_equal(attest_keyring_add_file(&kc, both, &d), ATTEST_OK);
	assert_int_equal(attest_envelope_verify("env.json", env, strlen(env), "t", &kc, 1, &v, &d),
	                 ATTEST_OK);
	assert_int_equal(v.nsigners, 1);
	attest_verified_release(&v);
	attest_keyring_release(&kc);
	attest_keyring_release(&kr);
	attest_key_free(ref);
	free(env);
	free(comp);
	free(expl);
	free(both);
}

/* Load BEFORE tmpdir AFTER as a private key and expect RC (and MSG). */
static void expect_key_uri(const char *before, const char *after, int rc, const char *msg)
{
	struct strbuf uri = STRBUF_INIT;
	sb_puts(&uri, before);
	sb_puts(&uri, tmpdir);
	sb_puts(&uri, after);
	struct attest_key *k = NULL;
	struct diag d;
	diag_clear(&d);
	int got = attest_key_load_private(uri.buf, ATTEST_PASS_ENV, &k, &d);
	if (got != rc)
		fail_msg("%s: got %d (%s), expected %d", uri.buf, got, d.msg, rc);
	if (msg)
		assert_contains(d.msg, msg);
	attest_key_free(k);
	sb_release(&uri);
}

/* file: URIs are files (RFC 8089), whatever the scheme's case: the mode
 * check applies to each spelling; only local hosts are accepted. */
static void test_file_uris(void **state)
{
	static const char *const spellings[][2] = {
	    {"", "/ed25519.key"},
	    {"file:", "/ed25519.key"},
	    {"FILE:", "/ed25519.key"},
	    {"File://", "/ed25519.key"},
	    {"file://localhost", "/ed25519.key"},
	    {"FILE://LocalHost", "/ed25519.key"},
	    {"fIlE:", "/ed%32%35519.key"},
	};
	char *p = tmp_path("ed25519.key");
	static const mode_t bad[] = {0640, 0604, 0660, 0644};
	for (size_t m = 0; m < CG_ARRAY_LEN(bad); m++) {
		assert_int_equal(chmod(p, bad[m]), 0);
		for (size_t i = 0; i < CG_ARRAY_LEN(spellings); i++)
			expect_key_uri(spellings[i][0], spellings[i][1], ATTEST_ERROR,
			               "accessible by group or others");
	}
	assert_int_equal(chmod(p, 0600), 0);
	for (size_t i = 0; i < CG_ARRAY_LEN(spellings); i++)
		expect_key_uri(spellings[i][0], spellings[i][1], ATTEST_OK, NULL);
	/* the message names the decoded path */
	assert_int_equal(chmod(p, 0640), 0);
	struct strbuf want = STRBUF_INIT;
	sb_printf(&want, "run 'chmod 600 %s'", p);
	expect_key_uri("FILE://localhost", "/ed%32%35519.key", ATTEST_ERROR, want.buf);
	assert_int_equal(chmod(p, 0600), 0);
	expect_key_uri("file://example.com", "/ed25519.key", ATTEST_ERROR,
	               "file URI names the host 'example.com'");
	expect_key_uri("file:", "/../ed25519.key", ATTEST_ERROR, "cannot open");
	expect_key_uri("file:", "/ed%2", ATTEST_ERROR, "bad percent-encoding");
	expect_key_uri("file:", "/ed%zz", ATTEST_ERROR, "bad percent-encoding");
	expect_key_uri("file:", "/ed25519.key%00.pub", ATTEST_ERROR, "encoded NUL");
	expect_key_uri("file:", "/ed25519.key?x=1", ATTEST_ERROR, "query or fragment");
	expect_key_uri("file:", "/ed25519.key#k", ATTEST_ERROR, "query or fragment");
	struct attest_key *k = NULL;
	struct diag d;
	assert_int_equal(attest_key_load_private("file:ed25519.key", ATTEST_PASS_ENV, &k, &d),
	                 ATTEST_ERROR);
	assert_contains(d.msg, "not an absolute file URI");
	assert_int_equal(attest_key_load_private("file://localhost", ATTEST_PASS_ENV, &k, &d),
	                 ATTEST_ERROR);
	assert_contains(d.msg, "not an absolute file URI");
	sb_release(&want);
	free(p);
}

static void test_keygen(void **state)
{
	mode_t um = umask(022);
	for (size_t i = 0; i < CG_ARRAY_LEN(key_names); i++) {
		enum attest_key_type t;
		assert_int_equal(attest_key_type_parse(key_names[i], &t), 0);
		struct strbuf prefix = STRBUF_INIT;
		sb_printf(&prefix, "%s/gen-%s", tmpdir, key_names[i]);
		char keyid[65];
		struct diag d;
		const char *pass = i == 1 ? "pw" : NULL;
		assert_int_equal(attest_keygen(t, sb_str(&prefix), pass, keyid, &d), ATTEST_OK);
		struct strbuf kp = STRBUF_INIT, pp = STRBUF_INIT;
		sb_printf(&kp, "%s.key", sb_str(&prefix));
		sb_printf(&pp, "%s.pub", sb_str(&prefix));
		struct stat st;
		assert_int_equal(stat(kp.buf, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
		assert_int_equal(stat(pp.buf, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0644);
		/* refuses to overwrite, and leaves the files alone */
		char *before = slurp(kp.buf, NULL);
		assert_int_equal(attest_keygen(t, sb_str(&prefix), NULL, NULL, &d), ATTEST_ERROR);
		assert_contains(d.msg, "already exists");
		char *after = slurp(kp.buf, NULL);
		assert_string_equal(before, after);
		free(before);
		free(after);
		/* the pair works */
		struct attest_key *k = NULL, *pub = NULL;
		if (pass)
			setenv(ATTEST_PASSPHRASE_ENV, pass, 1);
		assert_int_equal(attest_key_load_private(kp.buf, ATTEST_PASS_ENV, &k, &d),
		                 ATTEST_OK);
		unsetenv(ATTEST_PASSPHRASE_ENV);
		assert_int_equal(attest_key_load_public(pp.buf, &pub, &d), ATTEST_OK);
		assert_string_equal(attest_key_id(k), keyid);
		assert_string_equal(attest_key_id(pub), keyid);
		attest_key_free(k);
		attest_key_free(pub);
		sb_release(&kp);
		sb_release(&pp);
		sb_release(&prefix);
	}
	/* an existing .pub alone also blocks, and no .key is left behind */
	char *pub = tmp_path("half.pub"), *key = tmp_path("half.key"), *prefix = tmp_path("half");
	struct diag d;
	assert_int_equal(write_file_atomic(pub, "x", 1, 0644, &d), 0);
	assert_int_equal(attest_keygen(ATTEST_KEY_ED25519, prefix, NULL, NULL, &d), ATTEST_ERROR);
	assert_contains(d.msg, "already exists");
	assert_int_equal(access(key, F_OK), -1);
	free(pub);
	free(key);
	free(prefix);
	umask(um);
}

/* ---- envelopes ----------------------------------------------------------- */

static void test_roundtrip_every_type(void **state)
{
	const char *payload = "{\"any\":\"bytes\"}\n\x01";
	for (size_t i = 0; i < CG_ARRAY_LEN(key_names); i++) {
		const char *names[] = {key_names[i]};
		char *env = sign_with(payload, "application/x-test", names, 1);
		struct attest_verified v = ATTEST_VERIFIED_INIT;
		struct diag d;
		if (verify_with(env, "application/x-test", names, 1, 1, &v, &d) != ATTEST_OK)
			fail_msg("%s: %s", key_names[i], d.msg);
		assert_int_equal(v.payload_len, strlen(payload));
		assert_memory_equal(v.payload, payload, v.payload_len);
		assert_int_equal(v.nsigners, 1);
		attest_verified_release(&v);
		/* the wrong key and the wrong type are both rejected */
		const char *other[] = {"other-ed25519"};
		assert_int_equal(verify_with(env, "application/x-test", other, 1, 1, NULL, &d),
		                 ATTEST_REJECTED);
		assert_int_equal(verify_with(env, "application/x-other", names, 1, 1, NULL, &d),
		                 ATTEST_REJECTED);
		free(env);
	}
}

static void test_report_roundtrip_every_type(void **state)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(key_names); i++) {
		char *out = sign_report_file(key_names[i], "report.dsse.json");
		/* the subject is named relative to the envelope's directory */
		copy_fixture("inventory.cfg", 0644);
		struct attest_keyring kr = ATTEST_KEYRING_INIT;
		ring_add(&kr, key_names[i]);
		struct attest_report r = ATTEST_REPORT_INIT;
		struct diag d;
		diag_clear(&d);
		if (attest_verify_report(out, &kr, 1, true, &r, &d) != ATTEST_OK)
			fail_msg("%s: %s", key_names[i], d.msg);
		assert_int_equal(r.nsubjects, 1);
		assert_string_equal(r.verdict, "pass");
		assert_int_equal(r.env.nsigners, 1);
		assert_string_equal(attest_key_id(r.env.signers[0]), attest_key_id(kr.keys[0]));
		attest_report_release(&r);
		attest_keyring_release(&kr);
		free(out);
	}
}

static void test_statement_is_deterministic(void **state)
{
	const char *report = "{ \"verdict\": \"fail\", \"b\": [1, 2.5, 0.1, true, null],\n"
	                     "  \"a\": {\"z\": 1e3, \"y\": \"\\u00e9\"} }\n";
	struct attest_subject subj[] = {
	    {"inv.csv", "0000000000000000000000000000000000000000000000000000000000000001"},
	    {"embedded:x.cfg", "00000000000000000000000000000000000000000000000000000000000000ff"},
	};
	struct attest_rendered rendered = {
	    "r.sarif", "sarif", "00000000000000000000000000000000000000000000000000000000000000ab"};
	char *out, *again;
	size_t len, len2;
	struct diag d;
	assert_int_equal(
	    attest_statement_build(report, strlen(report), subj, 2, &rendered, &out, &len, &d), 0);
	/* the report's bytes as they are, after what binds it */
	assert_string_equal(
	    out, "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"inv.csv\","
	         "\"digest\":{\"sha256\":"
	         "\"0000000000000000000000000000000000000000000000000000000000000001\"}},{\"name\":"
	         "\"embedded:x.cfg\",\"digest\":{\"sha256\":"
	         "\"00000000000000000000000000000000000000000000000000000000000000ff\"}}],"
	         "\"predicateType\":\"https://chipgate.dev/report/v2\",\"predicate\":{\"rendered\":{"
	         "\"name\":\"r.sarif\",\"format\":\"sarif\",\"sha256\":"
	         "\"00000000000000000000000000000000000000000000000000000000000000ab\"},\"report\":"
	         "{ \"verdict\": \"fail\", \"b\": [1, 2.5, 0.1, true, null],\n"
	         "  \"a\": {\"z\": 1e3, \"y\": \"\\u00e9\"} }\n}}");
	assert_int_equal(strlen(out), len);
	assert_int_equal(
	    attest_statement_build(report, strlen(report), subj, 2, &rendered, &again, &len2, &d), 0);
	assert_string_equal(out, again);
	free(out);
	free(again);
	/* bad input is an error, not a statement */
	assert_int_equal(attest_statement_build("[1]", 3, subj, 2, &rendered, &out, &len, &d),
	                 ATTEST_ERROR);
	assert_int_equal(
	    attest_statement_build("{\"a\":1,\"a\":2}", 13, subj, 2, &rendered, &out, &len, &d),
	    ATTEST_ERROR);
	assert_int_equal(attest_statement_build("{", 1, subj, 2, &rendered, &out, &len, &d),
	                 ATTEST_ERROR);
	assert_int_equal(attest_statement_build("{}", 2, subj, 0, &rendered, &out, &len, &d),
	                 ATTEST_ERROR);
	struct attest_subject upper = {
	    "x", "0000000000000000000000000000000000000000000000000000000000000ABC"};
	assert_int_equal(attest_statement_build("{}", 2, &upper, 1, &rendered, &out, &len, &d),
	                 ATTEST_ERROR);
	/* the rendered report is a file beside the envelope: one name */
	static const char *const bad_names[] = {"out/r.sarif", "", "..", ".", "r\xff.json"};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad_names); i++) {
		struct attest_rendered r = rendered;
		r.name = bad_names[i];
		assert_int_equal(attest_statement_build("{}", 2, subj, 2, &r, &out, &len, &d),
		                 ATTEST_ERROR);
		assert_contains(d.msg, "the rendered report needs a file name");
	}
}

/* The signify-style regression: regenerate the golden envelope with the
 * committed key and require byte equality; a forged copy must fail. */
static void test_golden_envelope(void **state)
{
	setenv("SOURCE_DATE_EPOCH", "1754992800", 1);
	char *out = sign_report_file("ed25519", "golden.dsse.json");
	size_t len, glen;
	char *mine = slurp(out, &len);
	const char *update = getenv("CHIPGATE_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		struct diag d;
		assert_int_equal(write_file_atomic(FIX "/golden.dsse.json", mine, len, 0644, &d),
		                 0);
	}
	char *golden = slurp(FIX "/golden.dsse.json", &glen);
	assert_int_equal(len, glen);
	assert_memory_equal(mine, golden, len);
	/* signing twice gives the same bytes */
	char *again = sign_report_file("ed25519", "golden2.dsse.json");
	char *mine2 = slurp(again, NULL);
	assert_string_equal(mine, mine2);

	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_report r = ATTEST_REPORT_INIT;
	struct diag d;
	assert_int_equal(attest_verify_report(FIX "/golden.dsse.json", &kr, 1, true, &r, &d),
	                 ATTEST_OK);
	attest_report_release(&r);
	/* a forged golden: one payload character changed */
	char *p = strstr(golden, "\"payload\": \"") + 12 + 40;
	*p = *p == 'A' ? 'B' : 'A';
	char *forged = tmp_path("forged.dsse.json");
	assert_int_equal(write_file_atomic(forged, golden, glen, 0644, &d), 0);
	assert_int_equal(attest_verify_report(forged, &kr, 1, false, &r, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "does not verify");
	attest_keyring_release(&kr);
	unsetenv("SOURCE_DATE_EPOCH");
	free(forged);
	free(mine);
	free(mine2);
	free(again);
	free(golden);
	free(out);
}

/* ECDSA and RSA-PSS signatures are randomized, so their committed sample
 * envelopes (for the openssl interop check in tests/e2e/attest.sh) can
 * only be regenerated, not compared; they must still verify. */
static void test_sample_envelopes(void **state)
{
	const char *update = getenv("CHIPGATE_UPDATE_GOLDEN");
	for (size_t i = 1; i < CG_ARRAY_LEN(key_names); i++) {
		struct strbuf name = STRBUF_INIT;
		sb_printf(&name, "%s.dsse.json", key_names[i]);
		char *fix = fix_path(name.buf);
		struct diag d;
		if (update && strcmp(update, "1") == 0) {
			char *out = sign_report_file(key_names[i], name.buf);
			size_t len;
			char *text = slurp(out, &len);
			assert_int_equal(write_file_atomic(fix, text, len, 0644, &d), 0);
			free(text);
			free(out);
		}
		struct attest_keyring kr = ATTEST_KEYRING_INIT;
		ring_add(&kr, key_names[i]);
		struct attest_report r = ATTEST_REPORT_INIT;
		if (attest_verify_report(fix, &kr, 1, true, &r, &d) != ATTEST_OK)
			fail_msg("%s: %s", fix, d.msg);
		attest_report_release(&r);
		attest_keyring_release(&kr);
		free(fix);
		sb_release(&name);
	}
}

static void test_ecdsa_signatures_differ_but_verify(void **state)
{
	const char *names[] = {"ecdsa-p256"};
	char *a = sign_with("p", "t", names, 1), *b = sign_with("p", "t", names, 1);
	assert_string_not_equal(a, b);
	struct diag d;
	assert_int_equal(verify_with(a, "t", names, 1, 1, NULL, &d), ATTEST_OK);
	assert_int_equal(verify_with(b, "t", names, 1, 1, NULL, &d), ATTEST_OK);
	free(a);
	free(b);
}

static void test_threshold(void **state)
{
	const char *two[] = {"ed25519", "ecdsa-p256"};
	const char *three[] = {"ed25519", "ecdsa-p256", "rsa-3072"};
	char *env = sign_with("p", "t", two, 2);
	struct attest_verified v = ATTEST_VERIFIED_INIT;
	struct diag d;
	assert_int_equal(verify_with(env, "t", three, 3, 2, &v, &d), ATTEST_OK);
	assert_int_equal(v.nsigners, 2);
	attest_verified_release(&v);
	assert_int_equal(verify_with(env, "t", three, 3, 3, NULL, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "2 distinct trusted keys verified (2 signatures), threshold is 3");
	/* one key signing twice counts once */
	const char *dup[] = {"ed25519", "ed25519"};
	free(env);
	env = sign_with("p", "t", dup, 2);
	assert_int_equal(verify_with(env, "t", three, 3, 2, NULL, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "1 distinct trusted key verified (2 signatures), threshold is 2");
	/* and one public key given twice is one trusted key */
	const char *same[] = {"ed25519", "ed25519"};
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, same[0]);
	ring_add(&kr, same[1]);
	assert_int_equal(kr.n, 1);
	attest_keyring_release(&kr);
	/* thresholds that can never be met are errors, not rejections */
	assert_int_equal(verify_with(env, "t", three, 3, 0, NULL, &d), ATTEST_ERROR);
	assert_int_equal(verify_with(env, "t", three, 3, 4, NULL, &d), ATTEST_ERROR);
	free(env);
}

/* Replace member KEY of the envelope (or of signature 0 with SIG) and
 * return the new text. */
static char *edit_envelope(const char *env, bool sig, const char *key, json_t *value)
{
	json_t *root = json_loads(env, 0, NULL);
	assert_non_null(root);
	json_t *obj = sig ? json_array_get(json_object_get(root, "signatures"), 0) : root;
	json_object_set_new(obj, key, value);
	char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return out;
}

/* Flip one bit of the base64 field KEY (of signature 0 when SIG). */
static char *flip_b64(const char *env, bool sig, const char *key, size_t at)
{
	json_t *root = json_loads(env, 0, NULL);
	json_t *obj = sig ? json_array_get(json_object_get(root, "signatures"), 0) : root;
	const char *s = json_string_value(json_object_get(obj, key));
	unsigned char *raw;
	size_t len;
	assert_int_equal(attest_b64_decode(s, strlen(s), &raw, &len), 0);
	raw[at % len] ^= 0x01;
	char *b64 = attest_b64_encode(raw, len);
	free(raw);
	char *out = edit_envelope(env, sig, key, json_string(b64));
	free(b64);
	json_decref(root);
	return out;
}

static void expect_rejected(const char *env, const char *const *names, size_t n, size_t thr,
                            const char *msg)
{
	struct diag d;
	int rc = verify_with(env, ATTEST_INTOTO_PAYLOAD_TYPE, names, n, thr, NULL, &d);
	if (rc != ATTEST_REJECTED)
		fail_msg("expected rejection '%s', got %d '%s'", msg, rc, d.msg);
	assert_contains(d.msg, msg);
}

static void test_envelope_tampering(void **state)
{
	const char *names[] = {"ed25519"};
	const char *T = ATTEST_INTOTO_PAYLOAD_TYPE;
	char *env = sign_with("{\"statement\":1}", T, names, 1), *t;
	struct diag d;
	assert_int_equal(verify_with(env, T, names, 1, 1, NULL, &d), ATTEST_OK);

	expect_rejected(t = flip_b64(env, false, "payload", 3), names, 1, 1,
	                "no trusted key made this signature (keyid "
	                "'240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87' is one of "
	                "the trusted keys, but that key does not verify it)");
	free(t);
	expect_rejected(t = flip_b64(env, true, "sig", 10), names, 1, 1, "does not verify it");
	free(t);
	expect_rejected(t = edit_envelope(env, false, "payloadType", json_string("text/plain")),
	                names, 1, 1, "payloadType is 'text/plain', expected");
	free(t);
	expect_rejected(t = edit_envelope(env, false, "signatures", json_array()), names, 1, 1,
	                "envelope has no signatures");
	free(t);
	expect_rejected(t = edit_envelope(env, false, "payload", json_string("e30")), names, 1, 1,
	                "payload is not valid base64");
	free(t);
	expect_rejected(t = edit_envelope(env, true, "sig", json_string("AAAA*AAA")), names, 1, 1,
	                "signature 1 is not valid base64");
	free(t);
	expect_rejected(t = edit_envelope(env, true, "sig", json_integer(1)), names, 1, 1,
	                "signature 1 is malformed");
	free(t);
	expect_rejected(t = edit_envelope(env, false, "payload", json_null()), names, 1, 1,
	                "envelope has no 'payload' string");
	free(t);
	const char *other[] = {"other-ed25519"};
	expect_rejected(env, other, 1, 1,
	                "no trusted key made this signature (keyid "
	                "'240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87' is not "
	                "among the trusted keys)");
	/* a keyid that is no key's, or none: the message must not claim an
	 * alteration, nor cut the keyid */
	expect_rejected(t = edit_envelope(env, true, "keyid", json_string("forged")), other, 1, 1,
	                "no trusted key made this signature (keyid 'forged' is not among the "
	                "trusted keys)");
	free(t);
	expect_rejected(t = edit_envelope(env, true, "keyid", json_string("")), other, 1, 1,
	                "no trusted key made this signature (it names no keyid, and none of the "
	                "trusted keys verifies it)");
	free(t);
	/* another key's signature under the trusted key's keyid (a forged keyid) */
	const char *oname[] = {"other-ed25519"};
	char *by_other = sign_with("{\"statement\":1}", T, oname, 1);
	struct attest_key *ed = load_priv("ed25519");
	t = edit_envelope(by_other, true, "keyid", json_string(attest_key_id(ed)));
	expect_rejected(t, names, 1, 1, "but that key does not verify it)");
	struct diag d2;
	verify_with(t, T, names, 1, 1, NULL, &d2);
	assert_null(strstr(d2.msg, "altered"));
	free(t);
	free(by_other);
	attest_key_free(ed);
	/* truncated JSON */
	t = xstrdup(env);
	t[strlen(t) / 2] = '\0';
	expect_rejected(t, names, 1, 1, "envelope is not valid JSON");
	free(t);
	expect_rejected("[]", names, 1, 1, "envelope is not a JSON object");
	/* a duplicate member is not silently resolved */
	expect_rejected("{\"payloadType\":\"a\",\"payloadType\":\"b\"}", names, 1, 1,
	                "envelope is not valid JSON");
	/* duplicate signatures against a threshold of 2 */
	json_t *root = json_loads(env, 0, NULL);
	json_t *sigs = json_object_get(root, "signatures");
	json_array_append(sigs, json_array_get(sigs, 0));
	t = json_dumps(root, 0);
	json_decref(root);
	const char *two[] = {"ed25519", "other-ed25519"};
	expect_rejected(t, two, 2, 2, "1 distinct trusted key verified (2 signatures)");
	free(t);
	/* a second, altered signature: the threshold message says which */
	root = json_loads(env, 0, NULL);
	sigs = json_object_get(root, "signatures");
	char *alt = flip_b64(env, true, "sig", 5);
	json_t *altroot = json_loads(alt, 0, NULL);
	json_array_append(sigs, json_array_get(json_object_get(altroot, "signatures"), 0));
	t = json_dumps(root, 0);
	json_decref(root);
	json_decref(altroot);
	free(alt);
	expect_rejected(t, two, 2, 2,
	                "1 distinct trusted key verified (2 signatures), threshold is 2; signature 2: "
	                "keyid '240e4ab8757b266a1a8c635bd11947370fc8b7c4c9284aba2445dc0814c93a87' is one "
	                "of the trusted keys, but that key does not verify it");
	free(t);
	free(env);
}

static void test_keyid_is_only_a_hint(void **state)
{
	const char *names[] = {"ed25519"};
	char *env = sign_with("p", "t", names, 1);
	struct diag d;
	char *t = edit_envelope(env, true, "keyid", json_string("not-the-keyid"));
	assert_int_equal(verify_with(t, "t", names, 1, 1, NULL, &d), ATTEST_OK);
	free(t);
	/* a hint naming another trusted key: still found by trying them all */
	const char *both[] = {"other-ed25519", "ed25519"};
	struct attest_key *other = load_priv("other-ed25519");
	t = edit_envelope(env, true, "keyid", json_string(attest_key_id(other)));
	attest_key_free(other);
	assert_int_equal(verify_with(t, "t", both, 2, 1, NULL, &d), ATTEST_OK);
	free(t);
	t = edit_envelope(env, true, "keyid", json_null());
	assert_int_equal(verify_with(t, "t", names, 1, 1, NULL, &d), ATTEST_REJECTED);
	free(t);
	free(env);
}

/* ---- approvals and cosigning ------------------------------------------------ */

#define RECORD "{\"approved_on\":\"2025-08-10\",\"approver\":\"zhang.min\",\"asset\":\"po-1\",\"rule\":\"R-1\"}"

static void test_envelope_kind(void **state)
{
	const char *names[] = {"ed25519"};
	char *rep = sign_with("{}", ATTEST_INTOTO_PAYLOAD_TYPE, names, 1);
	char *app = sign_with(RECORD, ATTEST_APPROVAL_PAYLOAD_TYPE, names, 1);
	char *other = sign_with("{}", "application/json", names, 1);
	enum attest_envelope_kind kind;
	struct diag d;
	assert_int_equal(attest_envelope_kind("e", rep, strlen(rep), &kind, &d), ATTEST_OK);
	assert_int_equal(kind, ATTEST_KIND_REPORT);
	assert_int_equal(attest_envelope_kind("e", app, strlen(app), &kind, &d), ATTEST_OK);
	assert_int_equal(kind, ATTEST_KIND_APPROVAL);
	assert_int_equal(attest_envelope_kind("e", other, strlen(other), &kind, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "payloadType is 'application/json', expected");
	assert_int_equal(attest_envelope_kind("e", "[]", 2, &kind, &d), ATTEST_REJECTED);
	free(rep);
	free(app);
	free(other);
}

static int verify_approval_text(const char *env, const char *key, struct attest_approval *a,
                                struct diag *d)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, key);
	diag_clear(d);
	int rc = attest_verify_approval("a.dsse.json", env, strlen(env), &kr, 1, a, d);
	for (size_t i = 0; i < a->env.nsigners; i++)
		a->env.signers[i] = NULL; /* they die with the keyring */
	attest_keyring_release(&kr);
	return rc;
}

static void test_verify_approval(void **state)
{
	const char *names[] = {"ecdsa-p256"};
	char *env = sign_with(RECORD, ATTEST_APPROVAL_PAYLOAD_TYPE, names, 1);
	struct attest_approval a = ATTEST_APPROVAL_INIT;
	struct diag d;
	assert_int_equal(verify_approval_text(env, "ecdsa-p256", &a, &d), ATTEST_OK);
	assert_string_equal(a.asset, "po-1");
	assert_string_equal(a.rule, "R-1");
	assert_string_equal(a.approver, "zhang.min");
	assert_string_equal(a.approved_on, "2025-08-10");
	assert_int_equal(a.env.nsigners, 1);
	attest_approval_release(&a);
	/* the wrong key, and a report envelope, are rejected */
	assert_int_equal(verify_approval_text(env, "ed25519", &a, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "no trusted key made this signature");
	free(env);
	env = sign_with("{}", ATTEST_INTOTO_PAYLOAD_TYPE, names, 1);
	assert_int_equal(verify_approval_text(env, "ecdsa-p256", &a, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "payloadType is 'application/vnd.in-toto+json', expected "
	                       "'application/vnd.chipgate.approval+json'");
	free(env);
	/* signed, but not a record */
	static const char *const bad[][2] = {
	    {"[1]", "not a justification record"},
	    {"{\"asset\":\"a\",\"rule\":\"r\"}", "the signed record has no 'approver' string"},
	    {"{\"asset\":\"a\",\"rule\":\"r\",\"approver\":7}", "no 'approver' string"},
	    {"{\"asset\":\"\",\"rule\":\"r\",\"approver\":\"z\"}", "no 'asset' string"},
	    {"{\"asset\":\"a\",\"rule\":\"r\",\"approver\":\"z\",\"approved_on\":1}",
	     "no 'approved_on' string"},
	    {"{\"asset\":\"a\\u0000b\",\"rule\":\"r\",\"approver\":\"z\"}", "not valid JSON"},
	    {"{\"asset\":", "signed payload is not valid JSON"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		env = sign_with(bad[i][0], ATTEST_APPROVAL_PAYLOAD_TYPE, names, 1);
		assert_int_equal(verify_approval_text(env, "ecdsa-p256", &a, &d), ATTEST_REJECTED);
		assert_contains(d.msg, bad[i][1]);
		assert_null(a.asset);
		free(env);
	}
	/* approved_on is optional */
	env = sign_with("{\"asset\":\"a\",\"rule\":\"r\",\"approver\":\"z\"}",
	                ATTEST_APPROVAL_PAYLOAD_TYPE, names, 1);
	assert_int_equal(verify_approval_text(env, "ecdsa-p256", &a, &d), ATTEST_OK);
	assert_null(a.approved_on);
	attest_approval_release(&a);
	free(env);
}

static char *cosign(const char *env, const char *key, int want, struct diag *d)
{
	struct attest_key *k = load_priv(key);
	char *out = NULL;
	size_t len = 0;
	diag_clear(d);
	int rc = attest_envelope_cosign("e.json", env, strlen(env), k, &out, &len, d);
	attest_key_free(k);
	if (rc != want)
		fail_msg("cosign with %s: %d (%s), expected %d", key, rc, d->msg, want);
	if (out)
		assert_int_equal(strlen(out), len);
	return out;
}

static void test_cosign(void **state)
{
	const char *one[] = {"ed25519"}, *both[] = {"ed25519", "rsa-3072"};
	char *env = sign_with(RECORD, ATTEST_APPROVAL_PAYLOAD_TYPE, one, 1);
	struct diag d;
	char *co = cosign(env, "rsa-3072", ATTEST_OK, &d);
	/* both keys now meet a threshold of 2; the first signature is untouched */
	assert_int_equal(verify_with(co, ATTEST_APPROVAL_PAYLOAD_TYPE, both, 2, 2, NULL, &d),
	                 ATTEST_OK);
	json_t *a = json_loads(env, 0, NULL), *b = json_loads(co, 0, NULL);
	assert_true(json_equal(json_object_get(a, "payload"), json_object_get(b, "payload")));
	assert_true(json_equal(json_array_get(json_object_get(a, "signatures"), 0),
	                       json_array_get(json_object_get(b, "signatures"), 0)));
	assert_int_equal(json_array_size(json_object_get(b, "signatures")), 2);
	json_decref(a);
	json_decref(b);
	/* the same key again, by either signature, is refused */
	assert_null(cosign(co, "rsa-3072", ATTEST_ERROR, &d));
	assert_contains(d.msg, "already signed by this key (signature 2, keyid ");
	assert_null(cosign(co, "ed25519", ATTEST_ERROR, &d));
	assert_contains(d.msg, "already signed by this key (signature 1");
	/* a signature that names the key's keyid but does not verify with it */
	char *t = flip_b64(env, true, "sig", 3);
	assert_null(cosign(t, "ed25519", ATTEST_ERROR, &d));
	assert_contains(d.msg, "names this key's keyid");
	free(t);
	/* an altered cosignature fails the threshold */
	json_t *root = json_loads(co, 0, NULL);
	json_t *s2 = json_array_get(json_object_get(root, "signatures"), 1);
	const char *sig64 = json_string_value(json_object_get(s2, "sig"));
	unsigned char *raw;
	size_t rawlen;
	assert_int_equal(attest_b64_decode(sig64, strlen(sig64), &raw, &rawlen), 0);
	raw[rawlen / 2] ^= 0x80;
	char *b64 = attest_b64_encode(raw, rawlen);
	json_object_set_new(s2, "sig", json_string(b64));
	t = json_dumps(root, 0);
	assert_int_equal(verify_with(t, ATTEST_APPROVAL_PAYLOAD_TYPE, both, 2, 2, NULL, &d),
	                 ATTEST_REJECTED);
	assert_contains(d.msg, "1 distinct trusted key verified (2 signatures), threshold is 2");
	free(t);
	free(b64);
	free(raw);
	json_decref(root);
	/* a malformed envelope is not cosigned */
	t = edit_envelope(env, true, "sig", json_string("AA=A"));
	assert_null(cosign(t, "rsa-3072", ATTEST_REJECTED, &d));
	assert_contains(d.msg, "signature 1 is not valid base64");
	free(t);
	assert_null(cosign("{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]}", "rsa-3072",
	                   ATTEST_REJECTED, &d));
	assert_contains(d.msg, "envelope has no signatures");
	free(co);
	free(env);
}

/* ---- report statements --------------------------------------------------- */

/* Sign PAYLOAD as an in-toto envelope with ed25519 into tmpdir/NAME and
 * verify it as a report; returns the status, message in d. */
static int verify_signed_statement(const char *payload, bool inputs, struct diag *d)
{
	const char *names[] = {"ed25519"};
	char *env = sign_with(payload, ATTEST_INTOTO_PAYLOAD_TYPE, names, 1);
	char *path = tmp_path("stmt.dsse.json");
	assert_int_equal(write_file_atomic(path, env, strlen(env), 0644, d), 0);
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_report r = ATTEST_REPORT_INIT;
	diag_clear(d);
	int rc = attest_verify_report(path, &kr, 1, inputs, &r, d);
	attest_report_release(&r);
	attest_keyring_release(&kr);
	free(path);
	free(env);
	return rc;
}

#define SUBJ(name, hex) "{\"name\":\"" name "\",\"digest\":{\"sha256\":\"" hex "\"}}"
#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"

static void test_statement_checks(void **state)
{
	struct diag d;
	const char *good = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
	                   "\"https://chipgate.dev/report/v1\",\"predicate\":{},\"subject\":[" SUBJ(
	                       "a", ZERO64) "]}";
	assert_int_equal(verify_signed_statement(good, false, &d), ATTEST_OK);

	struct {
		const char *payload, *msg;
	} cases[] = {
	    {"{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":"
	     "\"https://chipgate.dev/report/v1\",\"predicate\":{},\"subject\":[" SUBJ("a",
	                                                                              ZERO64) "]}",
	     "statement _type is 'https://in-toto.io/Statement/v0.1', expected"},
	    {"{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
	     "\"https://slsa.dev/provenance/v1\",\"predicate\":{},\"subject\":[" SUBJ("a",
	                                                                              ZERO64) "]}",
	     "statement predicateType is 'https://slsa.dev/provenance/v1', expected"},
	    {"{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
	     "\"https://chipgate.dev/report/v1\",\"predicate\":{},\"subject\":[]}",
	     "statement has no subjects"},
	    {"{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
	     "\"https://chipgate.dev/report/v1\",\"predicate\":{},\"subject\":[{\"name\":\"a\"}]}",
	     "subject 1 has no name or no sha256 digest"},
	    {"{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
	     "\"https://chipgate.dev/report/v1\",\"subject\":[" SUBJ("a", ZERO64) "]}",
	     "statement has no 'predicate' object"},
	    {"{\"predicateType\":\"https://chipgate.dev/report/v1\"}",
	     "statement has no '_type' string"},
	    {"{\"_type\":\"https://in-toto.io/Statement/v1\",", "signed payload is not valid JSON"},
	    {"[]", "signed payload is not a JSON object"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		int rc = verify_signed_statement(cases[i].payload, false, &d);
		if (rc != ATTEST_REJECTED)
			fail_msg("case %zu: rc %d '%s'", i, rc, d.msg);
		assert_contains(d.msg, cases[i].msg);
	}
}

static void test_inputs(void **state)
{
	struct diag d;
	copy_fixture("inventory.cfg", 0644);
	char *inv = slurp(FIX "/inventory.cfg", NULL);
	char hex[65];
	sha256_hex(inv, strlen(inv), hex);
	free(inv);
	struct strbuf sb = STRBUF_INIT;
#define HEAD                                                                                       \
	"{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"                        \
	"\"https://chipgate.dev/report/v1\",\"predicate\":{\"verdict\":\"pass\"},\"subject\":["
	sb_printf(&sb, HEAD "{\"name\":\"inventory.cfg\",\"digest\":{\"sha256\":\"%s\"}}]}", hex);
	assert_int_equal(verify_signed_statement(sb_str(&sb), true, &d), ATTEST_OK);
	sb_reset(&sb);
	hex[0] = hex[0] == '0' ? '1' : '0';
	sb_printf(&sb, HEAD "{\"name\":\"inventory.cfg\",\"digest\":{\"sha256\":\"%s\"}}]}", hex);
	assert_int_equal(verify_signed_statement(sb_str(&sb), false, &d), ATTEST_OK);
	assert_int_equal(verify_signed_statement(sb_str(&sb), true, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "subject 'inventory.cfg': sha256 mismatch");
	/* a subject that is not there cannot be checked: an input error */
	assert_int_equal(
	    verify_signed_statement(HEAD SUBJ("no-such-file.cfg", ZERO64) "]}", true, &d),
	    ATTEST_ERROR);
	assert_contains(d.msg, "subject 'no-such-file.cfg': cannot read");
	assert_int_equal(
	    verify_signed_statement(HEAD SUBJ("embedded:no-such.cfg", ZERO64) "]}", true, &d),
	    ATTEST_ERROR);
	assert_contains(d.msg, "not compiled into this chipgate");
	/* embedded files are checked against the bytes in the binary */
	for (size_t i = 0; i < embedded_files_count && i < 1; i++) {
		char ehex[65];
		sha256_hex(embedded_files[i].data, embedded_files[i].len, ehex);
		sb_reset(&sb);
		sb_printf(&sb, HEAD "{\"name\":\"embedded:%s\",\"digest\":{\"sha256\":\"%s\"}}]}",
		          embedded_files[i].name, ehex);
		assert_int_equal(verify_signed_statement(sb_str(&sb), true, &d), ATTEST_OK);
		ehex[5] = ehex[5] == 'a' ? 'b' : 'a';
		sb_reset(&sb);
		sb_printf(&sb, HEAD "{\"name\":\"embedded:%s\",\"digest\":{\"sha256\":\"%s\"}}]}",
		          embedded_files[i].name, ehex);
		assert_int_equal(verify_signed_statement(sb_str(&sb), true, &d), ATTEST_REJECTED);
		assert_contains(d.msg, "sha256 mismatch");
	}
#undef HEAD
	sb_release(&sb);
}

/* ---- the rendered report, v1 statements, sizes (issue #14) ----------------------- */

static int check_rendered_at(const char *env, const char *given, enum attest_rendered_state *st,
                             struct diag *d)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_report r = ATTEST_REPORT_INIT;
	diag_clear(d);
	if (attest_verify_report(env, &kr, 1, false, &r, d) != ATTEST_OK)
		fail_msg("%s: %s", env, d->msg);
	char *path = NULL;
	int rc = attest_check_rendered(env, &r, given, st, &path, d);
	free(path);
	attest_report_release(&r);
	attest_keyring_release(&kr);
	return rc;
}

static void test_rendered_report(void **state)
{
	char *env = sign_report_file("ed25519", "bound.dsse.json");
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_report r = ATTEST_REPORT_INIT;
	struct diag d;
	assert_int_equal(attest_verify_report(env, &kr, 1, false, &r, &d), ATTEST_OK);
	assert_int_equal(r.version, 2);
	assert_string_equal(r.rendered_name, "report.json");
	assert_string_equal(r.rendered_format, "json");
	/* the signed report is report.json, byte for byte */
	size_t len;
	char *report = slurp(FIX "/report.json", &len);
	assert_true(r.report_len + 1 == len || r.report_len == len);
	assert_memory_equal(r.env.payload + r.report_off, report, r.report_len);
	attest_report_release(&r);
	attest_keyring_release(&kr);

	enum attest_rendered_state st;
	/* not beside the envelope: not checked, not an error */
	char *beside = tmp_path("report.json");
	unlink(beside);
	assert_int_equal(check_rendered_at(env, NULL, &st, &d), ATTEST_OK);
	assert_int_equal(st, ATTEST_RENDERED_ABSENT);
	/* beside it: checked */
	copy_fixture("report.json", 0644);
	assert_int_equal(check_rendered_at(env, NULL, &st, &d), ATTEST_OK);
	assert_int_equal(st, ATTEST_RENDERED_MATCH);
	/* one byte changed */
	report[len / 2] ^= 1;
	assert_int_equal(write_file_atomic(beside, report, len, 0644, &d), 0);
	assert_int_equal(check_rendered_at(env, NULL, &st, &d), ATTEST_REJECTED);
	assert_string_equal(d.file, beside);
	assert_string_equal(d.msg, "differs from what was signed");
	/* --report names another file: that one is checked */
	char *fix = fix_path("report.json");
	assert_int_equal(check_rendered_at(env, fix, &st, &d), ATTEST_OK);
	assert_int_equal(st, ATTEST_RENDERED_MATCH);
	assert_int_equal(check_rendered_at(env, beside, &st, &d), ATTEST_REJECTED);
	/* and one that is not there is an error, not a pass */
	char *missing = tmp_path("no-such-report.json");
	assert_int_equal(check_rendered_at(env, missing, &st, &d), ATTEST_ERROR);
	assert_contains(d.msg, "cannot read");
	unlink(beside);
	free(missing);
	free(fix);
	free(beside);
	free(report);
	free(env);
}

/* Envelopes signed before the binding (predicateType v1) still verify;
 * they name no rendered report, so --report cannot be checked. */
static void test_v1_statement(void **state)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_report r = ATTEST_REPORT_INIT;
	struct diag d;
	assert_int_equal(attest_verify_report(FIX "/golden-v1.dsse.json", &kr, 1, true, &r, &d),
	                 ATTEST_OK);
	assert_int_equal(r.version, 1);
	assert_null(r.rendered_name);
	assert_string_equal(r.verdict, "pass");
	assert_true(r.report_len > 0 && r.env.payload[r.report_off] == '{' &&
	            r.env.payload[r.report_off + r.report_len - 1] == '}');
	attest_report_release(&r);
	attest_keyring_release(&kr);
	enum attest_rendered_state st;
	assert_int_equal(check_rendered_at(FIX "/golden-v1.dsse.json", NULL, &st, &d), ATTEST_OK);
	assert_int_equal(st, ATTEST_RENDERED_NONE);
	assert_int_equal(check_rendered_at(FIX "/golden-v1.dsse.json", FIX "/report.json", &st, &d),
	                 ATTEST_REJECTED);
	assert_contains(d.msg, "records no rendered report");
}

/* v2 statements must bind a report they carry. */
static void test_v2_statement_checks(void **state)
{
#define V2HEAD                                                                                     \
	"{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[" SUBJ("a", ZERO64)              \
	"],\"predicateType\":\"https://chipgate.dev/report/v2\",\"predicate\":"
#define REND(name) "\"rendered\":{\"name\":\"" name "\",\"format\":\"json\",\"sha256\":\"" ZERO64 "\"}"
	struct diag d;
	assert_int_equal(
	    verify_signed_statement(V2HEAD "{" REND("r.json") ",\"report\":{\"verdict\":\"pass\"}}}",
	                            false, &d),
	    ATTEST_OK);
	struct {
		const char *payload, *msg;
	} cases[] = {
	    {V2HEAD "{\"report\":{}}}", "statement's predicate has no 'rendered' object"},
	    {V2HEAD "{" REND("r.json") "}}", "statement's predicate has no 'report' object"},
	    {V2HEAD "{" REND("r.json") ",\"report\":[1]}}", "no 'report' object"},
	    {V2HEAD "{" REND("../r.json") ",\"report\":{}}}", "is not a file name"},
	    {V2HEAD "{" REND("") ",\"report\":{}}}", "rendered report '' is not a file name"},
	    {V2HEAD "{\"rendered\":{\"name\":\"r\",\"format\":\"json\",\"sha256\":\"AB\"},"
	            "\"report\":{}}}",
	     "no 'rendered' object with a name, a format and a sha256"},
	    {V2HEAD "{" REND("r.json") ",\"report\":{},\"report\":{}}}", "not valid JSON"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(cases); i++) {
		int rc = verify_signed_statement(cases[i].payload, false, &d);
		if (rc != ATTEST_REJECTED)
			fail_msg("case %zu: rc %d '%s'", i, rc, d.msg);
		assert_contains(d.msg, cases[i].msg);
	}
#undef REND
#undef V2HEAD
}

/* An envelope over the limit is refused by its size, unread (a sparse
 * file of gigabytes costs nothing to make); a Statement over it is not
 * signed. */
static void test_size_limits(void **state)
{
	size_t len;
	char *report = slurp(FIX "/report.json", &len);
	setenv("CHIPGATE_MAX_INPUT", "300", 1);
	assert_int_equal(attest_payload_limit(), 300);
	assert_int_equal(attest_envelope_limit(), 404 + ((size_t)1 << 20));
	char *big = tmp_path("big.dsse.json");
	int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)1 << 34), 0);
	close(fd);
	struct attest_envelope *e = NULL;
	struct diag d;
	assert_int_equal(attest_envelope_open(big, &e, &d), ATTEST_ERROR);
	assert_contains(d.msg, "envelope is larger than the limit of 1048980 bytes");
	assert_null(e);
	unlink(big);
	/* signing refuses what verify would not read */
	char *out = tmp_path("over.dsse.json");
	struct attest_subject subj = {"inventory.cfg", ZERO64};
	struct attest_rendered rendered = {"report.json", "json", ZERO64};
	struct attest_key *k = load_priv("ed25519");
	assert_int_equal(attest_sign_report(report, len, &subj, 1, &rendered, k, out, &d),
	                 ATTEST_ERROR);
	assert_contains(d.msg, "over the limit of 300 that verify reads");
	assert_int_equal(access(out, F_OK), -1);
	unsetenv("CHIPGATE_MAX_INPUT");
	attest_key_free(k);
	free(report);
	free(out);
	free(big);
}

/* A payload written with JSON escapes ("\/", as some encoders write a
 * slash) is the same payload; an unsigned envelope is refused whatever
 * its size. */
static void test_envelope_forms(void **state)
{
	const char *names[] = {"ed25519"};
	char *env = sign_with("\xff\xfe\xfd\xff\xff\xff", "t", names, 1);
	json_t *root = json_loads(env, 0, NULL);
	char *slashed = json_dumps(root, JSON_ESCAPE_SLASH | JSON_INDENT(1));
	json_decref(root);
	assert_non_null(strstr(slashed, "\\/"));
	struct diag d;
	assert_int_equal(verify_with(slashed, "t", names, 1, 1, NULL, &d), ATTEST_OK);
	free(slashed);
	free(env);
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "{\"payloadType\":\"t\",\"payload\":\"");
	for (int i = 0; i < 100000; i++)
		sb_puts(&sb, "QUFB");
	sb_puts(&sb, "\",\"signatures\":[]}");
	assert_int_equal(verify_with(sb.buf, "t", names, 1, 1, NULL, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "envelope has no signatures");
	sb_release(&sb);
}

/* The payload is read twice, from the file: if the file changes in
 * between, what is verified is what was read the second time, and a
 * payload of another length is refused. */
static void test_envelope_changed_between_passes(void **state)
{
	const char *names[] = {"ed25519"};
	char *a = sign_with("{\"x\":1}", "t", names, 1), *b = sign_with("{\"x\":12345}", "t", names, 1);
	char *path = tmp_path("moving.dsse.json");
	struct diag d;
	assert_int_equal(write_file_atomic(path, a, strlen(a), 0644, &d), 0);
	struct attest_envelope *e;
	assert_int_equal(attest_envelope_open(path, &e, &d), ATTEST_OK);
	/* in place, as an editor writing over it would */
	int fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, strlen(b)), (ssize_t)strlen(b));
	close(fd);
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	ring_add(&kr, "ed25519");
	struct attest_verified v = ATTEST_VERIFIED_INIT;
	assert_int_equal(attest_envelope_check(e, "t", &kr, 1, &v, &d), ATTEST_REJECTED);
	assert_contains(d.msg, "the envelope changed while it was read");
	attest_envelope_free(e);
	attest_keyring_release(&kr);
	free(path);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_b64_roundtrip),
	    cmocka_unit_test(test_b64_strict),
	    cmocka_unit_test(test_b64_stream),
	    cmocka_unit_test(test_pae),
	    cmocka_unit_test(test_key_type_names),
	    cmocka_unit_test(test_keyid_matches_spki),
	    cmocka_unit_test(test_private_key_group_readable_refused),
	    cmocka_unit_test(test_encrypted_key),
	    cmocka_unit_test(test_bad_keys),
	    cmocka_unit_test(test_public_key_as_private),
	    cmocka_unit_test(test_key_encodings_are_one_key),
	    cmocka_unit_test(test_file_uris),
	    cmocka_unit_test(test_keygen),
	    cmocka_unit_test(test_roundtrip_every_type),
	    cmocka_unit_test(test_report_roundtrip_every_type),
	    cmocka_unit_test(test_statement_is_deterministic),
	    cmocka_unit_test(test_golden_envelope),
	    cmocka_unit_test(test_sample_envelopes),
	    cmocka_unit_test(test_ecdsa_signatures_differ_but_verify),
	    cmocka_unit_test(test_threshold),
	    cmocka_unit_test(test_envelope_tampering),
	    cmocka_unit_test(test_keyid_is_only_a_hint),
	    cmocka_unit_test(test_envelope_kind),
	    cmocka_unit_test(test_verify_approval),
	    cmocka_unit_test(test_cosign),
	    cmocka_unit_test(test_statement_checks),
	    cmocka_unit_test(test_inputs),
	    cmocka_unit_test(test_rendered_report),
	    cmocka_unit_test(test_v1_statement),
	    cmocka_unit_test(test_v2_statement_checks),
	    cmocka_unit_test(test_size_limits),
	    cmocka_unit_test(test_envelope_forms),
	    cmocka_unit_test(test_envelope_changed_between_passes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
