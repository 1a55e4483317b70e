/* An inventory's justifications and waivers by (asset, rule), so that a
 * finding reads only the records that name it: a fleet's findings times
 * its records would otherwise be read in full, once per finding. Each
 * key's records are chained in inventory order, which is the order the
 * engine considers them in.
 *
 * Must never change which records a finding considers, or their order. */
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

static uint64_t key_hash(const char *asset, const char *rule)
{
	uint64_t h = hash_mem(rule, strlen(rule));
	return asset ? h ^ (hash_mem(asset, strlen(asset)) * 0x9E3779B97F4A7C15ULL) : h;
}

static bool same_key(const struct rec_key *k, const char *asset, const char *rule)
{
	if (strcmp(k->rule, rule) != 0)
		return false;
	return asset ? k->asset && strcmp(k->asset, asset) == 0 : !k->asset;
}

void rec_index_init(struct rec_index *x, size_t nrecords)
{
	rec_index_release(x);
	x->next = xmalloc(sizeof(*x->next) * (nrecords + 1));
	x->nrecords = nrecords;
	for (size_t i = 0; i < nrecords; i++)
		x->next[i] = SIZE_MAX;
}

void rec_index_add(struct rec_index *x, size_t rec, const char *asset, const char *rule)
{
	hmap_reserve(&x->map, x->nkeys + 1);
	struct hmap_probe p = hmap_probe(&x->map, key_hash(asset, rule));
	for (size_t k; (k = hmap_next(&x->map, &p)) != HMAP_NONE;)
		if (same_key(&x->keys[k], asset, rule)) {
			x->next[x->keys[k].last] = rec;
			x->keys[k].last = rec;
			return;
		}
	XGROW(x->keys, x->capkeys, x->nkeys + 1);
	x->keys[x->nkeys] = (struct rec_key){asset, rule, rec, rec};
	hmap_put(&x->map, &p, x->nkeys++);
}

size_t rec_index_first(const struct rec_index *x, const char *asset, const char *rule)
{
	struct hmap_probe p = hmap_probe(&x->map, key_hash(asset, rule));
	for (size_t k; (k = hmap_next(&x->map, &p)) != HMAP_NONE;)
		if (same_key(&x->keys[k], asset, rule))
			return x->keys[k].first;
	return SIZE_MAX;
}

void rec_index_release(struct rec_index *x)
{
	hmap_release(&x->map);
	free(x->keys);
	free(x->next);
	memset(x, 0, sizeof(*x));
}

void records_index(struct engine *e, const struct inventory *inv)
{
	rec_index_init(&e->just_index, inv->njusts);
	for (size_t i = 0; i < inv->njusts; i++)
		rec_index_add(&e->just_index, i, inv->justs[i].asset, inv->justs[i].rule);
	rec_index_init(&e->waiver_index, inv->nwaivers);
	for (size_t i = 0; i < inv->nwaivers; i++)
		if (!inv->waivers[i].group) /* group waivers: e->gwaivers */
			rec_index_add(&e->waiver_index, i, inv->waivers[i].asset, inv->waivers[i].rule);
	e->indexed_inv = inv;
}
