/* Reading DSSE envelopes of any size in two passes, never as a tree.
 *
 * Pass 1 scans the whole envelope (jscan: the JSON checked as jansson
 * would) in 1 MiB pieces, keeping only its small members -- payloadType,
 * each signature's keyid and sig -- and where the payload string lies,
 * whose base64 is checked on the way and its decoded length counted;
 * every malformed envelope, an unsigned one included, is refused here
 * with a few megabytes of memory whatever its size. Pass 2 reads the
 * payload string again and decodes it straight into the buffer that
 * holds its PAE, the one copy of the payload verification needs.
 *
 * A regular file is read twice from its descriptor; anything else (a
 * pipe, standard input) is read into memory once, within the same limit.
 * If the file changes between the passes, what pass 2 decodes is what
 * gets verified, and a payload that no longer decodes to the length pass
 * 1 counted is refused: the bytes verified are always the bytes held.
 * Nothing here looks inside the payload. */
#include "attest/internal.h"
#include "attest/jscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIECE ((size_t)1 << 20)
/* Room for the base64 of the payload limit, and 1 MiB for the rest. */
#define ENVELOPE_SLACK ((size_t)1 << 20)
/* Captured strings: keyids are hints of 64 hex digits; a signature of
 * the largest RSA key is under 2 KiB of base64. */
#define KEYID_MAX 4096
#define SIG_MAX 65536

size_t attest_payload_limit(void)
{
	return input_size_limit();
}

size_t attest_envelope_limit(void)
{
	size_t p = attest_payload_limit();
	size_t b64 = p / 3 * 4 + 4;
	return b64 < p ? (size_t)-1 : b64 + ENVELOPE_SLACK; /* overflow: no limit but memory */
}

void env_pae_header(struct strbuf *out, const char *type, size_t len)
{
	sb_printf(out, "DSSEv1 %zu %s %zu ", strlen(type), type, len);
}

void attest_envelope_free(struct attest_envelope *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nsigs; i++) {
		free(e->sigs[i].keyid);
		free(e->sigs[i].sig);
	}
	free(e->sigs);
	free(e->type);
	free(e->name);
	free(e->mem);
	if (e->fd >= 0)
		close(e->fd);
	free(e);
}

/* ---- pass 1 ------------------------------------------------------------------ */

enum member { M_OTHER, M_TYPE, M_PAYLOAD, M_SIGS, M_KEYID, M_SIG };
enum { T_NONE = -1 };

/* A signature as pass 1 saw it. */
struct sig_seen {
	bool object;
	int keyid_t, sig_t; /* jscan_type, or T_NONE */
	char *keyid, *sig64;
	size_t keyid_len, sig64_len;
	bool sig_long;
};

struct pass1 {
	struct attest_envelope *e;
	int top_t, type_t, payload_t, sigs_t;
	enum member cur1, cur3;
	char *type;
	bool type_long;
	struct attest_b64_stream b64;
	struct sig_seen *sigs;
	size_t nsigs, capsigs;
	bool too_many;
};

