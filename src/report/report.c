/* The report model: building, sorting, summarising. Writers live in
 * write_json.c and write_text.c (and one file per further format). */
#include "report/report.h"

#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"

static const char *const sev_names[] = {"info", "warning", "error", "never"};
static const char *const status_names[] = {"open", "waived", "justified", "baseline"};

const char *severity_name(enum severity s)
{
	return s >= SEV_INFO && s <= SEV_NEVER ? sev_names[s] : "?";
}

int severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i <= SEV_NEVER; i++)
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

const char *fstatus_name(enum fstatus s)
{
	return s >= FS_OPEN && s <= FS_BASELINE ? status_names[s] : "?";
}

int fstatus_parse(const char *s, enum fstatus *out)
{
	for (int i = 0; i <= FS_BASELINE; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum fstatus)i;
			return 0;
		}
	return -1;
}

void report_init(struct report *r, cg_date as_of, long long generated_at, enum severity fail_on)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	date_format(as_of, r->as_of);
	time_format_utc(generated_at, r->generated_at);
	r->fail_on = fail_on;
}

static void pool_free(struct report *r);

void report_free(struct report *r)
{
	pool_free(r); /* and the findings array, when it came from the pool's big blocks */
	free(r->inputs);
	free(r->policies);
	free(r->rules);
	free(r->params);
	free(r->findings);
	free(r->exposure);
	free(r->origins);
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

static const char *cp(struct report *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

void report_add_input(struct report *r, const char *path, const char *role, const char *sha256)
{
	for (size_t i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i].path, path) == 0 && strcmp(r->inputs[i].role, role) == 0)
			return;
	XGROW(r->inputs, r->capi, r->ninputs + 1);
	struct report_input *in = &r->inputs[r->ninputs++];
	in->path = cp(r, path);
	in->role = cp(r, role);
	memcpy(in->sha256, sha256, SHA256_HEX_LEN + 1);
}

void report_add_policy(struct report *r, const char *id, const char *title, const char *version,
		       const char *jurisdiction)
{
	XGROW(r->policies, r->capp, r->npolicies + 1);
	struct report_policy *p = &r->policies[r->npolicies++];
	p->id = cp(r, id);
	p->title = cp(r, title);
	p->version = cp(r, version);
	p->jurisdiction = cp(r, jurisdiction);
}

struct rule_info *report_add_rule(struct report *r, const struct rule_info *t)
{
	struct rule_info *ri = arena_alloc(&r->arena, sizeof(*ri));
	*ri = *t;
	ri->id = cp(r, t->id);
	ri->policy = cp(r, t->policy);
	ri->title = cp(r, t->title);
	ri->kind = cp(r, t->kind);
	ri->when = cp(r, t->when);
	ri->remediation = cp(r, t->remediation);
	ri->file = cp(r, t->file);
	ri->references = arena_alloc(&r->arena, sizeof(char *) * (t->nreferences + 1));
	for (size_t i = 0; i < t->nreferences; i++)
		ri->references[i] = cp(r, t->references[i]);
	ri->skipped = cp(r, t->skipped);
	ri->skipped_detail = cp(r, t->skipped_detail);
	if (t->nwindows) {
		cg_date *w = arena_alloc(&r->arena, sizeof(*w) * 2 * t->nwindows);
		memcpy(w, t->windows, sizeof(*w) * 2 * t->nwindows);
		ri->windows = w;
	}
	XGROW(r->rules, r->capr, r->nrules + 1);
	r->rules[r->nrules++] = ri;
	return ri;
}

void report_add_param(struct report *r, const struct report_param *p)
{
	XGROW(r->params, r->capparams, r->nparams + 1);
	struct report_param *n = &r->params[r->nparams++];
	*n = *p;
	n->policy = cp(r, p->policy);
	n->name = cp(r, p->name);
	n->type = cp(r, p->type);
	n->value = cp(r, p->value);
	n->dflt = cp(r, p->dflt);
}

const struct rule_info *report_find_rule(const struct report *r, const char *policy, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i]->id, id) == 0 &&
		    (!policy || strcmp(r->rules[i]->policy, policy) == 0))
			return r->rules[i];
	return NULL;
}

/* ---- findings at fleet scale ----------------------------------------------
 * A large fleet has hundreds of thousands of findings whose evidence keys
 * and values, notes and groups repeat: those strings are stored once, and
 * so is each distinct evidence list. Messages (unique: they name the
 * asset) go to a packed pool, without the arena's alignment and zeroing,
 * and consecutive findings of one asset share its id. */

/* ---- rules in report order ------------------------------------------------
 * Findings are ordered by their rule's id, then its pack: each distinct
 * rule gets its rank in that order (equal id and pack, equal rank), looked
 * up by the rule's address, so that most comparisons need no strcmp. */

struct rule_ranks {
	struct hmap index; /* by address, over v */
	struct rule_rank {
		const struct rule_info *ri;
		uint32_t rank;
	} *v;
	size_t n, cap;
	uint32_t nranks;
};

/* RI's rank, or UINT32_MAX when RR does not hold it. */
static uint32_t rule_rank(const struct rule_ranks *rr, const struct rule_info *ri)
{
	struct hmap_probe p = hmap_probe(&rr->index, hmap_hash_ptr(ri));
	for (size_t i; (i = hmap_next(&rr->index, &p)) != HMAP_NONE;)
		if (rr->v[i].ri == ri)
			return rr->v[i].rank;
	return UINT32_MAX;
}

