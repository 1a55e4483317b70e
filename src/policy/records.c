/* An inventory's justifications and waivers by (asset, rule), so that a
 * finding reads only the records that name it: a fleet's findings times
 * its records would otherwise be read in full, once per finding. Each
 * key's records are chained in inventory order, which is the order the
 * engine considers them in. Most rules have no record at all: that is
 * known from the rule's address after its first finding, without hashing
 * any text.
 *
 * Must never change which records a finding considers, or their order. */
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

static uint64_t rule_hash(const char *rule)
{
	return hash_mem(rule, strlen(rule));
}

static uint64_t key_hash(uint64_t rh, const char *asset)
{
	return asset ? rh ^ (hash_mem(asset, strlen(asset)) * 0x9E3779B97F4A7C15ULL) : rh;
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
	uint64_t rh = rule_hash(rule);
	hmap_reserve(&x->map, x->nkeys + 1);
	struct hmap_probe p = hmap_probe(&x->map, key_hash(rh, asset));
	for (size_t k; (k = hmap_next(&x->map, &p)) != HMAP_NONE;)
		if (same_key(&x->keys[k], asset, rule)) {
			x->next[x->keys[k].last] = rec;
			x->keys[k].last = rec;
			return;
		}
	XGROW(x->keys, x->capkeys, x->nkeys + 1);
	x->keys[x->nkeys] = (struct rec_key){asset, rule, rec, rec};
	hmap_put(&x->map, &p, x->nkeys++);
	/* the rule's first record: the rules named, by id */
	hmap_reserve(&x->ids, x->nids + 1);
	p = hmap_probe(&x->ids, rh);
	for (size_t k; (k = hmap_next(&x->ids, &p)) != HMAP_NONE;)
		if (strcmp(x->id[k], rule) == 0)
			return;
	XGROW(x->id, x->capid, x->nids + 1);
	x->id[x->nids] = rule;
	hmap_put(&x->ids, &p, x->nids++);
}

/* What the index knows of the rule at RKEY (id RULE): its id's hash, and
 * whether any record names it. Learned at its first lookup. */
const struct rec_rule *rec_index_rule(struct rec_index *x, const void *rkey, const char *rule)
{
	struct rec_recent *c = &x->recent[((uintptr_t)rkey >> 4) % CG_ARRAY_LEN(x->recent)];
	if (c->key == rkey)
		return &x->rules[c->rule];
	hmap_reserve(&x->rmap, x->nrules + 1);
	struct hmap_probe p = hmap_probe(&x->rmap, hmap_hash_ptr(rkey));
	for (size_t k; (k = hmap_next(&x->rmap, &p)) != HMAP_NONE;)
		if (x->rules[k].key == rkey) {
			*c = (struct rec_recent){rkey, k};
			return &x->rules[k];
		}
	*c = (struct rec_recent){rkey, x->nrules};
	struct rec_rule rr = {rkey, rule_hash(rule), false};
	struct hmap_probe q = hmap_probe(&x->ids, rr.hash);
	for (size_t k; !rr.any && (k = hmap_next(&x->ids, &q)) != HMAP_NONE;)
		rr.any = strcmp(x->id[k], rule) == 0;
	XGROW(x->rules, x->caprules, x->nrules + 1);
	x->rules[x->nrules] = rr;
	hmap_put(&x->rmap, &p, x->nrules);
	return &x->rules[x->nrules++];
}

size_t rec_index_first(const struct rec_index *x, const struct rec_rule *rr, const char *rule,
		       const char *asset)
{
	if (!rr->any)
		return SIZE_MAX;
	struct hmap_probe p = hmap_probe(&x->map, key_hash(rr->hash, asset));
	for (size_t k; (k = hmap_next(&x->map, &p)) != HMAP_NONE;)
		if (same_key(&x->keys[k], asset, rule))
			return x->keys[k].first;
	return SIZE_MAX;
}

void rec_index_release(struct rec_index *x)
{
	hmap_release(&x->map);
	hmap_release(&x->ids);
	hmap_release(&x->rmap);
	free(x->keys);
	free(x->next);
	free(x->id);
	free(x->rules);
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
