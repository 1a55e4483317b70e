/* Signing a report's Statement into its envelope without holding it
 * twice. The Statement is three pieces -- a prefix (type, subjects,
 * predicateType, rendered), the JSON report as its file holds it, and
 * "}}" -- so its length, and the PAE header, are known before a byte of
 * it is signed. ECDSA and RSA-PSS hash the PAE piece by piece while the
 * base64 is written; Ed25519, one-shot in OpenSSL 3.0, is given one
 * mapping of the PAE: the header in front of the report file's own
 * pages, the "}}" behind them -- no copy of the report in memory. On a
 * second thread the JSON report is checked (jscan: an object, valid as
 * jansson reads it) and, when it is the report file itself, its digest
 * compared with the one the report was written with: a report file
 * changed behind chipgate's back is not signed.
 *
 * It must never sign a Statement it has not checked in full, nor one
 * larger than verify will read (attest_payload_limit). */
#define _GNU_SOURCE /* MAP_ANONYMOUS with _POSIX_C_SOURCE */
#include "attest/internal.h"
#include "attest/jscan.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIECE ((size_t)1 << 20)

static const char suffix[] = "}}";

/* The JSON report: a file, open for reading, and its length. */
struct json_src {
	int fd;
	size_t len;
	const char *expect; /* its bytes' digest, or NULL */
};

/* Read N bytes at OFF of FD into BUF, all of them. 0 or -1 with errno. */
static int read_at(int fd, void *buf, size_t n, size_t off)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			errno = r < 0 ? errno : EIO; /* the file shrank */
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* ---- the check, on its own thread ---------------------------------------------- */

struct check {
	const struct json_src *src;
	struct diag d;
	int rc;
};

static void *check_json(void *arg)
{
	struct check *c = arg;
	const struct json_src *src = c->src;
	struct jscan s;
	jscan_init(&s);
	EVP_MD_CTX *md = src->expect ? EVP_MD_CTX_new() : NULL;
	char *buf = xmalloc(PIECE);
	int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ? -1 : 0;
	bool seen = false; /* the first byte that is not whitespace */
	for (size_t off = 0; rc == 0 && off < src->len;) {
		size_t n = src->len - off < PIECE ? src->len - off : PIECE;
		if (read_at(src->fd, buf, n, off) != 0) {
			diag_set(&c->d, "<report>", 0, 0, "read error: %s", strerror(errno));
			rc = -1;
			break;
		}
		for (size_t i = 0; !seen && i < n; i++) {
			if (strchr(" \t\r\n", buf[i]) && buf[i])
				continue;
			seen = true;
			if (buf[i] != '{') {
				diag_set(&c->d, "<report>", 0, 0, "report is not a JSON object");
				rc = -1;
			}
		}
		if (jscan_feed(&s, buf, n) != 0 || (md && EVP_DigestUpdate(md, buf, n) != 1))
			rc = -1;
		off += n;
	}
	if (rc == 0 && (jscan_finish(&s) != 0 || !seen))
		rc = -1;
	if (rc != 0 && s.err && *s.err)
		diag_set(&c->d, "<report>", 0, 0, "report is not valid JSON (offset %zu): %s",
		         s.err_off, s.err);
	if (rc == 0 && md) {
		unsigned char dg[32];
		unsigned int k = 32;
		char hex[SHA256_HEX_LEN + 1];
		if (EVP_DigestFinal_ex(md, dg, &k) != 1)
			rc = -1;
		sha256_to_hex(dg, hex);
		if (rc != 0 || strcmp(hex, src->expect) != 0) {
			diag_set(&c->d, "<report>", 0, 0,
			         "the report file changed after it was written: not signed");
			rc = -1;
		}
	}
	EVP_MD_CTX_free(md);
	free(buf);
	jscan_release(&s);
	c->rc = rc;
	return NULL;
}

/* ---- Ed25519: the PAE in one mapping -------------------------------------------------- */

/* A PAE as one contiguous run of memory: HEAD (the PAE header and the
 * Statement's prefix) on anonymous pages just before the report file's
 * pages, mapped privately, and the suffix written into the zeroed tail
 * of its last page or the anonymous page after it. */
struct pae_map {
	unsigned char *base; /* the mapping; NULL when the fallback copy is used */
	size_t size;
	unsigned char *copy; /* the fallback: one malloc'd copy */
	const unsigned char *msg;
	size_t len;
};