static int pass1_event(struct jscan *s, const struct jscan_event *ev)
{
	struct pass1 *p = s->ctx;
	struct sig_seen *sg = p->nsigs ? &p->sigs[p->nsigs - 1] : NULL;
	switch (ev->depth) {
	case 0:
		if (ev->kind == JE_BEGIN)
			p->top_t = (int)ev->type;
		return 0;
	case 1:
		if (ev->kind == JE_KEY) {
			p->cur1 = strcmp(ev->str, "payloadType") == 0 ? M_TYPE
			        : strcmp(ev->str, "payload") == 0     ? M_PAYLOAD
			        : strcmp(ev->str, "signatures") == 0  ? M_SIGS
			                                              : M_OTHER;
			s->mode = p->cur1 == M_TYPE ? JS_CAPTURE : p->cur1 == M_PAYLOAD ? JS_STREAM : JS_SKIP;
			s->capture_max = KEYID_MAX;
		} else if (ev->kind == JE_BEGIN) {
			if (p->cur1 == M_TYPE)
				p->type_t = (int)ev->type;
			else if (p->cur1 == M_PAYLOAD) {
				p->payload_t = (int)ev->type;
				p->e->payload_off = ev->off + 1;
			} else if (p->cur1 == M_SIGS)
				p->sigs_t = (int)ev->type;
		} else if (ev->type == JS_STRING && p->cur1 == M_TYPE) {
			p->type = xstrdup(ev->str);
			p->type_long = ev->truncated || strlen(ev->str) != ev->len;
		} else if (ev->type == JS_STRING && p->cur1 == M_PAYLOAD) {
			p->e->payload_end = ev->off - 1;
			p->e->payload_escaped = ev->escaped;
		}
		return 0;
	case 2:
		if (p->cur1 != M_SIGS || p->sigs_t != JS_ARRAY)
			return 0;
		if (ev->kind == JE_BEGIN) {
			if (p->nsigs == ENVELOPE_MAX_SIGNATURES) {
				p->too_many = true;
				return 0;
			}
			XGROW(p->sigs, p->capsigs, p->nsigs + 1);
			p->sigs[p->nsigs++] = (struct sig_seen){ev->type == JS_OBJECT, T_NONE, T_NONE,
			                                        NULL, NULL, 0, 0, false};
			p->cur3 = M_OTHER;
		} else if (ev->kind == JE_END && !p->too_many) {
			p->e->sigs_end = ev->off;
		}
		return 0;
	default: /* 3: a member of a signature */
		if (p->cur1 != M_SIGS || !sg || !sg->object || p->too_many)
			return 0;
		if (ev->kind == JE_KEY) {
			p->cur3 = strcmp(ev->str, "keyid") == 0 ? M_KEYID
			        : strcmp(ev->str, "sig") == 0   ? M_SIG
			                                        : M_OTHER;
			s->mode = p->cur3 == M_OTHER ? JS_SKIP : JS_CAPTURE;
			s->capture_max = p->cur3 == M_SIG ? SIG_MAX : KEYID_MAX;
		} else if (ev->kind == JE_BEGIN) {
			if (p->cur3 == M_KEYID)
				sg->keyid_t = (int)ev->type;
			else if (p->cur3 == M_SIG)
				sg->sig_t = (int)ev->type;
		} else if (ev->type == JS_STRING && p->cur3 == M_KEYID) {
			sg->keyid = xmalloc(ev->len + 1);
			memcpy(sg->keyid, ev->str, ev->len + 1);
			sg->keyid_len = ev->len;
		} else if (ev->type == JS_STRING && p->cur3 == M_SIG) {
			sg->sig64 = xmalloc(ev->len + 1);
			memcpy(sg->sig64, ev->str, ev->len + 1);
			sg->sig64_len = ev->len;
			sg->sig_long = ev->truncated;
		}
		return 0;
	}
}

/* The payload's characters, decoded from JSON: checked and counted. */
static int pass1_chunk(struct jscan *s, const char *p, size_t n)
{
	struct pass1 *st = s->ctx;
	attest_b64_stream_update(&st->b64, p, n, NULL); /* an error sticks: judged at the end */
	return 0;
}

static void pass1_release(struct pass1 *p)
{
	for (size_t i = 0; i < p->nsigs; i++) {
		free(p->sigs[i].keyid);
		free(p->sigs[i].sig64);
	}
	free(p->sigs);
	free(p->type);
}

/* Judge what pass 1 found, in the order the reasons have always been
 * given, and fill E. */
static int pass1_judge(struct pass1 *p, struct attest_envelope *e, struct diag *d)
{
	const char *name = e->name;
	if (p->top_t != JS_OBJECT) {
		diag_set(d, name, 0, 0, "envelope is not a JSON object");
		return ATTEST_REJECTED;
	}
	if (p->type_t != JS_STRING || p->type_long) {
		diag_set(d, name, 0, 0, "envelope has no 'payloadType' string");
		return ATTEST_REJECTED;
	}
	if (p->payload_t != JS_STRING) {
		diag_set(d, name, 0, 0, "envelope has no 'payload' string");
		return ATTEST_REJECTED;
	}
	if (attest_b64_stream_final(&p->b64) != 0) {
		diag_set(d, name, 0, 0, "payload is not valid base64");
		return ATTEST_REJECTED;
	}
	if (p->sigs_t != JS_ARRAY) {
		diag_set(d, name, 0, 0, "envelope has no 'signatures' array");
		return ATTEST_REJECTED;
	}
	if (p->nsigs == 0) {
		diag_set(d, name, 0, 0, "envelope has no signatures");
		return ATTEST_REJECTED;
	}
	if (p->too_many) {
		diag_set(d, name, 0, 0, "envelope has more than %d signatures",
		         ENVELOPE_MAX_SIGNATURES);
		return ATTEST_REJECTED;
	}
	e->sigs = xcalloc(p->nsigs, sizeof(*e->sigs));
	for (size_t i = 0; i < p->nsigs; i++, e->nsigs++) {
		struct sig_seen *sg = &p->sigs[i];
		if (!sg->object || sg->sig_t != JS_STRING ||
		    (sg->keyid_t != T_NONE && sg->keyid_t != JS_STRING)) {
			diag_set(d, name, 0, 0, "signature %zu is malformed (needs a 'sig' string)",
			         i + 1);
			return ATTEST_REJECTED;
		}
		if (sg->sig_long || attest_b64_decode(sg->sig64, sg->sig64_len, &e->sigs[i].sig,
		                                      &e->sigs[i].siglen) != 0) {
			diag_set(d, name, 0, 0, "signature %zu is not valid base64", i + 1);
			return ATTEST_REJECTED;
		}
		e->sigs[i].keyid = sg->keyid;
		sg->keyid = NULL;
	}
	e->type = p->type;
	p->type = NULL;
	e->payload_len = p->b64.total;
	return ATTEST_OK;
}

