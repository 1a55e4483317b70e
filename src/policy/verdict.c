/* Memoised rule verdicts, for fleets of millions of assets. Conditions are
 * pure and evaluated deterministically, so an evaluation that loaded only
 * names fixed by the asset's signature — chip.*, asset.model, purpose,
 * status, destination, inventory.*, as_of (and constants) — gives the same
 * value, by the same path, for every asset with that signature (model
 * text, purpose, status, destination). Such a verdict is kept per
 * signature; an evaluation that read anything else (asset.id, quantity,
 * site, owner, order, tags, attrs) marks the rule "dynamic" for that
 * signature, and it is evaluated for every asset. A large fleet
 * has a few hundred signatures. The loads are watched through a wrapper
 * of symbols_load, so no rule has to be analysed.
 *
 * An asset with none of the attributes the packs name (asset.attrs.NAME)
 * reads null for every such name, whatever its other attributes: for it
 * those loads are fixed too, and the signature records that it has none
 * (vsig.no_attrs). An asset with one of them still marks such rules
 * dynamic.
 *
 * Once a first asset of a signature has been evaluated against every rule,
 * each verdict of the signature is known (or dynamic): the rules whose
 * verdict -- or exposure scope -- is false can do nothing for any asset of
 * it, and its later assets are evaluated against the others only
 * (verdict_learned, e->cur_todo).
 *
 * CHIPGATE_NO_MEMO=1 turns the memo off (every asset evaluated plainly);
 * tests/e2e/memo.sh checks that the reports are byte-identical either way.
 *
 * Must never change a verdict: the memo keys on everything a memoised
 * evaluation read, and is forgotten between inventories. */
#include <stdlib.h>
#include <string.h>

#include "policy/engine_int.h"

struct vsig {
	const char *model; /* the engine's cached copy: compared by pointer */
	int purpose, status;
	bool no_attrs; /* none of the attributes the packs name */
	char dest[3];
	uint8_t *v; /* [slot] VERDICT_*; in the engine's arena */
	uint32_t *todo; /* see e->cur_todo; NULL until learned */
	size_t ntodo;
	struct evmemo *ev; /* [slot]; NULL until a finding is made (verdict_evmemo) */
};

/* CHIPGATE_NO_MEMO set to anything but "" or "0": every asset is
 * evaluated plainly, for debugging the memo against plain evaluation. */
static bool memo_wanted(void)
{
	const char *v = getenv("CHIPGATE_NO_MEMO");
	return !v || !*v || strcmp(v, "0") == 0;
}

void verdict_init(struct engine *e)
{
	e->memo = memo_wanted();
	e->nattr_seen = SIZE_MAX;
	e->slot_base = xcalloc(e->npols + 1, sizeof(*e->slot_base));
	for (size_t p = 0; p < e->npols; p++) {
		e->slot_base[p] = e->nslots;
		e->nslots += e->pols[p]->nrules;
	}
}

/* One watched evaluation: its environment, and whether it loaded a name
 * the signature does not fix. */
struct watch {
	struct env *env;
	bool no_attrs; /* the asset has none of the attributes the packs name */
	bool loaded_other;
};

static void watch_load(void *ctx, int slot, int arg, struct value *out)
{
	struct watch *w = ctx;
	if (!symbols_slot_signature(slot) && !(w->no_attrs && symbols_slot_attr(slot)))
		w->loaded_other = true;
	symbols_load(w->env, slot, arg, out);
}

void verdict_watch(struct engine *e, const struct expr *x, struct value *v, bool *other)
{
	struct watch w = {&e->env, e->cur_no_attrs, false};
	expr_eval(x, watch_load, &w, v);
	*other = w.loaded_other;
}

void verdict_eval(struct engine *e, size_t slot, const struct expr *when, struct value *v)
{
	uint8_t m = e->cur ? e->cur[slot] : VERDICT_DYNAMIC;
	switch (m) {
	case VERDICT_FALSE:
	case VERDICT_TRUE:
		v->t = VT_BOOL;
		v->u.b = m == VERDICT_TRUE;
		return;
	case VERDICT_NULL: v->t = VT_NULL; return;
	case VERDICT_DYNAMIC: expr_eval(when, symbols_load, &e->env, v); return;
	}
	struct watch w = {&e->env, e->cur_no_attrs, false};
	expr_eval(when, watch_load, &w, v);
	e->cur[slot] = w.loaded_other	 ? VERDICT_DYNAMIC
		       : v->t == VT_NULL ? VERDICT_NULL
		       : v->t == VT_BOOL && v->u.b ? VERDICT_TRUE
						   : VERDICT_FALSE;
	if (v->t != VT_NULL && v->t != VT_BOOL)
		e->cur[slot] = VERDICT_DYNAMIC; /* not a condition: never memoised */
}

void verdict_reset(struct engine *e)
{
	hmap_release(&e->vsig_index);
	free(e->vsigs);
	e->vsigs = NULL;
	e->nvsigs = e->capvsigs = 0;
	e->nattr_seen = SIZE_MAX; /* the names' memory may be another's now */
	e->cur = NULL;
	e->cur_sig = NULL;
	e->cur_todo = NULL;
}