/* Add RI unranked (rule_ranks_order ranks it), unless RR holds it. */
static void rule_ranks_add(struct rule_ranks *rr, const struct rule_info *ri)
{
	hmap_reserve(&rr->index, rr->n + 1);
	struct hmap_probe p = hmap_probe(&rr->index, hmap_hash_ptr(ri));
	for (size_t i; (i = hmap_next(&rr->index, &p)) != HMAP_NONE;)
		if (rr->v[i].ri == ri)
			return;
	XGROW(rr->v, rr->cap, rr->n + 1);
	rr->v[rr->n] = (struct rule_rank){ri, UINT32_MAX};
	hmap_put(&rr->index, &p, rr->n++);
}

static int rule_rank_cmp(const void *pa, const void *pb)
{
	const struct rule_info *a = ((const struct rule_rank *)pa)->ri,
			       *b = ((const struct rule_rank *)pb)->ri;
	int c = strcmp(a->id, b->id);
	return c ? c : strcmp(a->policy, b->policy);
}

/* Rank every rule RR holds. */
static void rule_ranks_order(struct rule_ranks *rr)
{
	if (rr->n)
		qsort(rr->v, rr->n, sizeof(*rr->v), rule_rank_cmp);
	uint32_t rank = 0;
	hmap_clear(&rr->index);
	for (size_t i = 0; i < rr->n; i++) {
		if (i && rule_rank_cmp(&rr->v[i - 1], &rr->v[i]) != 0)
			rank++;
		rr->v[i].rank = rank;
		hmap_add(&rr->index, hmap_hash_ptr(rr->v[i].ri), i);
	}
	rr->nranks = rank + 1;
}

/* The ranks of R's registered rules. */
static void rule_ranks_of_report(struct rule_ranks *rr, const struct report *r)
{
	rr->n = 0;
	hmap_clear(&rr->index);
	for (size_t i = 0; i < r->nrules; i++)
		rule_ranks_add(rr, r->rules[i]);
	rule_ranks_order(rr);
}

static void rule_ranks_release(struct rule_ranks *rr)
{
	hmap_release(&rr->index);
	free(rr->v);
	memset(rr, 0, sizeof(*rr));
}

#define POOL_CHUNK (4u << 20)
#define INTERN_MAX 128 /* longer strings are packed, not looked up */

struct pool_chunk {
	struct pool_chunk *next;
	size_t size, used;
	char data[];
};

struct report_pool {
	struct pool_chunk *chunks;
	/* the interned strings, evidence lists and contexts, each indexed by
	 * an hmap over its array */
	struct hmap str_index;
	const char **strs;
	size_t nstrs, capstrs;
	struct hmap evl_index;
	struct evlist {
		const struct evidence *ev;
		size_t n;
	} *evls;
	size_t nevls, capevls;
	struct hmap ctx_index;
	const struct finding_ctx **ctxs;
	size_t nctxs, capctxs;
	const struct finding_ctx *last_ctx; /* the one intern_ctx returned last */
	const char *last_asset;
	bool findings_mapped; /* r->findings came from big_alloc */
	size_t last_origin;   /* the origin row report_add_origin used last */
	/* origin rows by the pointers they were last added with (a catalog's
	 * country strings, an inventory's jurisdiction): most rows of a fleet
	 * find theirs here, without a string compare */
	struct ocache {
		const char *jurisdiction, *origin;
		size_t row; /* + 1; 0: empty */
	} ocache[16];
	/* report_keep: per severity, the findings kept so far, as a max-heap
	 * in listing order (the root is the one to drop first) */
	struct keep_heap {
		struct kept {
			struct finding f; /* f.asset and f.msg point into buf */
			char *buf;
			size_t cap;
		} *slot;
		size_t n, cap;
	} heap[3];
	struct finding scratch; /* what adding a finding that is not kept returns */
	/* report_keep: each rule's place in report order (by id, then policy),
	 * so that most findings are turned away without a string compare */
	struct rule_ranks keep_ranks;
	size_t nrank_rules; /* r->nrules when the ranks were made */
};

static void pool_free(struct report *r)
{
	struct report_pool *p = r->pool;
	if (!p)
		return;
	if (p->findings_mapped) {
		big_free(r->findings, r->capf * sizeof(*r->findings));
		r->findings = NULL;
	}
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
	rule_ranks_release(&p->keep_ranks);
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < p->heap[k].n; i++)
			free(p->heap[k].slot[i].buf);
		free(p->heap[k].slot);
	}
	free(p);
}