/* The next piece of E's text from OFF: up to N bytes into BUF, or a
 * pointer into the text. The count, 0 at the end, -1 with errno. */
static ssize_t source_read(const struct attest_envelope *e, size_t off, char *buf, size_t n,
                           const char **at)
{
	if (e->fd < 0) {
		const char *t = e->mem ? e->mem : e->text;
		if (off >= e->size)
			return 0;
		*at = t + off;
		return (ssize_t)(e->size - off < n ? e->size - off : n);
	}
	for (;;) {
		ssize_t r = pread(e->fd, buf, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		*at = buf;
		return r;
	}
}

static int pass1(struct attest_envelope *e, struct diag *d)
{
	struct pass1 p = {.e = e, .top_t = T_NONE, .type_t = T_NONE, .payload_t = T_NONE,
	                  .sigs_t = T_NONE};
	attest_b64_stream_init(&p.b64);
	struct jscan s;
	jscan_init(&s);
	s.on_event = pass1_event;
	s.on_chunk = pass1_chunk;
	s.ctx = &p;
	s.event_depth = 3;
	char *buf = e->fd >= 0 ? xmalloc(PIECE) : NULL;
	int rc = 0;
	size_t off = 0;
	for (;;) {
		const char *at;
		ssize_t r = source_read(e, off, buf, PIECE, &at);
		if (r < 0) {
			diag_set(d, e->name, 0, 0, "read error: %s", strerror(errno));
			rc = ATTEST_ERROR;
			break;
		}
		if (r == 0)
			break;
		if (off + (size_t)r > attest_envelope_limit()) {
			diag_set(d, e->name, 0, 0, "grew past the envelope limit while it was read");
			rc = ATTEST_ERROR;
			break;
		}
		if (jscan_feed(&s, at, (size_t)r) != 0)
			break;
		off += (size_t)r;
	}
	if (rc == 0 && (s.err || jscan_finish(&s) != 0)) {
		diag_set(d, e->name, 0, 0, "envelope is not valid JSON (line %d, column %d): %s",
		         s.err_line, s.err_col, s.err);
		rc = ATTEST_REJECTED;
	}
	e->size = e->fd >= 0 ? off : e->size;
	if (rc == 0)
		rc = pass1_judge(&p, e, d);
	jscan_release(&s);
	pass1_release(&p);
	free(buf);
	return rc;
}

/* ---- opening ------------------------------------------------------------------- */

static struct attest_envelope *envelope_new(const char *name)
{
	struct attest_envelope *e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->fd = -1;
	return e;
}

static int envelope_open_done(struct attest_envelope *e, struct attest_envelope **out,
                              struct diag *d)
{
	int rc = pass1(e, d);
	if (rc != ATTEST_OK) {
		attest_envelope_free(e);
		return rc;
	}
	*out = e;
	return ATTEST_OK;
}

static int too_large(const char *path, struct diag *d)
{
	diag_set(d, path, 0, 0,
	         "envelope is larger than the limit of %zu bytes (the base64 of "
	         "CHIPGATE_MAX_INPUT bytes, and 1 MiB): not read",
	         attest_envelope_limit());
	return ATTEST_ERROR;
}

/* Read FD (PATH in messages) to its end into *BUF (malloc'd, with a NUL
 * after the *LEN bytes), refusing more than the envelope limit. */
static int read_limited(int fd, const char *path, char **bufp, size_t *lenp, struct diag *d)
{
	size_t cap = 65536, n = 0, limit = attest_envelope_limit();
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (n > limit) {
				free(buf);
				return too_large(path, d);
			}
			cap = cap > limit / 2 ? limit + 2 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(d, path, 0, 0, "read error: %s", strerror(errno));
			free(buf);
			return ATTEST_ERROR;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > limit) {
		free(buf);
		return too_large(path, d);
	}
	buf[n] = '\0';
	*bufp = buf;
	*lenp = n;
	return ATTEST_OK;
}