void verdict_free(struct engine *e)
{
	verdict_reset(e);
	free(e->slot_base);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

/* DEST is "" or two characters, as vsig.dest is kept. */
static bool same(const struct vsig *s, const char *model, int purpose, int status, bool noa,
		 const char *dest)
{
	return s->model == model && s->purpose == purpose && s->status == status &&
	       s->no_attrs == noa && s->dest[0] == dest[0] && (!dest[0] || s->dest[1] == dest[1]);
}

/* True when A has none of the attributes the packs' expressions name.
 * The same names (the same pointers) as last time give the same answer. */
static bool lacks_named_attrs(struct engine *e, const struct asset *a)
{
	bool cached = a->nattrs == e->nattr_seen;
	for (size_t i = 0; cached && i < a->nattrs; i++)
		cached = a->attrs[i].name == e->attr_seen[i];
	if (cached)
		return e->attr_seen_lacks;
	bool lacks = true;
	for (size_t i = 0; i < a->nattrs && lacks; i++)
		for (size_t p = 0; p < e->npols && lacks; p++)
			for (size_t k = 0; k < e->pols[p]->nattr; k++)
				if (strcmp(a->attrs[i].name, e->pols[p]->attr_names[k]) == 0) {
					lacks = false;
					break;
				}
	if (a->nattrs <= CG_ARRAY_LEN(e->attr_seen)) {
		for (size_t i = 0; i < a->nattrs; i++)
			e->attr_seen[i] = a->attrs[i].name;
		e->nattr_seen = a->nattrs;
		e->attr_seen_lacks = lacks;
	}
	return lacks;
}

void verdict_select(struct engine *e, const struct asset *a)
{
	const char *model = e->last_model;
	const char *dest = a->destination && strlen(a->destination) < 3 ? a->destination : "";
	e->cur = NULL;
	e->cur_sig = NULL;
	e->cur_todo = NULL;
	e->cur_no_attrs = false;
	if (!e->memo || !model || (a->destination && !*dest))
		return; /* memo off, or nothing to key on: evaluate everything */
	bool noa = e->cur_no_attrs = lacks_named_attrs(e, a);
	uint64_t h = mix(mix(mix((uint64_t)(uintptr_t)model, (uint64_t)a->purpose + 2),
			     (uint64_t)a->status + 2 + (noa ? 16 : 0)),
			 (uint64_t)(unsigned char)dest[0] << 8 | (unsigned char)(dest[0] ? dest[1] : 0));
	hmap_reserve(&e->vsig_index, e->nvsigs + 1);
	struct hmap_probe p = hmap_probe(&e->vsig_index, h);
	for (size_t i; (i = hmap_next(&e->vsig_index, &p)) != HMAP_NONE;) {
		struct vsig *s = &e->vsigs[i];
		if (same(s, model, a->purpose, a->status, noa, dest)) {
			e->cur = s->v;
			e->cur_sig = s;
			e->cur_todo = s->todo;
			e->cur_ntodo = s->ntodo;
			return;
		}
	}
	XGROW(e->vsigs, e->capvsigs, e->nvsigs + 1);
	hmap_put(&e->vsig_index, &p, e->nvsigs);
	struct vsig *s = &e->vsigs[e->nvsigs];
	s->model = model;
	s->purpose = a->purpose;
	s->status = a->status;
	s->no_attrs = noa;
	memcpy(s->dest, dest, strlen(dest) + 1);
	s->v = arena_alloc(&e->vrows, e->nslots + 1); /* zeroed: VERDICT_UNKNOWN */
	s->ev = NULL; /* verdict_evmemo makes it for the first finding made */
	e->nvsigs++;
	s->todo = NULL;
	s->ntodo = 0;
	e->cur = s->v;
	e->cur_sig = s;
}

struct evmemo *verdict_evmemo(struct engine *e, size_t slot)
{
	struct vsig *s = e->cur_sig;
	if (!s)
		return NULL;
	if (!s->ev) /* most signatures make no finding a capped report lists */
		s->ev = arena_alloc(&e->evrows, sizeof(*s->ev) * (e->nslots + 1));
	return &s->ev[slot];
}

/* Every rule has run once for the signature: each verdict is memoised
 * (or dynamic), so a rule whose verdict is false -- an asset rule's
 * condition, an exposure rule's scope -- does nothing for any asset of
 * it, and is left out from now on. */
void verdict_learned(struct engine *e)
{
	struct vsig *s = e->cur_sig;
	if (!s || s->todo)
		return;
	uint32_t *todo = arena_alloc(&e->evrows, sizeof(*todo) * (e->nrun + 1));
	size_t n = 0;
	for (size_t i = 0; i < e->nrun; i++)
		if (s->v[e->run[i].slot] != VERDICT_FALSE)
			todo[n++] = (uint32_t)i;
	s->todo = todo;
	s->ntodo = n;
}