static void *pool_alloc(struct report_pool *p, size_t n, size_t align)
{
	struct pool_chunk *c = p->chunks;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at + n > c->size) {
		size_t size = n > POOL_CHUNK / 4 ? n : POOL_CHUNK;
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

static const char *pack(struct report_pool *p, const char *s, size_t len)
{
	char *d = pool_alloc(p, len + 1, 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* The one stored copy of S (NULL stays NULL). */
static const char *intern(struct report_pool *p, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	if (len > INTERN_MAX)
		return pack(p, s, len);
	hmap_reserve(&p->str_index, p->nstrs + 1);
	struct hmap_probe pr = hmap_probe(&p->str_index, hash_mem(s, len));
	for (size_t i; (i = hmap_next(&p->str_index, &pr)) != HMAP_NONE;)
		if (strcmp(p->strs[i], s) == 0)
			return p->strs[i];
	XGROW(p->strs, p->capstrs, p->nstrs + 1);
	p->strs[p->nstrs] = pack(p, s, len);
	hmap_put(&p->str_index, &pr, p->nstrs);
	return p->strs[p->nstrs++];
}

static bool ev_same(const struct evidence *a, const struct evidence *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].key != b[i].key || a[i].type != b[i].type || a[i].s != b[i].s ||
		    memcmp(&a[i].n, &b[i].n, sizeof(a[i].n)) != 0 || a[i].b != b[i].b)
			return false;
	return true;
}

/* Copy EV (N entries) into V with its strings interned; returns a hash. */
static uint64_t evidence_copy(struct report_pool *p, struct evidence *v, const struct evidence *ev,
			      size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ n;
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].key = intern(p, ev[i].key);
		v[i].type = ev[i].type;
		v[i].s = ev[i].type == EV_STR ? intern(p, ev[i].s) : NULL;
		v[i].n = ev[i].type == EV_NUM ? ev[i].n : 0;
		v[i].b = ev[i].type == EV_BOOL && ev[i].b;
		uint64_t bits;
		memcpy(&bits, &v[i].n, sizeof(bits));
		h = (h ^ (uint64_t)(uintptr_t)v[i].key) * 1099511628211ULL;
		h = (h ^ (uint64_t)(uintptr_t)v[i].s ^ bits ^ ((uint64_t)v[i].type << 8 | v[i].b)) *
		    1099511628211ULL;
	}
	return h;
}

/* The one stored copy of the evidence list EV (N entries). */
static struct evidence *intern_evidence(struct report_pool *p, const struct evidence *ev, size_t n)
{
	struct evidence tmp[32];
	if (n > CG_ARRAY_LEN(tmp)) {
		/* a long list: stored, not shared */
		struct evidence *v = pool_alloc(p, sizeof(*v) * n, 16);
		evidence_copy(p, v, ev, n);
		return v;
	}
	uint64_t h = evidence_copy(p, tmp, ev, n);
	h ^= h >> 32; /* the index keeps the low bits */
	hmap_reserve(&p->evl_index, p->nevls + 1);
	struct hmap_probe pr = hmap_probe(&p->evl_index, h);
	for (size_t i; (i = hmap_next(&p->evl_index, &pr)) != HMAP_NONE;)
		if (p->evls[i].n == n && ev_same(p->evls[i].ev, tmp, n))
			return (struct evidence *)p->evls[i].ev;
	struct evidence *keep = pool_alloc(p, sizeof(*keep) * n, 16);
	memcpy(keep, tmp, sizeof(*keep) * n);
	XGROW(p->evls, p->capevls, p->nevls + 1);
	p->evls[p->nevls] = (struct evlist){keep, n};
	hmap_put(&p->evl_index, &pr, p->nevls++);
	return keep;
}

static struct report_pool *pool_of(struct report *r)
{
	if (!r->pool)
		r->pool = xcalloc(1, sizeof(*r->pool));
	return r->pool;
}

const struct evidence *report_intern_evidence(struct report *r, const struct evidence *ev, size_t n)
{
	return n ? intern_evidence(pool_of(r), ev, n) : NULL;
}

/* The one stored copy of a finding's context C, whose strings and
 * evidence are already stored. Findings come in runs that share one, so
 * the last is tried first. */
static const struct finding_ctx *intern_ctx(struct report_pool *p, const struct finding_ctx *c)
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

/* The stored context of F (SHARED: f->ctx's evidence is stored already;
 * STORED: f->ctx itself is, one of R's; TMPL: the template of a message
 * in parts). */
static const struct finding_ctx *store_ctx(struct report_pool *p, const struct finding *f,
					   bool shared, bool stored,
					   const struct report_msgtmpl *tmpl)
{
	if (stored)
		return f->ctx;
	static const struct finding_ctx none;
	const struct finding_ctx *in = f->ctx ? f->ctx : &none;
	/* the stored context: every member set, so that no padding differs */
	struct finding_ctx c;
	memset(&c, 0, sizeof(c));
	c.rule = in->rule;
	c.group = intern(p, in->group);
	c.file = in->file;
	c.note = intern(p, in->note);
	c.nev = in->ev ? in->nev : 0;
	c.ev = !c.nev ? NULL : shared ? in->ev : intern_evidence(p, in->ev, in->nev);
	c.tmpl = tmpl;
	return intern_ctx(p, &c);
}

static void count_finding(struct report *r, const struct finding *f);
static int finding_cmp(const struct finding *a, const struct finding *b);

/* The order findings are listed in, and kept by report_keep: open ones
 * first, then report order. */
static int keep_cmp(const struct finding *a, const struct finding *b)
{
	bool ao = a->status == FS_OPEN, bo = b->status == FS_OPEN;
	if (ao != bo)
		return ao ? -1 : 1;
	return finding_cmp(a, b);
}

/* The ranks of R's registered rules, remade when rules were added. */
static void keep_ranks(struct report *r)
{
	rule_ranks_of_report(&r->pool->keep_ranks, r);
	r->pool->nrank_rules = r->nrules;
}

