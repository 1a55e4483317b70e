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
