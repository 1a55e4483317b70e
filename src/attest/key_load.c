/* Loading a private key for signing: from a file or an OSSL_STORE URI
 * (a provider's, such as a PKCS#11 token), its passphrase from the
 * environment or a prompt on the terminal. A key file is opened once and
 * checked on that descriptor, and its text is kept in OpenSSL's secure
 * heap. It must never load a private key file that group or others can
 * read, never prompt more than once for one key, and never keep a
 * passphrase or the key file's text after the key is loaded (both are
 * wiped). */
#include "attest/internal.h"
#include "attest/key_uri.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Key files are small; anything bigger is not a key. */
#define KEY_FILE_MAX ((size_t)1 << 20)

/* OpenSSL's secure heap: locked in memory (mlock), kept out of core
 * dumps, wiped when freed. OpenSSL keeps private key material there once
 * it exists (Ed25519's private bytes, EC and RSA secret numbers); so does
 * the key file's text here. Best effort: where it cannot be had (a low
 * RLIMIT_MEMLOCK), keys are in ordinary memory, still wiped when freed. */
#define KEY_SECURE_HEAP ((size_t)1 << 16)

static void secure_heap_init(void)
{
	if (!CRYPTO_secure_malloc_initialized())
		CRYPTO_secure_malloc_init(KEY_SECURE_HEAP, 32);
}

/* N bytes for a secret: from the secure heap when there is room. */
static char *secret_alloc(size_t n)
{
	char *p = OPENSSL_secure_malloc(n);
	return p ? p : xmalloc(n);
}

static void secret_free(char *p, size_t n)
{
	if (!p)
		return;
	if (CRYPTO_secure_allocated(p)) {
		OPENSSL_secure_clear_free(p, n);
	} else {
		OPENSSL_cleanse(p, n);
		free(p);
	}
}

struct pass_state {
	enum attest_pass_mode mode;
	const char *name;
	bool asked;    /* the key turned out to be encrypted */
	bool supplied; /* and we had a passphrase for it */
	bool too_long;
	/* OSSL_STORE asks once per decoder it tries: answer every time from
	 * this copy, so that a prompt comes once and a wrong answer is not
	 * asked for again. Wiped when the key has been loaded. */
	int len; /* -1: not asked yet; -2: none available */
	char pass[ATTEST_PASSPHRASE_MAX + 1];
};

/* Put the passphrase into BUF (SIZE bytes): from the environment, else
 * (when the caller allowed it) from a prompt on the terminal. Returns its
 * length or -1. */
static int pass_get(struct pass_state *ps, char *buf, size_t size)
{
	const char *env = getenv(ATTEST_PASSPHRASE_ENV);
	if (env && *env) {
		size_t n = strlen(env);
		if (n >= size) {
			ps->too_long = true;
			return -1;
		}
		memcpy(buf, env, n + 1);
		return (int)n;
	}
	if (ps->mode != ATTEST_PASS_PROMPT || !isatty(STDIN_FILENO))
		return -1;
	struct strbuf prompt = STRBUF_INIT;
	sb_printf(&prompt, "passphrase for %s: ", ps->name);
	int r = EVP_read_pw_string_min(buf, 1, (int)size, sb_str(&prompt), 0);
	sb_release(&prompt);
	return r == 0 ? (int)strlen(buf) : -1;
}

/* UI reader that OSSL_STORE calls when a key turns out to be encrypted. */
static int pass_reader(UI *ui, UI_STRING *uis)
{
	enum UI_string_types t = UI_get_string_type(uis);
	if (t != UIT_PROMPT && t != UIT_VERIFY)
		return 1;
	struct pass_state *ps = UI_get0_user_data(ui);
	ps->asked = true;
	if (ps->len == -1) {
		ps->len = pass_get(ps, ps->pass, sizeof(ps->pass));
		if (ps->len <= 0)
			ps->len = -2;
	}
	if (ps->len < 0 || ps->len > UI_get_result_maxsize(uis) ||
	    UI_set_result_ex(ui, uis, ps->pass, ps->len) < 0)
		return -1;
	ps->supplied = true;
	return 1;
}

/* True when BUF (LEN bytes, NUL-terminated) holds a public key and no
 * private one: PEM "PUBLIC KEY" or DER SubjectPublicKeyInfo. */
static bool bytes_are_public_key(const char *buf, size_t len)
{
	if (len > INT_MAX || strstr(buf, "PRIVATE KEY-----"))
		return false;
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	EVP_PKEY *pk = NULL;
	if (bio && strstr(buf, "-----BEGIN PUBLIC KEY-----"))
		pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	else if (bio)
		pk = d2i_PUBKEY_bio(bio, NULL);
	bool pub = pk != NULL;
	EVP_PKEY_free(pk);
	BIO_free(bio);
	ERR_clear_error();
	return pub;
}

/* "NEED; 'PATH' is a public key", with the matching .key when there is one. */
static void public_key_given(const char *uri, const char *path, const char *need, struct diag *d)
{
	struct strbuf alt = STRBUF_INIT;
	size_t n = strlen(path);
	struct stat st;
	if (n > 4 && strcmp(path + n - 4, ".pub") == 0) {
		sb_add(&alt, path, n - 4);
		sb_puts(&alt, ".key");
		if (stat(alt.buf, &st) != 0 || !S_ISREG(st.st_mode))
			sb_reset(&alt);
	}
	char q[96], a[96];
	diag_set(d, NULL, 0, 0, "%s; '%s' is a public key%s%s%s",
	         need ? need : "signing needs a private key",
	         diag_excerpt(q, sizeof(q), uri, strlen(uri)), alt.len ? " (did you mean '" : "",
	         alt.len ? diag_excerpt(a, sizeof(a), alt.buf, alt.len) : "", alt.len ? "'?)" : "");
	sb_release(&alt);
}