/* keep_cmp(A, B) when it can be told from the status class and the
 * rules' ranks alone (the common case: another rule), else keep_cmp. */
static int keep_cmp_fast(const struct report *r, const struct finding *a, const struct finding *b)
{
	bool ao = a->status == FS_OPEN, bo = b->status == FS_OPEN;
	if (ao != bo)
		return ao ? -1 : 1;
	if (a->ctx->rule != b->ctx->rule) {
		const struct rule_ranks *rr = &r->pool->keep_ranks;
		uint32_t ra = rule_rank(rr, a->ctx->rule), rb = rule_rank(rr, b->ctx->rule);
		if (ra != rb && ra != UINT32_MAX && rb != UINT32_MAX)
			return ra < rb ? -1 : 1;
	}
	return finding_cmp(a, b);
}

static void heap_swap(struct kept *a, struct kept *b)
{
	struct kept t = *a;
	*a = *b;
	*b = t;
}

/* Restore the max-heap after slot I grew (up) or shrank (down); returns
 * where that finding is now. */
static size_t heap_up(struct keep_heap *h, size_t i)
{
	while (i > 0 && keep_cmp(&h->slot[(i - 1) / 2].f, &h->slot[i].f) < 0) {
		heap_swap(&h->slot[(i - 1) / 2], &h->slot[i]);
		i = (i - 1) / 2;
	}
	return i;
}

static size_t heap_down(struct keep_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < h->n && keep_cmp(&h->slot[l].f, &h->slot[m].f) > 0)
			m = l;
		if (l + 1 < h->n && keep_cmp(&h->slot[l + 1].f, &h->slot[m].f) > 0)
			m = l + 1;
		if (m == i)
			return i;
		heap_swap(&h->slot[i], &h->slot[m]);
		i = m;
	}
}

/* Copy F's asset id and message (DYN, DYNLEN bytes, for one in parts)
 * into slot K's own buffer, reused from the finding it replaces. */
static void kept_fill(struct kept *k, const struct finding *f, const struct finding_ctx *ctx,
		      const char *dyn, size_t dynlen)
{
	struct strbuf plain = STRBUF_INIT;
	const char *msg = f->msg;
	size_t mlen = 0;
	bool parts = dyn != NULL;
	if (parts) {
		msg = dyn;
		mlen = dynlen ? dynlen - 1 : 0; /* its last NUL is added below */
	} else if (f->msg_parts) { /* another report's: copied as plain text */
		report_put_message(&plain, f);
		msg = sb_str(&plain);
		mlen = plain.len;
	} else if (msg) {
		mlen = strlen(msg);
	}
	size_t alen = f->asset ? strlen(f->asset) + 1 : 0, need = alen + mlen + 1;
	if (need > k->cap) {
		k->cap = need > 2 * k->cap ? need : 2 * k->cap;
		k->buf = xrealloc(k->buf, k->cap);
	}
	k->f = *f;
	k->f.ctx = ctx;
	if (alen)
		memcpy(k->buf, f->asset, alen);
	k->f.asset = alen ? k->buf : NULL;
	if (msg) {
		memcpy(k->buf + alen, msg, mlen);
		k->buf[alen + mlen] = '\0';
	}
	k->f.msg = msg ? k->buf + alen : NULL;
	k->f.msg_parts = parts;
	sb_release(&plain);
}

/* report_keep's add: count F; keep it when it is among the first
 * r->keep of its severity, dropping the last kept one. Nothing is
 * allocated for a finding that is not kept (but a new context). */
static struct finding *keep_finding(struct report *r, const struct finding *f, bool shared,
				    bool stored, const struct report_msgtmpl *tmpl, const char *dyn,
				    size_t dynlen)
{
	struct report_pool *p = r->pool;
	count_finding(r, f);
	int sev = f->severity <= SEV_ERROR ? f->severity : SEV_ERROR;
	struct keep_heap *h = &p->heap[sev];
	/* F as it would be kept, to compare: its message may be in parts */
	struct finding_ctx vc;
	struct finding v = *f;
	if (tmpl) {
		if (!stored) {
			vc = *f->ctx;
			vc.tmpl = tmpl;
			v.ctx = &vc;
		}
		v.msg = dynlen ? dyn : "";
		v.msg_parts = true;
	}
	if (p->nrank_rules != r->nrules)
		keep_ranks(r);
	if (h->n >= r->keep && keep_cmp_fast(r, &v, &h->slot[0].f) >= 0) {
		/* not kept; a caller of the parts API keeps the context */
		p->scratch = *f;
		p->scratch.ctx = tmpl ? store_ctx(p, f, shared, stored, tmpl) : NULL;
		return &p->scratch;
	}
	const struct finding_ctx *ctx = store_ctx(p, f, shared, stored, tmpl);
	bool replace = h->n >= r->keep;
	struct kept *k;
	if (replace) {
		k = &h->slot[0]; /* the last in order goes */
	} else {
		XGROW(h->slot, h->cap, h->n + 1);
		k = &h->slot[h->n++];
		memset(k, 0, sizeof(*k));
	}
	kept_fill(k, f, ctx, tmpl ? (dynlen ? dyn : "") : NULL, tmpl ? (dynlen ? dynlen : 1) : 0);
	size_t at = replace ? heap_down(h, 0) : heap_up(h, (size_t)(k - h->slot));
	return &h->slot[at].f;
}