static int pae_map(struct pae_map *m, const struct strbuf *head, const struct json_src *src)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t hp = (head->len + pg - 1) / pg * pg, jp = (src->len + pg - 1) / pg * pg;
	memset(m, 0, sizeof(*m));
	m->len = head->len + src->len + strlen(suffix);
	m->size = hp + jp + pg;
	void *base = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base != MAP_FAILED &&
	    mmap((char *)base + hp, src->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, src->fd,
	         0) != MAP_FAILED) {
		m->base = base;
		memcpy(m->base + hp - head->len, head->buf, head->len);
		memcpy(m->base + hp + src->len, suffix, strlen(suffix));
		m->msg = m->base + hp - head->len;
		return 0;
	}
	if (base != MAP_FAILED)
		munmap(base, m->size);
	/* no mapping (a file system that cannot): one copy */
	m->copy = xmalloc(m->len);
	memcpy(m->copy, head->buf, head->len);
	if (read_at(src->fd, m->copy + head->len, src->len, 0) != 0) {
		free(m->copy);
		m->copy = NULL;
		return -1;
	}
	memcpy(m->copy + head->len + src->len, suffix, strlen(suffix));
	m->msg = m->copy;
	return 0;
}

static void pae_unmap(struct pae_map *m)
{
	if (m->base)
		munmap(m->base, m->size);
	free(m->copy);
	memset(m, 0, sizeof(*m));
}

/* ---- signing ------------------------------------------------------------------------ */

/* Sign and encode: the signature of the PAE (header HDR bytes of HEAD,
 * then the rest of HEAD, the report and the suffix) into *SIG, the
 * Statement's base64 into B. */
static int sign_ed25519(const struct attest_key *key, const struct strbuf *head, size_t hdr,
                        const struct json_src *src, struct b64_out *b, unsigned char **sig,
                        size_t *siglen, struct diag *d)
{
	struct pae_map m;
	if (pae_map(&m, head, src) != 0) {
		diag_set(d, "<report>", 0, 0, "read error: %s", strerror(errno));
		return ATTEST_ERROR;
	}
	int rc = attest_key_sign_raw(key, m.msg, m.len, sig, siglen, d);
	if (rc == ATTEST_OK && (b64_out_put(b, m.msg + hdr, m.len - hdr) != 0 || b64_out_end(b) != 0))
		rc = ATTEST_ERROR; /* the envelope's stream says why */
	pae_unmap(&m);
	return rc;
}

static int sign_pieces(const struct attest_key *key, const struct strbuf *head, size_t hdr,
                       const struct json_src *src, struct b64_out *b, unsigned char **sig,
                       size_t *siglen, struct diag *d)
{
	struct key_signer *s = key_signer_new(key, d);
	if (!s)
		return ATTEST_ERROR;
	char *buf = xmalloc(PIECE);
	int rc = key_signer_update(s, head->buf, head->len) == 0 &&
	                 b64_out_put(b, head->buf + hdr, head->len - hdr) == 0
	             ? ATTEST_OK
	             : ATTEST_ERROR;
	for (size_t off = 0; rc == ATTEST_OK && off < src->len;) {
		size_t n = src->len - off < PIECE ? src->len - off : PIECE;
		if (read_at(src->fd, buf, n, off) != 0) {
			diag_set(d, "<report>", 0, 0, "read error: %s", strerror(errno));
			rc = ATTEST_ERROR;
			break;
		}
		if (key_signer_update(s, buf, n) != 0 || b64_out_put(b, buf, n) != 0)
			rc = ATTEST_ERROR;
		off += n;
	}
	if (rc == ATTEST_OK &&
	    (key_signer_update(s, suffix, strlen(suffix)) != 0 ||
	     b64_out_put(b, suffix, strlen(suffix)) != 0 || b64_out_end(b) != 0))
		rc = ATTEST_ERROR;
	if (rc == ATTEST_OK)
		rc = key_signer_final(s, sig, siglen, d);
	else if (!d->msg[0])
		diag_set(d, NULL, 0, 0, "signing failed");
	free(buf);
	key_signer_free(s);
	return rc;
}

/* Open the JSON report of SRC as a file: its own, or a scratch file
 * beside NEAR that SRC->write fills. */
