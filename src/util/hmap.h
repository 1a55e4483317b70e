/* hmap: the one hash table of chipgate -- an open-addressing index
 * (linear probing, a power-of-two number of slots, at most 2/3 full) from
 * a key's hash to the index of its entry in an array the caller owns.
 *
 * The table holds no keys: a slot is 8 bytes, 32 bits of the hash and the
 * entry's index + 1 (0: empty), so it stays small and in cache whatever
 * the entries are, and equality is the caller's own test, written inline
 * where it is used. A lookup walks the slots whose stored hash equals the
 * key's; the caller compares the entry each one names:
 *
 *	hmap_reserve(&m, n + 1);              // before a lookup that may add
 *	struct hmap_probe p = hmap_probe(&m, h);
 *	for (size_t i; (i = hmap_next(&m, &p)) != HMAP_NONE;)
 *		if (strcmp(items[i].name, name) == 0)
 *			return i;                 // found
 *	hmap_put(&m, &p, n);                   // not found: index n is its entry
 *
 * hmap_reserve first, so that the empty slot where the lookup stopped is
 * still where the key belongs when hmap_put fills it (growing moves
 * slots). Entries may move in the caller's array (realloc) freely: only
 * their indexes are kept. Hashes come from hash_mem (text) or hmap_hash_ptr
 * (addresses); any 64-bit hash whose low 32 bits are well mixed will do.
 *
 * Must never: hold more than UINT32_MAX - 1 entries (the caller checks:
 * hmap_reserve dies beyond it as on out of memory), or read an entry. */
#ifndef CHIPGATE_UTIL_HMAP_H
#define CHIPGATE_UTIL_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap_slot {
	uint32_t hash; /* the low 32 bits of the key's hash */
	uint32_t idx;  /* the entry's index + 1; 0: empty */
};

struct hmap {
	struct hmap_slot *slot;
	size_t cap; /* slots: 0 or a power of two */
	size_t n;   /* slots in use */
};
#define HMAP_INIT {NULL, 0, 0}
#define HMAP_NONE SIZE_MAX

/* Where a lookup is: AT the next slot to read (after a miss, the empty
 * slot where the key belongs), HIT the slot hmap_next returned last. */
struct hmap_probe {
	size_t at, hit;
	uint32_t hash;
};

/* Grow M (rehashing every slot) so that it can take NEED entries at most
 * 2/3 full. Out of line: it runs log(n) times. */
void hmap_grow(struct hmap *m, size_t need);
/* Make room for NEED entries: a no-op when there is (the common case). */
static inline void hmap_reserve(struct hmap *m, size_t need)
{
	if (need * 3 > m->cap * 2)
		hmap_grow(m, need);
}

/* Free the slots; M is empty and can be reused. */
void hmap_release(struct hmap *m);
/* Empty M, keeping its slots allocated. */
void hmap_clear(struct hmap *m);

/* A 64-bit address hash (Fibonacci hashing of the pointer's bits), for
 * tables keyed by identity. */
static inline uint64_t hmap_hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 32);
}

/* Start a lookup of the key whose hash is HASH. */
static inline struct hmap_probe hmap_probe(const struct hmap *m, uint64_t hash)
{
	uint32_t h = (uint32_t)hash;
	struct hmap_probe p = {m->cap ? h & (m->cap - 1) : 0, HMAP_NONE, h};
	return p;
}

/* The next entry whose hash may be the key's (its index), or HMAP_NONE
 * when there is none left: P then names the empty slot where the key
 * belongs (for hmap_put). */
static inline size_t hmap_next(const struct hmap *m, struct hmap_probe *p)
{
	if (!m->cap)
		return HMAP_NONE;
	size_t mask = m->cap - 1;
	for (;;) {
		const struct hmap_slot *s = &m->slot[p->at];
		if (!s->idx)
			return HMAP_NONE;
		size_t at = p->at;
		p->at = (at + 1) & mask;
		if (s->hash == p->hash) {
			p->hit = at;
			return s->idx - 1;
		}
	}
}

/* After a lookup of P that found nothing (and an hmap_reserve before it
 * for one entry more), record IDX as the key's entry. */
static inline void hmap_put(struct hmap *m, const struct hmap_probe *p, size_t idx)
{
	m->slot[p->at].hash = p->hash;
	m->slot[p->at].idx = (uint32_t)(idx + 1);
	m->n++;
}

/* Record IDX under HASH, for a key known not to be in M (no lookup). */
void hmap_add(struct hmap *m, uint64_t hash, size_t idx);

/* Remove the entry the lookup P returned last (P->hit), keeping every
 * other entry reachable: later slots of its run move back (backward-shift
 * deletion, no tombstones). The caller removes the entry itself; indexes
 * of other entries do not change. P is spent afterwards. */
void hmap_remove(struct hmap *m, struct hmap_probe *p);

/* Change the index recorded for the entry the lookup P returned last
 * (P->hit) to IDX: for a caller that moves an entry in its array (as
 * when it fills a removed entry's place with its last one). */
static inline void hmap_set(struct hmap *m, const struct hmap_probe *p, size_t idx)
{
	m->slot[p->hit].idx = (uint32_t)(idx + 1);
}

#endif
