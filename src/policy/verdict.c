/* Memoised rule verdicts, for fleets of millions of assets. A rule's
 * condition is pure: its value depends only on the names it reads. When
 * those are all facts of the chip, the model text, the purpose, status or
 * destination, or constants (policy.*, inventory.*, as_of, lists), every
 * asset with the same (model text, purpose, status, destination) — its
 * signature — gets the same verdict, so the condition is evaluated once
 * per signature instead of once per asset. A large fleet has a few hundred
 * signatures. Rules that read anything else (asset.id, quantity, site,
 * owner, order, tags, attrs) are evaluated for every asset as before.
 *
 * Must never change a verdict: the memo is keyed on everything a
 * memoisable condition can read, and is forgotten between inventories. */
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

struct vsig {
	const char *model; /* the engine's cached copy: compared by pointer */
	int purpose, status;
	char dest[3];
	uint64_t hash;
	uint8_t *v; /* [slot] VERDICT_*; in the engine's arena */
};

/* Names whose value is fixed by the signature (or constant). */
static bool memo_name(const char *n)
{
	return strncmp(n, "chip.", 5) == 0 || strncmp(n, "inventory.", 10) == 0 ||
	       strncmp(n, "policy.", 7) == 0 || strncmp(n, "lists.", 6) == 0 ||
	       strcmp(n, "as_of") == 0 || strcmp(n, "asset.model") == 0 ||
	       strcmp(n, "asset.purpose") == 0 || strcmp(n, "asset.status") == 0 ||
	       strcmp(n, "asset.destination") == 0;
}

void verdict_init(struct engine *e)
{
	e->slot_base = xcalloc(e->npols + 1, sizeof(*e->slot_base));
	for (size_t p = 0; p < e->npols; p++) {
		e->slot_base[p] = e->nslots;
		e->nslots += e->pols[p]->nrules;
	}
	e->memo_ok = xcalloc(e->nslots + 1, sizeof(*e->memo_ok));
	for (size_t p = 0; p < e->npols; p++)
		for (size_t r = 0; r < e->pols[p]->nrules; r++) {
			const struct rule *rule = &e->pols[p]->rules[r];
			bool ok = rule->kind != RK_EXPOSURE && rule->when != NULL;
			for (size_t k = 0; ok && k < rule->nrefs; k++)
				ok = memo_name(rule->refs[k].name);
			e->memo_ok[e->slot_base[p] + r] = ok;
		}
}

void verdict_reset(struct engine *e)
{
	free(e->vtab);
	e->vtab = NULL;
	e->nv = e->capv = 0;
	e->cur = NULL;
}

void verdict_free(struct engine *e)
{
	verdict_reset(e);
	free(e->slot_base);
	free(e->memo_ok);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static bool same(const struct vsig *s, const char *model, int purpose, int status, const char *dest)
{
	return s->model == model && s->purpose == purpose && s->status == status &&
	       strcmp(s->dest, dest) == 0;
}

static void grow(struct engine *e)
{
	size_t ncap = e->capv ? e->capv * 2 : 64;
	struct vsig *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < e->capv; i++) {
		if (!e->vtab[i].v)
			continue;
		size_t j = e->vtab[i].hash & (ncap - 1);
		while (nt[j].v)
			j = (j + 1) & (ncap - 1);
		nt[j] = e->vtab[i];
	}
	free(e->vtab);
	e->vtab = nt;
	e->capv = ncap;
}

void verdict_select(struct engine *e, const struct asset *a)
{
	const char *model = e->last_model;
	const char *dest = a->destination && strlen(a->destination) < 3 ? a->destination : "";
	e->cur = NULL;
	if (!model || (a->destination && !*dest))
		return; /* nothing to key on: evaluate everything */
	uint64_t h = mix(mix(mix((uint64_t)(uintptr_t)model, (uint64_t)a->purpose + 2),
			     (uint64_t)a->status + 2),
			 (uint64_t)(unsigned char)dest[0] << 8 | (unsigned char)(dest[0] ? dest[1] : 0));
	if (e->nv * 2 >= e->capv)
		grow(e);
	size_t j = h & (e->capv - 1);
	while (e->vtab[j].v) {
		if (e->vtab[j].hash == h && same(&e->vtab[j], model, a->purpose, a->status, dest)) {
			e->cur = e->vtab[j].v;
			return;
		}
		j = (j + 1) & (e->capv - 1);
	}
	struct vsig *s = &e->vtab[j];
	s->model = model;
	s->purpose = a->purpose;
	s->status = a->status;
	memcpy(s->dest, dest, strlen(dest) + 1);
	s->hash = h;
	s->v = arena_alloc(&e->arena, e->nslots + 1); /* zeroed: VERDICT_UNKNOWN */
	e->nv++;
	e->cur = s->v;
}
