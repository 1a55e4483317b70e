/* Allocation that cannot fail silently, and the arena. Running out of
 * memory is the one condition below src/cli that ends the process: there
 * is no sensible report to write without memory. */
#define _GNU_SOURCE /* mremap */
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void die_oom(void)
{
	static const char msg[] = "chipgate: out of memory\n";
	ssize_t r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	_exit(2);
}

/* ---- big blocks ------------------------------------------------------------
 * A million-row fleet touches a hundred MB of growing arrays (findings,
 * pooled strings, the CSV reader's id set). They come from mmap, 2 MB
 * aligned, with a transparent-huge-page hint: 4 KB page faults cost about
 * 15 us each on a VM, and a huge page replaces 512 of them. The hint is
 * harmless where unsupported, and given only to blocks of a huge page or
 * more. */

void *big_alloc(size_t size)
{
	size_t len = size + BIG_PAGE;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die_oom();
	uintptr_t a = ((uintptr_t)p + BIG_PAGE - 1) & ~(uintptr_t)(BIG_PAGE - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	size_t tail = (size_t)((uintptr_t)p + len - (a + size));
	if (tail)
		munmap((void *)(a + size), tail);
#ifdef MADV_HUGEPAGE
	/* not for a block under a huge page: its first touch would zero 2 MB
	 * for a few KB (a small run's pools) */
	if (size >= BIG_PAGE)
		madvise((void *)a, size, MADV_HUGEPAGE);
#endif
	return (void *)a;
}

void big_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

/* The pages move into the new block (mremap): nothing is copied or zeroed
 * twice. */
void *big_grow(void *p, size_t old, size_t size)
{
	void *n = big_alloc(size);
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), move = (old + pg - 1) & ~(pg - 1);
	if (!p || !old)
		return n;
	if (mremap(p, move, move, MREMAP_MAYMOVE | MREMAP_FIXED, n) == MAP_FAILED) {
		memcpy(n, p, old); /* mremap refused: copy */
		big_free(p, old);
	}
	return n;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void xgrow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / sz)
			die_oom();
		ncap *= 2;
	}
	*p = xrealloc(*p, ncap * sz);
	*cap = ncap;
}

/* ---- arena ---------------------------------------------------------- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

#define ARENA_CHUNK 65536

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		if (size == n && a->head) {
			/* a big block: keep the current chunk in front */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	char *p = arena_strndup(a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}