int attest_envelope_open(const char *path, struct attest_envelope **out, struct diag *d)
{
	*out = NULL;
	bool std = strcmp(path, "-") == 0;
	int fd = std ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return ATTEST_ERROR;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		diag_set(d, path, 0, 0, S_ISDIR(st.st_mode) ? "is a directory" : "cannot stat: %s",
		         strerror(errno));
		if (!std)
			close(fd);
		return ATTEST_ERROR;
	}
	struct attest_envelope *e = envelope_new(path);
	if (S_ISREG(st.st_mode) && !std) {
		/* refused by its size before a byte is read */
		if ((unsigned long long)st.st_size > attest_envelope_limit()) {
			close(fd);
			attest_envelope_free(e);
			return too_large(path, d);
		}
		e->fd = fd;
		return envelope_open_done(e, out, d);
	}
	/* a pipe or a device: into memory, within the same limit */
	int rc = read_limited(fd, path, &e->mem, &e->size, d);
	if (!std)
		close(fd);
	if (rc != ATTEST_OK) {
		attest_envelope_free(e);
		return rc;
	}
	return envelope_open_done(e, out, d);
}

int attest_envelope_load(const char *path, char **text, size_t *len, struct diag *d)
{
	bool std = strcmp(path, "-") == 0;
	int fd = std ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return ATTEST_ERROR;
	}
	struct stat st;
	int rc = ATTEST_ERROR;
	if (fstat(fd, &st) != 0)
		diag_set(d, path, 0, 0, "cannot stat: %s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		diag_set(d, path, 0, 0, "is a directory");
	else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > attest_envelope_limit())
		too_large(path, d);
	else
		rc = read_limited(fd, path, text, len, d);
	if (!std)
		close(fd);
	return rc;
}

int attest_envelope_open_text(const char *name, const char *text, size_t len,
                              struct attest_envelope **out, struct diag *d)
{
	*out = NULL;
	struct attest_envelope *e = envelope_new(name);
	e->text = text;
	e->size = len;
	return envelope_open_done(e, out, d);
}

/* ---- pass 2 -------------------------------------------------------------------- */

#define PASS2_SLACK 6

struct pass2 {
	struct attest_b64_stream b64;
	unsigned char *out;
	size_t room;
	bool over;
};

static int pass2_chunk(struct jscan *s, const char *p, size_t n)
{
	struct pass2 *st = s->ctx;
	/* at most 3 bytes for every 4 characters, a pending group counted:
	 * never past the room pass 1 counted and the buffer's slack (a legal
	 * last group with padding may look 5 bytes long here); a payload that
	 * grew stops here */
	if (st->b64.total + (n + 3) / 4 * 3 > st->room + PASS2_SLACK - 1) {
		st->over = true;
		return 1;
	}
	return attest_b64_stream_update(&st->b64, p, n, st->out + st->b64.total) < 0;
}

int env_read_pae(struct attest_envelope *e, unsigned char **bufp, size_t *hdrp, struct diag *d)
{
	struct strbuf hdr = STRBUF_INIT;
	env_pae_header(&hdr, e->type, e->payload_len);
	unsigned char *buf = xmalloc(hdr.len + e->payload_len + PASS2_SLACK + 1);
	memcpy(buf, hdr.buf, hdr.len);
	struct pass2 p = {.out = buf + hdr.len, .room = e->payload_len};
	attest_b64_stream_init(&p.b64);
	struct jscan s;
	jscan_init(&s);
	s.on_chunk = pass2_chunk;
	s.ctx = &p;
	s.mode = JS_STREAM;
	char *piece = e->fd >= 0 ? xmalloc(PIECE) : NULL;
	/* the payload string again: read as a JSON string when it has escapes,
	 * else its characters are base64 itself (a quote or a backslash there
	 * now would not decode) */
	int rc = e->payload_escaped ? jscan_feed(&s, "\"", 1) : 0;
	for (size_t off = e->payload_off; rc == 0 && off < e->payload_end;) {
		const char *at;
		size_t want = e->payload_end - off < PIECE ? e->payload_end - off : PIECE;
		ssize_t r = source_read(e, off, piece, want, &at);
		if (r <= 0) {
			rc = -1;
			break;
		}
		rc = e->payload_escaped ? jscan_feed(&s, at, (size_t)r) : pass2_chunk(&s, at, (size_t)r);
		off += (size_t)r;
	}
	if (rc == 0 && e->payload_escaped)
		rc = jscan_feed(&s, "\"", 1) == 0 && jscan_finish(&s) == 0 ? 0 : -1;
	bool same = rc == 0 && !p.over && attest_b64_stream_final(&p.b64) == 0 &&
	            p.b64.total == e->payload_len;
	jscan_release(&s);
	free(piece);
	if (!same) {
		diag_set(d, e->name, 0, 0, "the envelope changed while it was read");
		free(buf);
		sb_release(&hdr);
		return ATTEST_REJECTED;
	}
	buf[hdr.len + e->payload_len] = '\0';
	*bufp = buf;
	*hdrp = hdr.len;
	sb_release(&hdr);
	return ATTEST_OK;
}
