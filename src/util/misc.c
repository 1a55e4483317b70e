/* Digests, number parsing and the embedded-file lookup. */
#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Fetched once: an implicit fetch by name on every call costs more than
 * hashing the few bytes of a fingerprint. Kept for the process's life. */
static EVP_MD *sha256_md;
static void fetch_sha256(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void sha256_raw(const void *buf, size_t len, unsigned char out[32])
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fetch_sha256);
	unsigned int n = 32;
	if (EVP_Digest(buf, len, out, &n, sha256_md ? sha256_md : EVP_sha256(), NULL) != 1)
		memset(out, 0, 32); /* cannot happen with the default provider */
}

void sha256_to_hex(const unsigned char md[32], char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

void sha256_hex(const void *buf, size_t len, char out[SHA256_HEX_LEN + 1])
{
	unsigned char md[32];
	sha256_raw(buf, len, md);
	sha256_to_hex(md, out);
}

bool str_eq_nocase(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* Edit distance counting a swap of two neighbours as one edit (the
 * optimal string alignment distance: "shwo" is 1 from "show"), capped at
 * CAP + 1; strings over 64 bytes are over any cap. */
static size_t typo_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	size_t row[3][65], *pp = row[0], *p = row[1], *c = row[2];
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	size_t prev_best = 0;
	for (size_t i = 1; i <= la; i++) {
		c[0] = i;
		size_t best = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		/* every path to the end crosses this row or, by a swap, the one before */
		if (best > cap && prev_best > cap)
			return cap + 1;
		prev_best = best;
		size_t *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] > cap ? cap + 1 : p[lb];
}

void suggest_init(struct suggest *s, const char *word)
{
	size_t n = strlen(word);
	s->word = word;
	s->cap = n <= 5 ? 1 : n / 3 > 3 ? 3 : n / 3;
	s->best_dist = s->cap + 1;
	s->best = NULL;
}

void suggest_offer(struct suggest *s, const char *candidate)
{
	if (!candidate || strcmp(candidate, s->word) == 0)
		return;
	size_t d = typo_distance(s->word, candidate, s->best_dist - 1);
	if (d < s->best_dist) {
		s->best_dist = d;
		s->best = candidate;
	}
}

int parse_double(const char *s, double *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	/* strtod also takes hex and inf/nan spellings: decimal only */
	for (const char *p = s; p < end; p++)
		if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' ||
		      *p == 'E'))
			return -1;
	*out = v;
	return 0;
}

static int parse_ll_slow(const char *s, long long min, long long max, long long *out);

int parse_ll(const char *s, long long min, long long max, long long *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	/* the common case, a few plain digits (a fleet's quantities), without
	 * strtoll: the same value, and the same answers at the bounds */
	long long v = 0;
	size_t n = 0;
	while (n < 18 && s[n] >= '0' && s[n] <= '9')
		v = v * 10 + (s[n++] - '0');
	if (n && !s[n]) {
		if (v < min || v > max)
			return -1;
		*out = v;
		return 0;
	}
	return parse_ll_slow(s, min, max, out);
}

static int parse_ll_slow(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

uint64_t hash_mem(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL), w;
	bool longer = n >= 8;
	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	/* the tail in fixed-size loads, not a memcpy of n bytes (a call): the
	 * last eight bytes again when there were eight, else two overlapping
	 * halves or single bytes -- every byte is read */
	w = 0;
	if (n && longer) {
		memcpy(&w, b + n - 8, 8);
	} else if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, b, 4);
		memcpy(&hi, b + n - 4, 4);
		w = lo | (uint64_t)hi << 32;
	} else if (n) {
		w = b[0] | (uint64_t)b[n / 2] << 8 | (uint64_t)b[n - 1] << 16;
	}
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return h;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

const struct embedded_file *embedded_find(const char *name)
{
	for (size_t i = 0; i < embedded_files_count; i++)
		if (strcmp(embedded_files[i].name, name) == 0)
			return &embedded_files[i];
	return NULL;
}