/* SHARED, STORED, TMPL: as for store_ctx; DYN, DYNLEN: the per-asset
 * values of a message in parts (TMPL). */
static struct finding *add_finding(struct report *r, const struct finding *f, bool shared,
				   bool stored, const struct report_msgtmpl *tmpl, const char *dyn,
				   size_t dynlen)
{
	struct report_pool *p = pool_of(r);
	if (r->keep)
		return keep_finding(r, f, shared, stored, tmpl, dyn, dynlen);
	if (r->nfindings + 1 > r->capf) {
		/* doubling, in big blocks (see big_alloc); report_free unmaps */
		size_t ncap = r->capf ? r->capf * 2 : 1024;
		struct finding *nv;
		if (p->findings_mapped) {
			nv = big_grow(r->findings, r->capf * sizeof(*nv), ncap * sizeof(*nv));
		} else {
			nv = big_alloc(ncap * sizeof(*nv));
			if (r->nfindings)
				memcpy(nv, r->findings, r->nfindings * sizeof(*nv));
			free(r->findings);
		}
		r->findings = nv;
		r->capf = ncap;
		p->findings_mapped = true;
	}
	struct finding *n = &r->findings[r->nfindings++];
	*n = *f;
	if (f->asset && p->last_asset && strcmp(p->last_asset, f->asset) == 0)
		n->asset = p->last_asset;
	else
		n->asset = p->last_asset = f->asset ? pack(p, f->asset, strlen(f->asset)) : NULL;
	if (tmpl) {
		n->msg = dynlen ? pack(p, dyn, dynlen - 1) : ""; /* pack adds the last NUL */
		n->msg_parts = true;
	} else if (f->msg_parts) { /* another report's: copied as plain text */
		struct strbuf sb = STRBUF_INIT;
		report_put_message(&sb, f);
		n->msg = pack(p, sb_str(&sb), sb.len);
		n->msg_parts = false;
		sb_release(&sb);
	} else {
		n->msg = f->msg ? pack(p, f->msg, strlen(f->msg)) : NULL;
	}
	n->ctx = store_ctx(p, f, shared, stored, tmpl);
	return n;
}

void report_keep(struct report *r, size_t per_severity)
{
	pool_of(r);
	r->keep = per_severity;
}

const char report_seg_asset[] = "{asset.id}";

const struct report_msgtmpl *report_msg_template(struct report *r, const char *const *seg, size_t n)
{
	struct report_pool *p = pool_of(r);
	struct report_msgtmpl *t = pool_alloc(p, sizeof(*t), 16);
	t->n = n;
	t->seg = pool_alloc(p, sizeof(*t->seg) * (n + 1), 16);
	t->len = pool_alloc(p, sizeof(*t->len) * (n + 1), 16);
	for (size_t i = 0; i < n; i++) {
		bool asset = seg[i] == report_seg_asset;
		t->seg[i] = asset ? report_seg_asset : intern(p, seg[i]);
		t->len[i] = seg[i] && !asset ? strlen(seg[i]) : 0;
	}
	return t;
}

/* A message in parts is stored as its per-asset values, NUL-terminated
 * each, with its template in the finding's context. */
struct finding *report_add_finding_parts(struct report *r, const struct finding *f,
					 const struct report_msgtmpl *t, const char *dyn,
					 size_t dynlen, bool stored)
{
	struct finding tmp = *f;
	tmp.msg = NULL;
	tmp.msg_parts = false;
	return add_finding(r, &tmp, true, stored, t, dyn, dynlen);
}

void report_escape_controls(struct strbuf *sb, size_t from)
{
	size_t i = from, n = sb->len;
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(sb->buf + i));
		__m128i low = _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl); /* v <= 0x1f, unsigned */
		if (_mm_movemask_epi8(_mm_or_si128(low, _mm_cmpeq_epi8(v, del))))
			break;
	}
#endif
	for (; i < n; i++)
		if ((unsigned char)sb->buf[i] < 0x20 || sb->buf[i] == 0x7f)
			break;
	if (i >= n)
		return; /* the common case: nothing to escape */
	size_t tail = n - i;
	char *copy = xmalloc(tail);
	memcpy(copy, sb->buf + i, tail);
	sb->len = i;
	static const char hex[] = "0123456789abcdef";
	for (size_t k = 0; k < tail; k++) {
		unsigned char c = (unsigned char)copy[k];
		if (c < 0x20 || c == 0x7f) {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			sb_add(sb, e, 4);
		} else {
			sb_putc(sb, (char)c);
		}
	}
	free(copy);
}

void report_put_message(struct strbuf *sb, const struct finding *f)
{
	if (!f->msg)
		return;
	if (!f->msg_parts) {
		sb_puts(sb, f->msg);
		return;
	}
	const struct report_msgtmpl *t = f->ctx->tmpl;
	const char *dyn = f->msg;
	for (size_t i = 0; i < t->n; i++) {
		if (t->seg[i] == report_seg_asset) {
			if (f->asset)
				sb_puts(sb, f->asset);
		} else if (t->seg[i]) {
			sb_add(sb, t->seg[i], t->len[i]);
		} else {
			size_t l = strlen(dyn);
			sb_add(sb, dyn, l);
			dyn += l + 1;
		}
	}
}