/* Read the private key file PATH (named URI in messages) into a malloc'd
 * buffer. The file is opened once and everything is checked on that
 * descriptor: a regular file, not too large, and not accessible by group
 * or others — unless it is a public key, which is said instead. */
static int key_file_read(const char *uri, const char *path, const char *need, char **buf,
                         size_t *len, size_t *size, struct diag *d)
{
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		diag_set(d, uri, 0, 0, "cannot open: %s", strerror(errno));
		return ATTEST_ERROR;
	}
	struct stat st;
	int rc = ATTEST_ERROR;
	char *p = NULL;
	size_t cap = 0, n = 0;
	if (fstat(fd, &st) != 0) {
		diag_set(d, uri, 0, 0, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_set(d, uri, 0, 0, "not a regular file");
		goto out;
	}
	if ((size_t)st.st_size > KEY_FILE_MAX) {
		diag_set(d, uri, 0, 0, "too large for a key file");
		goto out;
	}
	cap = (size_t)st.st_size + 1;
	p = secret_alloc(cap);
	for (;;) {
		ssize_t r = read(fd, p + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(d, uri, 0, 0, "read error: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n + 1 == cap) /* the file grew since fstat: stop here */
			break;
	}
	p[n] = '\0';
	if (bytes_are_public_key(p, n)) {
		public_key_given(uri, path, need, d);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		diag_set(d, uri, 0, 0,
		         "private key is accessible by group or others (mode %04o): run 'chmod 600 "
		         "%s'",
		         (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	*buf = p;
	*len = n;
	*size = cap;
	p = NULL;
	rc = ATTEST_OK;
out:
	secret_free(p, cap);
	close(fd);
	return rc;
}

/* Take the first private key out of an open store. */
static EVP_PKEY *store_first_pkey(OSSL_STORE_CTX *ctx)
{
	EVP_PKEY *pk = NULL;
	OSSL_STORE_expect(ctx, OSSL_STORE_INFO_PKEY);
	while (!pk && !OSSL_STORE_eof(ctx)) {
		OSSL_STORE_INFO *info = OSSL_STORE_load(ctx);
		if (!info) {
			if (OSSL_STORE_error(ctx))
				break;
			continue;
		}
		if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY)
			pk = OSSL_STORE_INFO_get1_PKEY(info);
		OSSL_STORE_INFO_free(info);
	}
	return pk;
}

int attest_key_load_private(const char *key_uri, enum attest_pass_mode pass,
                            struct attest_key **out, struct diag *d)
{
	return attest_key_load_signing(key_uri, pass, NULL, out, d);
}

int attest_key_load_signing(const char *key_uri, enum attest_pass_mode pass, const char *need,
                            struct attest_key **out, struct diag *d)
{
	struct pass_state ps = {.mode = pass, .name = key_uri, .len = -1};
	struct strbuf path = STRBUF_INIT;
	char *buf = NULL;
	size_t len = 0, size = 0;
	BIO *bio = NULL;
	OSSL_STORE_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	int rc = ATTEST_ERROR;
	char why[256];

	*out = NULL;
	secure_heap_init();
	int is_file = key_uri_path(key_uri, &path, d);
	if (is_file < 0) {
		sb_release(&path);
		return ATTEST_ERROR;
	}
	UI_METHOD *ui = UI_create_method("chipgate passphrase");
	if (!ui || UI_method_set_reader(ui, pass_reader) != 0) {
		diag_set(d, key_uri, 0, 0, "cannot set up the passphrase callback: %s",
		         key_ossl_reason(why, sizeof(why)));
		UI_destroy_method(ui);
		sb_release(&path);
		return ATTEST_ERROR;
	}
	if (is_file) {
		if (key_file_read(key_uri, path.buf, need, &buf, &len, &size, d) != 0)
			goto out;
		bio = BIO_new_mem_buf(buf, (int)len);
		if (bio)
			ctx = OSSL_STORE_attach(bio, "file", NULL, NULL, ui, &ps, NULL, NULL, NULL);
	} else {
		ctx = OSSL_STORE_open_ex(key_uri, NULL, NULL, ui, &ps, NULL, NULL, NULL);
	}
	if (!ctx) {
		diag_set(d, key_uri, 0, 0, "cannot open key: %s", key_ossl_reason(why, sizeof(why)));
		goto out;
	}
	pk = store_first_pkey(ctx);
	if (!pk) {
		if (ps.too_long)
			diag_set(d, key_uri, 0, 0, "%s is longer than %d bytes",
			         ATTEST_PASSPHRASE_ENV, ATTEST_PASSPHRASE_MAX);
		else if (ps.asked && !ps.supplied)
			diag_set(d, key_uri, 0, 0,
			         "private key is encrypted: set %s or run on a terminal",
			         ATTEST_PASSPHRASE_ENV);
		else if (ps.asked)
			diag_set(d, key_uri, 0, 0,
			         "cannot decrypt the private key: wrong passphrase");
		else
			diag_set(d, key_uri, 0, 0, "no private key found");
		ERR_clear_error();
		goto out;
	}
	rc = key_wrap(pk, key_uri, true, out, d);
out:
	OSSL_STORE_close(ctx);
	BIO_free(bio);
	secret_free(buf, size);
	UI_destroy_method(ui);
	sb_release(&path);
	OPENSSL_cleanse(ps.pass, sizeof(ps.pass));
	ERR_clear_error(); /* decoders that did not match leave errors behind */
	return rc;
}
