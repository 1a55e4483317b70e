/* The interning pool: what a report's findings share. A large fleet has
 * hundreds of thousands of findings whose evidence keys and values, notes,
 * groups and message templates repeat; each distinct string, evidence
 * list, context (rule, group, file, note, evidence, template) and template
 * is stored once here and shared by address. Messages and asset ids
 * (unique: they name the asset) are packed into the same chunks, without
 * the arena's alignment and zeroing. Chunks are big blocks (big_alloc)
 * freed with the pool.
 *
 * Must never: hand out a string that can change or move (everything
 * stored stays where it is until pool_free), or share two values that
 * differ (lookups compare the whole value, never the hash alone). */
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

#define POOL_CHUNK (4u << 20)
#define POOL_CHUNK_FIRST (64u << 10)
#define INTERN_MAX 128 /* longer strings are packed, not looked up */
#define EVIDENCE_SHARED_MAX 32 /* longer evidence lists are stored, not looked up */

struct pool_chunk {
	struct pool_chunk *next;
	size_t size, used;
	char data[];
};

struct report_pool {
	struct pool_chunk *chunks;
	size_t next_chunk; /* the size of the next chunk: doubling to POOL_CHUNK */
	/* the interned strings, evidence lists and contexts, each indexed by
	 * an hmap over its array */
	struct hmap str_index;
	const char **strs;
	size_t nstrs, capstrs;
	struct hmap evl_index;
	const struct report_evidence **evls;
	size_t nevls, capevls;
	struct hmap ctx_index;
	const struct finding_ctx **ctxs;
	size_t nctxs, capctxs;
	const struct finding_ctx *last_ctx; /* the one pool_ctx returned last */
};

struct report_pool *pool_new(void)
{
	return xcalloc(1, sizeof(struct report_pool));
}

void pool_free(struct report_pool *p)
{
	if (!p)
		return;
	for (struct pool_chunk *c = p->chunks, *next; c; c = next) {
		next = c->next;
		big_free(c, sizeof(*c) + c->size);
	}
	hmap_release(&p->str_index);
	free(p->strs);
	hmap_release(&p->evl_index);
	free(p->evls);
	hmap_release(&p->ctx_index);
	free(p->ctxs);
	free(p);
}

void *pool_alloc(struct report_pool *p, size_t n, size_t align)
{
	struct pool_chunk *c = p->chunks;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at + n > c->size) {
		/* a small report stays small: chunks double from 64 KB */
		size_t grow = p->next_chunk ? p->next_chunk : POOL_CHUNK_FIRST;
		size_t size = n > grow / 4 ? n : grow;
		if (size == grow && grow < POOL_CHUNK)
			p->next_chunk = 2 * grow;
		struct pool_chunk *nc = big_alloc(sizeof(*nc) + size);
		nc->size = size;
		nc->used = 0;
		if (c && size == n) {
			/* a big block: keep the current chunk in front */
			nc->next = c->next;
			c->next = nc;
			nc->used = n;
			return nc->data;
		}
		nc->next = c;
		p->chunks = c = nc;
		at = 0;
	}
	c->used = at + n;
	return c->data + at;
}

const char *pool_pack(struct report_pool *p, const char *s, size_t len)
{
	char *d = pool_alloc(p, len + 1, 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

const char *pool_intern(struct report_pool *p, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	if (len > INTERN_MAX)
		return pool_pack(p, s, len);
	hmap_reserve(&p->str_index, p->nstrs + 1);
	struct hmap_probe pr = hmap_probe(&p->str_index, hash_mem(s, len));
	for (size_t i; (i = hmap_next(&p->str_index, &pr)) != HMAP_NONE;)
		if (strcmp(p->strs[i], s) == 0)
			return p->strs[i];
	XGROW(p->strs, p->capstrs, p->nstrs + 1);
	p->strs[p->nstrs] = pool_pack(p, s, len);
	hmap_put(&p->str_index, &pr, p->nstrs);
	return p->strs[p->nstrs++];
}

/* Equal lists: their strings are interned, so compared by address. */
static bool ev_same(const struct evidence *a, const struct evidence *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].key != b[i].key || a[i].type != b[i].type || a[i].s != b[i].s ||
		    memcmp(&a[i].n, &b[i].n, sizeof(a[i].n)) != 0 || a[i].b != b[i].b)
			return false;
	return true;
}

/* Copy EV (N entries) into V with its strings interned and the members
 * its type does not use zeroed; returns a hash of the copy. */