const char *report_message(const struct finding *f, struct strbuf *scratch)
{
	if (!f->msg_parts)
		return f->msg;
	sb_reset(scratch);
	report_put_message(scratch, f);
	return sb_str(scratch);
}

struct finding *report_add_finding(struct report *r, const struct finding *f)
{
	return add_finding(r, f, false, false, NULL, NULL, 0);
}

struct finding *report_add_finding_shared(struct report *r, const struct finding *f)
{
	return add_finding(r, f, true, false, NULL, NULL, 0);
}

struct exposure_row *report_add_exposure(struct report *r, const struct exposure_row *e)
{
	XGROW(r->exposure, r->cape, r->nexposure + 1);
	struct exposure_row *n = &r->exposure[r->nexposure++];
	*n = *e;
	n->policy = cp(r, e->policy);
	n->rule = cp(r, e->rule);
	n->group = cp(r, e->group);
	return n;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void report_add_origin(struct report *r, const char *jurisdiction, const char *origin, bool foreign,
		       long long units, double tpp)
{
	struct origin_row *o = NULL;
	struct report_pool *p = pool_of(r);
	struct ocache *oc =
	    &p->ocache[(((uintptr_t)jurisdiction >> 3) ^ ((uintptr_t)origin >> 3) * 7) & 15];
	if (oc->row && oc->jurisdiction == jurisdiction && oc->origin == origin) {
		o = &r->origins[oc->row - 1];
		goto add;
	}
	/* rows are unique by (jurisdiction, origin): try the last one used first */
	size_t last = p->last_origin;
	if (last < r->norigins && same(r->origins[last].jurisdiction, jurisdiction) &&
	    same(r->origins[last].origin, origin))
		o = &r->origins[last];
	for (size_t i = 0; i < r->norigins && !o; i++)
		if (same(r->origins[i].jurisdiction, jurisdiction) && same(r->origins[i].origin, origin))
			o = &r->origins[i];
	if (!o) {
		XGROW(r->origins, r->capo, r->norigins + 1);
		o = &r->origins[r->norigins++];
		memset(o, 0, sizeof(*o));
		o->jurisdiction = cp(r, jurisdiction);
		o->origin = cp(r, origin);
		o->foreign = foreign;
	}
	p->last_origin = (size_t)(o - r->origins);
	oc->jurisdiction = jurisdiction;
	oc->origin = origin;
	oc->row = p->last_origin + 1;
add:
	o->units += units;
	if (isnan(tpp))
		o->units_tpp_unknown += units;
	else
		o->tpp += tpp * (double)units;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Every key of the order but the message: severity (descending), rule
 * id and pack, asset, group, file, line, status. */
static int finding_cmp_head(const struct finding *a, const struct finding *b)
{
	int c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	/* the same rule or asset is often the same pointer: skip the compare */
	const struct rule_info *ra = a->ctx->rule, *rb = b->ctx->rule;
	if (ra != rb &&
	    ((c = strcmp(ra->id, rb->id)) != 0 || (c = strcmp(ra->policy, rb->policy)) != 0))
		return c;
	if (a->asset != b->asset && (c = strcmp0(a->asset, b->asset)) != 0)
		return c;
	if ((a->ctx->group != b->ctx->group && (c = strcmp0(a->ctx->group, b->ctx->group)) != 0) ||
	    (a->ctx->file != b->ctx->file && (c = strcmp0(a->ctx->file, b->ctx->file)) != 0))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	return 0;
}

/* The report's order: finding_cmp_head, then the message. */
static int finding_cmp(const struct finding *a, const struct finding *b)
{
	int c = finding_cmp_head(a, b);
	if (c || (!a->msg_parts && !b->msg_parts))
		return c ? c : strcmp0(a->msg, b->msg);
	struct strbuf ma = STRBUF_INIT, mb = STRBUF_INIT;
	c = strcmp0(report_message(a, &ma), report_message(b, &mb));
	sb_release(&ma);
	sb_release(&mb);
	return c;
}

static int exposure_cmp(const void *pa, const void *pb)
{
	const struct exposure_row *a = pa, *b = pb;
	int c;
	if ((c = strcmp(a->policy, b->policy)) != 0 || (c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->group, b->group);
}

static int origin_cmp(const void *pa, const void *pb)
{
	const struct origin_row *a = pa, *b = pb;
	int c = strcmp0(a->jurisdiction, b->jurisdiction);
	return c ? c : strcmp0(a->origin, b->origin);
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct rule_info *a = *(const struct rule_info *const *)pa,
			       *b = *(const struct rule_info *const *)pb;
	int c = strcmp(a->policy, b->policy);
	return c ? c : strcmp(a->id, b->id);
}

/* The summary: F counted. */
static void count_finding(struct report *r, const struct finding *f)
{
	r->total[f->severity <= SEV_ERROR ? f->severity : SEV_ERROR]++;
	switch (f->status) {
	case FS_OPEN:
		r->open[f->severity]++;
		/* a watch rule's findings never fail the verdict */
		if (f->severity >= r->fail_on && !f->ctx->rule->watch)
			r->failed = true;
		break;
	case FS_WAIVED: r->waived++; break;
	case FS_JUSTIFIED: r->justified++; break;
	case FS_BASELINE: r->baseline++; break;
	}
}

/* ---- sorting a fleet's findings -------------------------------------------
 * A counting sort by (severity, rule) -- a few dozen buckets -- keeps each
 * bucket's findings in the order they were added (file order), so a
 * bucket is merely checked and only sorted when out of order, by a merge
 * sort: the whole is a stable sort by finding_cmp, in about linear time
 * for sorted input. Stable by construction, with no global state. */

/* What comparing two findings needs: the array, and two buffers for
 * messages kept in parts. */
struct sort_ctx {
	const struct finding *base;
	struct strbuf ma, mb;
};

static int finding_cmp_in(struct sort_ctx *sc, const struct finding *a, const struct finding *b)
{
	int c = finding_cmp_head(a, b);
	if (c || (!a->msg_parts && !b->msg_parts))
		return c ? c : strcmp0(a->msg, b->msg);
	sb_reset(&sc->ma);
	sb_reset(&sc->mb);
	report_put_message(&sc->ma, a);
	report_put_message(&sc->mb, b);
	return strcmp0(a->msg ? sb_str(&sc->ma) : NULL, b->msg ? sb_str(&sc->mb) : NULL);
}

/* Sort the indexes V[0..N) of SC's findings stably (TMP: N scratch
 * indexes): runs merged bottom-up, the left one winning ties. */
static void merge_sort(struct sort_ctx *sc, uint32_t *v, uint32_t *tmp, size_t n)
{
	uint32_t *from = v, *to = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = finding_cmp_in(sc, &sc->base[from[j]], &sc->base[from[i]]) < 0
						  ? from[j++]
						  : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		uint32_t *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
}

/* Put R's findings in the order PERM gives (position i gets finding
 * perm[i]), in place, cycle by cycle; PERM is spent. */
static void permute_findings(struct report *r, uint32_t *perm)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		if (perm[i] == i)
			continue;
		struct finding tmp = r->findings[i];
		size_t j = i;
		for (;;) {
			size_t k = perm[j];
			/* the cycle's next finding: fetched while this one moves */
			__builtin_prefetch(&r->findings[perm[k]]);
			perm[j] = (uint32_t)j;
			if (k == i) {
				r->findings[j] = tmp;
				break;
			}
			r->findings[j] = r->findings[k];
			j = k;
		}
	}
}

/* Each finding's bucket, (severity, rule rank), into KEY; ranks from the
 * registered rules (a few dozen), with the rules of findings that were
 * not registered added when there are any. Returns the bucket count. */
static size_t bucket_keys(const struct report *r, struct rule_ranks *rr, uint32_t *key)
{
	rule_ranks_of_report(rr, r);
	bool added = false;
	for (size_t i = 0; i < r->nfindings; i++)
		if (rule_rank(rr, r->findings[i].ctx->rule) == UINT32_MAX) {
			rule_ranks_add(rr, r->findings[i].ctx->rule);
			added = true;
		}
	if (added)
		rule_ranks_order(rr);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		size_t sev = f->severity <= SEV_NEVER ? f->severity : SEV_NEVER;
		key[i] = (uint32_t)((SEV_NEVER - sev) * rr->nranks + rule_rank(rr, f->ctx->rule));
	}
	return (size_t)(SEV_NEVER + 1) * rr->nranks;
}

