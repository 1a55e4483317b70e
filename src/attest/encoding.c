/* Byte encodings DSSE needs: strict base64 and the pre-authentication
 * encoding (PAE) that signatures are made over. The decoder must never
 * accept more than one spelling of the same bytes (no whitespace, no
 * URL-safe alphabet, no missing padding, no stray pad bits), so that an
 * envelope cannot be altered without the change being visible. */
#include "attest/attest.h"

#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* Chunks a multiple of 3 (encode) and 4 (decode) that fit an int. */
#define B64_RAW_CHUNK ((size_t)3 << 20)
#define B64_TXT_CHUNK ((size_t)4 << 20)

char *attest_b64_encode(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t outlen = (len + 2) / 3 * 4;
	char *out = xmalloc(outlen + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i += B64_RAW_CHUNK) {
		size_t n = len - i < B64_RAW_CHUNK ? len - i : B64_RAW_CHUNK;
		o += (size_t)EVP_EncodeBlock((unsigned char *)out + o, p + i, (int)n);
	}
	out[o] = '\0';
	return out;
}

/* The 6-bit value of base64 character C (standard alphabet), or -1. */
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Check S is canonical padded base64; set *pad to the number of '='. */
static int b64_validate(const unsigned char *s, size_t len, size_t *pad)
{
	if (len % 4 != 0)
		return -1;
	*pad = 0;
	if (len == 0)
		return 0;
	if (s[len - 1] == '=')
		*pad = s[len - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < len - *pad; i++)
		if (b64_value(s[i]) < 0)
			return -1;
	/* the bits below the last data character's share must be zero */
	int last = b64_value(s[len - *pad - 1]);
	if ((*pad == 1 && (last & 0x03)) || (*pad == 2 && (last & 0x0f)))
		return -1;
	return 0;
}

int attest_b64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t pad;
	if (b64_validate(in, len, &pad) != 0)
		return -1;
	unsigned char *buf = xmalloc(len / 4 * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i += B64_TXT_CHUNK) {
		size_t n = len - i < B64_TXT_CHUNK ? len - i : B64_TXT_CHUNK;
		int r = EVP_DecodeBlock(buf + o, in + i, (int)n);
		if (r < 0) {
			free(buf);
			return -1;
		}
		o += (size_t)r;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes of output */
	o -= pad;
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	return 0;
}

void attest_pae(struct strbuf *out, const char *payload_type, const void *body, size_t len)
{
	sb_printf(out, "DSSEv1 %zu ", strlen(payload_type));
	sb_puts(out, payload_type);
	sb_printf(out, " %zu ", len);
	if (len)
		sb_add(out, body, len);
}

/* ---- strict base64 in pieces ------------------------------------------------ */

/* The 6-bit value of each byte in the standard alphabet, or -1. */
static const signed char b64_dec[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};


void attest_b64_stream_init(struct attest_b64_stream *b)
{
	memset(b, 0, sizeof(*b));
}

/* Decode the group B->q (four characters) into OUT; -1 when it breaks the
 * rules: '=' only at the end of the last group, zero pad bits. */
static int b64_group(struct attest_b64_stream *b, unsigned char *out)
{
	const unsigned char *q = b->q;
	int v[4];
	size_t pad = q[3] == '=' ? (q[2] == '=' ? 2 : 1) : 0;
	for (size_t i = 0; i < 4 - pad; i++)
		if ((v[i] = b64_value(q[i])) < 0)
			return -1;
	if (b->padded || (pad == 1 && (v[2] & 0x03)) || (pad == 2 && (v[1] & 0x0f)))
		return -1;
	out[0] = (unsigned char)(v[0] << 2 | v[1] >> 4);
	if (pad < 2)
		out[1] = (unsigned char)((v[1] & 0x0f) << 4 | v[2] >> 2);
	if (pad < 1)
		out[2] = (unsigned char)((v[2] & 0x03) << 6 | v[3]);
	b->padded = pad > 0;
	b->nq = 0;
	return (int)(3 - pad);
}

ssize_t attest_b64_stream_update(struct attest_b64_stream *b, const char *s, size_t n,
                                 unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char scratch[3];
	size_t o = 0, i = 0;
	if (b->bad)
		return -1;
	while (i < n) {
		/* whole groups straight from S while nothing is pending; a table
		 * lookup per character, the fast path of a payload of megabytes */
		if (b->nq == 0 && !b->padded) {
			for (; i + 4 <= n; i += 4, o += 3) {
				int a = b64_dec[p[i]], c = b64_dec[p[i + 1]], e = b64_dec[p[i + 2]],
				    f = b64_dec[p[i + 3]];
				if ((a | c | e | f) < 0)
					break; /* padding, or a bad character: below decides */
				if (out) {
					uint32_t v = (uint32_t)a << 18 | (uint32_t)c << 12 |
					             (uint32_t)e << 6 | (uint32_t)f;
					out[o] = (unsigned char)(v >> 16);
					out[o + 1] = (unsigned char)(v >> 8);
					out[o + 2] = (unsigned char)v;
				}
			}
			if (i == n)
				break;
		}
		/* one character into the pending group */
		b->q[b->nq++] = p[i++];
		if (b->nq < 4)
			continue;
		int k = b64_group(b, out ? out + o : scratch);
		if (k < 0) {
			b->bad = true;
			return -1;
		}
		o += (size_t)k;
	}
	b->total += o;
	return (ssize_t)o;
}

int attest_b64_stream_final(struct attest_b64_stream *b)
{
	return b->bad || b->nq != 0 ? -1 : 0;
}