static uint64_t evidence_copy(struct report_pool *p, struct evidence *v, const struct evidence *ev,
			      size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ n;
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].key = pool_intern(p, ev[i].key);
		v[i].type = ev[i].type;
		v[i].s = ev[i].type == EV_STR ? pool_intern(p, ev[i].s) : NULL;
		v[i].n = ev[i].type == EV_NUM ? ev[i].n : 0;
		v[i].b = ev[i].type == EV_BOOL && ev[i].b;
		uint64_t bits;
		memcpy(&bits, &v[i].n, sizeof(bits));
		h = (h ^ (uint64_t)(uintptr_t)v[i].key) * 1099511628211ULL;
		h = (h ^ (uint64_t)(uintptr_t)v[i].s ^ bits ^ ((uint64_t)v[i].type << 8 | v[i].b)) *
		    1099511628211ULL;
	}
	return h ^ (h >> 32); /* the index keeps the low bits */
}

static const struct report_evidence *evidence_handle(struct report_pool *p,
						      const struct evidence *stored, size_t n)
{
	struct report_evidence *h = pool_alloc(p, sizeof(*h), 16);
	h->ev = stored;
	h->n = n;
	return h;
}

const struct report_evidence *pool_evidence(struct report_pool *p, const struct evidence *ev,
					    size_t n)
{
	struct evidence tmp[EVIDENCE_SHARED_MAX];
	if (n > CG_ARRAY_LEN(tmp)) {
		struct evidence *v = pool_alloc(p, sizeof(*v) * n, 16);
		evidence_copy(p, v, ev, n);
		return evidence_handle(p, v, n);
	}
	uint64_t h = evidence_copy(p, tmp, ev, n);
	hmap_reserve(&p->evl_index, p->nevls + 1);
	struct hmap_probe pr = hmap_probe(&p->evl_index, h);
	for (size_t i; (i = hmap_next(&p->evl_index, &pr)) != HMAP_NONE;)
		if (p->evls[i]->n == n && ev_same(p->evls[i]->ev, tmp, n))
			return p->evls[i];
	struct evidence *keep = pool_alloc(p, sizeof(*keep) * n, 16);
	memcpy(keep, tmp, sizeof(*keep) * n);
	XGROW(p->evls, p->capevls, p->nevls + 1);
	p->evls[p->nevls] = evidence_handle(p, keep, n);
	hmap_put(&p->evl_index, &pr, p->nevls);
	return p->evls[p->nevls++];
}

/* Findings come in runs that share a context, so the last is tried first;
 * C must have every member set (padding included: memcmp compares it). */
const struct finding_ctx *pool_ctx(struct report_pool *p, const struct finding_ctx *c)
{
	if (p->last_ctx && memcmp(p->last_ctx, c, sizeof(*c)) == 0)
		return p->last_ctx;
	/* its members are stored pointers (and a count): mixing them is enough */
	uint64_t h = (uint64_t)(uintptr_t)c->rule;
	const uint64_t v[] = {(uintptr_t)c->group, (uintptr_t)c->file, (uintptr_t)c->note,
			      (uintptr_t)c->ev, c->nev, (uintptr_t)c->tmpl};
	for (size_t i = 0; i < CG_ARRAY_LEN(v); i++)
		h = (h ^ (v[i] >> 4)) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	hmap_reserve(&p->ctx_index, p->nctxs + 1);
	struct hmap_probe pr = hmap_probe(&p->ctx_index, h);
	for (size_t i; (i = hmap_next(&p->ctx_index, &pr)) != HMAP_NONE;)
		if (memcmp(p->ctxs[i], c, sizeof(*c)) == 0)
			return p->last_ctx = p->ctxs[i];
	struct finding_ctx *keep = pool_alloc(p, sizeof(*keep), 16);
	*keep = *c;
	XGROW(p->ctxs, p->capctxs, p->nctxs + 1);
	p->ctxs[p->nctxs] = keep;
	hmap_put(&p->ctx_index, &pr, p->nctxs++);
	return p->last_ctx = keep;
}

const char REPORT_PART_ASSET[] = "{asset.id}";

const struct report_template *pool_template(struct report_pool *p, const char *const *part,
					    size_t n)
{
	struct report_template *t = pool_alloc(p, sizeof(*t), 16);
	t->n = n;
	t->part = pool_alloc(p, sizeof(*t->part) * (n + 1), 16);
	t->len = pool_alloc(p, sizeof(*t->len) * (n + 1), 16);
	for (size_t i = 0; i < n; i++) {
		bool asset = part[i] == REPORT_PART_ASSET;
		t->part[i] = asset ? REPORT_PART_ASSET : pool_intern(p, part[i]);
		t->len[i] = part[i] && !asset ? strlen(part[i]) : 0;
	}
	return t;
}