/* Sort the findings (see above). */
static void sort_findings(struct report *r)
{
	size_t n = r->nfindings;
	if (n < 2)
		return;
	if (n >= UINT32_MAX / 2)
		xcalloc(SIZE_MAX, 2); /* past 32-bit indexes: ends the process as out of memory does */
	struct rule_ranks rr = {HMAP_INIT, NULL, 0, 0, 0};
	struct sort_ctx sc = {r->findings, STRBUF_INIT, STRBUF_INIT};
	uint32_t *key = xmalloc(sizeof(*key) * n), *perm = xmalloc(sizeof(*perm) * n);
	size_t nkeys = bucket_keys(r, &rr, key);
	size_t *start = xcalloc(nkeys + 1, sizeof(*start)), *last = xmalloc(sizeof(*last) * nkeys);
	bool *unsorted = xcalloc(nkeys, sizeof(*unsorted));
	/* a bucket is out of order when a finding sorts before the previous
	 * one of its bucket: checked in file order, where the previous one of
	 * each of a few dozen buckets stays in cache */
	for (size_t k = 0; k < nkeys; k++)
		last[k] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		uint32_t k = key[i];
		start[k + 1]++;
		if (last[k] != SIZE_MAX && !unsorted[k] &&
		    finding_cmp_in(&sc, &r->findings[last[k]], &r->findings[i]) > 0)
			unsorted[k] = true;
		last[k] = i;
	}
	for (size_t k = 0; k < nkeys; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < n; i++)
		perm[start[key[i]]++] = (uint32_t)i; /* stable */
	/* start[] now holds each bucket's end; key[] is scratch for the merges */
	for (size_t k = 0, b = 0; k < nkeys; b = start[k++])
		if (unsorted[k])
			merge_sort(&sc, perm + b, key, start[k] - b);
	permute_findings(r, perm);
	free(key);
	free(perm);
	free(start);
	free(last);
	free(unsorted);
	sb_release(&sc.ma);
	sb_release(&sc.mb);
	rule_ranks_release(&rr);
}

/* report_keep: the findings kept, counted as they came, are gathered
 * from the heaps and sorted, ties in heap order. */
