/* hmap: growing, emptying and deleting for the open-addressing index of
 * hmap.h; lookups are inline there. Never reads the caller's entries: a
 * rehash needs only the 32 bits of hash each slot keeps. */
#include "util/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define HMAP_MIN_CAP 16

void hmap_grow(struct hmap *m, size_t need)
{
	if (need >= UINT32_MAX)
		xcalloc(SIZE_MAX, 2); /* an index past 32 bits: ends the process as out of memory does */
	size_t cap = m->cap ? m->cap : HMAP_MIN_CAP;
	while (need * 3 > cap * 2)
		cap *= 2;
	if (cap == m->cap)
		return;
	struct hmap_slot *ns = xcalloc(cap, sizeof(*ns));
	size_t mask = cap - 1;
	for (size_t i = 0; i < m->cap; i++) {
		const struct hmap_slot *s = &m->slot[i];
		if (!s->idx)
			continue;
		size_t j = s->hash & mask;
		while (ns[j].idx)
			j = (j + 1) & mask;
		ns[j] = *s;
	}
	free(m->slot);
	m->slot = ns;
	m->cap = cap;
}

void hmap_release(struct hmap *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

void hmap_clear(struct hmap *m)
{
	if (m->cap)
		memset(m->slot, 0, m->cap * sizeof(*m->slot));
	m->n = 0;
}

void hmap_add(struct hmap *m, uint64_t hash, size_t idx)
{
	hmap_reserve(m, m->n + 1);
	struct hmap_probe p = hmap_probe(m, hash);
	while (m->slot[p.at].idx)
		p.at = (p.at + 1) & (m->cap - 1);
	hmap_put(m, &p, idx);
}

/* Linear probing keeps every key between its home slot and the first
 * empty one; emptying a slot would cut such runs. So each later slot of
 * the run whose home is not between the hole and itself moves into the
 * hole, which moves on, until an empty slot ends the run. */
void hmap_remove(struct hmap *m, struct hmap_probe *p)
{
	size_t mask = m->cap - 1, hole = p->hit;
	m->slot[hole].idx = 0;
	m->n--;
	for (size_t j = (hole + 1) & mask; m->slot[j].idx; j = (j + 1) & mask) {
		size_t home = m->slot[j].hash & mask;
		/* stays when its home lies cyclically in (hole, j] */
		bool stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
		if (stays)
			continue;
		m->slot[hole] = m->slot[j];
		m->slot[j].idx = 0;
		hole = j;
	}
	p->hit = HMAP_NONE;
}