static int json_open(const struct attest_report_json *src, const char *near, struct json_src *js,
                     struct diag *d)
{
	struct stat st;
	js->expect = NULL;
	if (src->path) {
		js->fd = open(src->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		js->expect = src->expect_sha256;
	} else {
		js->fd = tempfile_anonymous(near);
		int w = js->fd >= 0 ? fcntl(js->fd, F_DUPFD_CLOEXEC, 0) : -1;
		FILE *fp = w >= 0 ? fdopen(w, "w") : NULL;
		if (js->fd >= 0 && !fp) {
			if (w >= 0)
				close(w);
			close(js->fd);
			js->fd = -1;
		}
		if (fp) {
			int rc = src->write(fp, src->ctx);
			int err = errno;
			if (fclose(fp) != 0 || rc != 0) {
				/* the envelope's scratch file: the envelope cannot be written */
				diag_set(d, near, 0, 0, "write error: %s",
				         strerror(rc != 0 ? err : errno));
				close(js->fd);
				js->fd = -1;
				return ATTEST_ERROR;
			}
		}
	}
	if (js->fd < 0 || fstat(js->fd, &st) != 0) {
		diag_set(d, src->path ? src->path : near, 0, 0, "cannot read the JSON report: %s",
		         strerror(errno));
		if (js->fd >= 0)
			close(js->fd);
		return ATTEST_ERROR;
	}
	js->len = (size_t)st.st_size;
	if (js->len == 0) {
		diag_set(d, "<report>", 0, 0, "report is not a JSON object");
		close(js->fd);
		return ATTEST_ERROR;
	}
	return ATTEST_OK;
}

int attest_sign_report_stream(const struct attest_key *key, const struct attest_subject *subjects,
                              size_t nsubjects, const struct attest_rendered *rendered,
                              const struct attest_report_json *src, const char *near, FILE *fp,
                              struct diag *d)
{
	struct strbuf prefix = STRBUF_INIT, head = STRBUF_INIT;
	struct json_src js;
	if (statement_prefix(&prefix, subjects, nsubjects, rendered, d) != ATTEST_OK) {
		sb_release(&prefix);
		return ATTEST_ERROR;
	}
	if (json_open(src, near, &js, d) != ATTEST_OK) {
		sb_release(&prefix);
		return ATTEST_ERROR;
	}
	int rc = ATTEST_ERROR;
	size_t total = prefix.len + js.len + strlen(suffix);
	if (js.len > attest_payload_limit() || total > attest_payload_limit()) {
		diag_set(d, near, 0, 0,
		         "the signed statement would be %zu bytes, over the limit of %zu that verify "
		         "reads (CHIPGATE_MAX_INPUT)",
		         total, attest_payload_limit());
		goto out;
	}
	env_pae_header(&head, ATTEST_INTOTO_PAYLOAD_TYPE, total);
	size_t hdr = head.len;
	sb_add(&head, prefix.buf, prefix.len);

	struct check chk = {.src = &js, .rc = -1};
	diag_clear(&chk.d);
	pthread_t th;
	bool threaded = pthread_create(&th, NULL, check_json, &chk) == 0;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	env_write_head(fp, ATTEST_INTOTO_PAYLOAD_TYPE);
	struct b64_out b = {fp, {0, 0, 0}, 0};
	rc = attest_key_get_type(key) == ATTEST_KEY_ED25519
	         ? sign_ed25519(key, &head, hdr, &js, &b, &sig, &siglen, d)
	         : sign_pieces(key, &head, hdr, &js, &b, &sig, &siglen, d);
	if (threaded)
		pthread_join(th, NULL);
	else
		check_json(&chk);
	if (rc == ATTEST_OK && chk.rc != 0) {
		*d = chk.d;
		rc = ATTEST_ERROR;
	}
	if (rc == ATTEST_OK) {
		struct attest_key *k = (struct attest_key *)key;
		if (env_write_tail(fp, &k, &sig, &siglen, 1) != 0) {
			diag_set(d, near, 0, 0, "write error");
			rc = ATTEST_ERROR;
		}
	}
	free(sig);
out:
	close(js.fd);
	sb_release(&prefix);
	sb_release(&head);
	return rc;
}

/* ---- in memory ------------------------------------------------------------------------ */

struct mem_report {
	const char *json;
	size_t len;
};

static int put_mem(FILE *fp, void *ctx)
{
	const struct mem_report *m = ctx;
	return m->len && fwrite(m->json, 1, m->len, fp) != m->len ? -1 : 0;
}

int attest_sign_report(const char *report_json, size_t len, const struct attest_subject *subjects,
                       size_t nsubjects, const struct attest_rendered *rendered,
                       const struct attest_key *key, const char *envelope_path, struct diag *d)
{
	struct mem_report m = {report_json, len};
	struct attest_report_json src = {NULL, NULL, put_mem, &m};
	struct outfile of;
	if (outfile_open(&of, envelope_path, 0644, d) != 0)
		return ATTEST_ERROR;
	if (attest_sign_report_stream(key, subjects, nsubjects, rendered, &src, envelope_path, of.fp,
	                              d) != ATTEST_OK) {
		outfile_abort(&of);
		return ATTEST_ERROR;
	}
	return outfile_commit(&of, d) == 0 ? ATTEST_OK : ATTEST_ERROR;
}