static void gather_kept(struct report *r)
{
	struct report_pool *p = r->pool;
	size_t n = 0;
	for (int k = 0; k < 3; k++)
		n += p->heap[k].n;
	free(r->findings);
	r->findings = xcalloc(n + 1, sizeof(*r->findings));
	r->capf = n + 1;
	r->nfindings = 0;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < p->heap[k].n; i++)
			r->findings[r->nfindings++] = p->heap[k].slot[i].f;
	if (n < 2)
		return;
	struct sort_ctx sc = {r->findings, STRBUF_INIT, STRBUF_INIT};
	uint32_t *perm = xmalloc(sizeof(*perm) * n), *tmp = xmalloc(sizeof(*tmp) * n);
	for (size_t i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	merge_sort(&sc, perm, tmp, n);
	permute_findings(r, perm);
	free(perm);
	free(tmp);
	sb_release(&sc.ma);
	sb_release(&sc.mb);
}

void report_finish(struct report *r)
{
	if (r->keep) {
		gather_kept(r); /* counted as they came: most were not kept */
	} else {
		memset(r->open, 0, sizeof(r->open));
		memset(r->total, 0, sizeof(r->total));
		r->waived = r->justified = r->baseline = 0;
		r->failed = false;
		for (size_t i = 0; i < r->nfindings; i++)
			count_finding(r, &r->findings[i]);
		sort_findings(r);
	}
	if (r->nexposure)
		qsort(r->exposure, r->nexposure, sizeof(*r->exposure), exposure_cmp);
	if (r->norigins)
		qsort(r->origins, r->norigins, sizeof(*r->origins), origin_cmp);
	if (r->pool) { /* the rows moved */
		memset(r->pool->ocache, 0, sizeof(r->pool->ocache));
		r->pool->last_origin = 0;
	}
	if (r->nrules)
		qsort(r->rules, r->nrules, sizeof(*r->rules), rule_cmp);
}

/* ---- what people are shown of a fleet ----------------------------------------- */

size_t report_max_findings(const struct report_view *view, size_t dflt)
{
	return view && view->max_findings ? view->max_findings : dflt;
}

void report_listing(const struct report *r, size_t max, struct report_listing *l)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
	/* findings are sorted by severity first: each severity's are a run */
	size_t open[3] = {0}, other[3] = {0};
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		int s = f->severity <= SEV_ERROR ? f->severity : SEV_ERROR;
		if (f->status == FS_OPEN)
			open[s]++;
		else
			other[s]++;
	}
	for (int s = 0; s < 3; s++) {
		size_t want_open = open[s] < max ? open[s] : max;
		size_t room = max - want_open;
		size_t want_other = other[s] < room ? other[s] : room;
		l->listed[s] = want_open + want_other;
		l->open_left[s] = r->open[s] > want_open ? r->open[s] - want_open : 0;
		/* the index just past the last one listed of each class */
		size_t seen_open = 0, seen_other = 0;
		for (size_t i = 0; i < r->nfindings && (seen_open < want_open || seen_other < want_other);
		     i++) {
			const struct finding *f = &r->findings[i];
			if ((f->severity <= SEV_ERROR ? f->severity : SEV_ERROR) != s)
				continue;
			if (f->status == FS_OPEN && seen_open < want_open && ++seen_open == want_open)
				l->end[s][0] = i + 1;
			else if (f->status != FS_OPEN && seen_other < want_other &&
				 ++seen_other == want_other)
				l->end[s][1] = i + 1;
		}
	}
}

size_t report_left_out(const struct report *r, const struct report_listing *l)
{
	size_t n = 0;
	for (int s = 0; s < 3; s++)
		n += r->total[s] - l->listed[s];
	return n;
}

void report_thousands(struct strbuf *sb, unsigned long long v)
{
	char d[32];
	int n = snprintf(d, sizeof(d), "%llu", v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_putc(sb, ',');
		sb_putc(sb, d[i]);
	}
}

void report_left_out_line(struct strbuf *sb, const struct report *r, const struct report_listing *l)
{
	size_t left = report_left_out(r, l), open = 0;
	if (!left)
		return;
	sb_puts(sb, "\xE2\x80\xA6 and ");
	report_thousands(sb, left);
	sb_printf(sb, " more finding%s not listed (", left == 1 ? "" : "s");
	bool first = true;
	for (int s = SEV_ERROR; s >= SEV_INFO; s--) {
		size_t n = r->total[s] - l->listed[s];
		open += l->open_left[s];
		if (!n)
			continue;
		if (!first)
			sb_puts(sb, ", ");
		report_thousands(sb, n);
		sb_printf(sb, " %s", severity_name((enum severity)s));
		first = false;
	}
	sb_puts(sb, "; ");
	report_thousands(sb, open);
	sb_printf(sb, " of them open): at most ");
	report_thousands(sb, l->max);
	sb_puts(sb, " of each severity are listed, open ones first");
}

const char *report_finding_model(const struct finding *f)
{
	const char *model = NULL;
	for (size_t i = 0; i < f->ctx->nev; i++) {
		const struct evidence *e = &f->ctx->ev[i];
		if (e->type != EV_STR || !e->s)
			continue;
		if (strcmp(e->key, "chip") == 0)
			return e->s;
		if (strcmp(e->key, "model") == 0)
			model = e->s;
	}
	return model;
}
