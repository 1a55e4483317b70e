/* The order of a report's findings -- severity (most severe first), rule
 * id and pack, asset, group, file, line, status, message -- and the two
 * ways a report gets there: sorting every finding (order_sort), and
 * report_keep's heaps, which keep only the first N of each severity in
 * the order people are shown them (open ones first) and drop the rest as
 * they come.
 *
 * Must never: depend on the order findings were added beyond ties of the
 * whole key (sorting is stable by construction, with no global state), or
 * allocate for a finding that report_keep does not keep. */
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Every key of the order but the message. */
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

/* The messages of A and B compared, rendered into MA and MB when one is
 * kept in parts. */
static int message_cmp(const struct finding *a, const struct finding *b, struct strbuf *ma,
		       struct strbuf *mb)
{
	if (!a->ctx->tmpl && !b->ctx->tmpl)
		return strcmp0(msg_text(a), msg_text(b));
	return strcmp0(report_message(a, ma), report_message(b, mb));
}

int finding_cmp(const struct finding *a, const struct finding *b)
{
	int c = finding_cmp_head(a, b);
	if (c)
		return c;
	struct strbuf ma = STRBUF_INIT, mb = STRBUF_INIT;
	c = message_cmp(a, b, &ma, &mb);
	sb_release(&ma);
	sb_release(&mb);
	return c;
}

/* ---- rules in report order ------------------------------------------------
 * Each distinct rule gets its rank in the order of rule ids and packs
 * (equal id and pack, equal rank), looked up by the rule's address, so
 * that most comparisons need no strcmp. */

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

/* ---- sorting a fleet's findings -------------------------------------------
 * A counting sort by (severity, rule) -- a few dozen buckets -- keeps each
 * bucket's findings in the order they were added (file order), so a
 * bucket is merely checked and only sorted when out of order, by a merge
 * sort: the whole is a stable sort by finding_cmp, in about linear time
 * for sorted input. */

/* What comparing two findings needs: the array, and two buffers for
 * messages kept in parts. */
struct sort_ctx {
	const struct finding *base;
	struct strbuf ma, mb;
};

static int sort_cmp(struct sort_ctx *sc, const struct finding *a, const struct finding *b)
{
	int c = finding_cmp_head(a, b);
	return c ? c : message_cmp(a, b, &sc->ma, &sc->mb);
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
				to[k++] = sort_cmp(sc, &sc->base[from[j]], &sc->base[from[i]]) < 0
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

void order_sort(struct report *r)
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
		    sort_cmp(&sc, &r->findings[last[k]], &r->findings[i]) > 0)
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

/* ---- report_keep ----------------------------------------------------------- */

struct keep {
	/* per severity, the findings kept so far, as a max-heap in listing
	 * order (the root is the one to drop first) */
	struct keep_heap {
		struct kept {
			struct finding f; /* f.asset and f.msg point into buf */
			uint32_t rank;    /* its rule's rank */
			char *buf;
			size_t cap;
		} *slot;
		size_t n, cap;
	} heap[3];
	/* each rule's rank, so that most findings are turned away without a
	 * string compare; remade when rules were registered since */
	struct rule_ranks ranks;
	size_t nrank_rules; /* r->nrules when the ranks were made */
	/* the ranks of the last rules asked for, by address bits: a fleet
	 * has millions of findings of a few rules */
	struct {
		const struct rule_info *ri;
		uint32_t rank;
	} recent[16];
};

void keep_free(struct keep *k)
{
	if (!k)
		return;
	for (int s = 0; s < 3; s++) {
		for (size_t i = 0; i < k->heap[s].n; i++)
			free(k->heap[s].slot[i].buf);
		free(k->heap[s].slot);
	}
	rule_ranks_release(&k->ranks);
	free(k);
}

/* The order findings are listed in, and kept by report_keep: open ones
 * first, then report order. */
static int keep_cmp(const struct finding *a, const struct finding *b)
{
	bool ao = a->status == FS_OPEN, bo = b->status == FS_OPEN;
	if (ao != bo)
		return ao ? -1 : 1;
	return finding_cmp(a, b);
}

/* keep_cmp of a finding (open or not, of rule RULE ranked RA) and B
 * (ranked RB) as far as the status class and the ranks tell it (the
 * common case: another rule), else 0. */
static int keep_cmp_ranks(bool open, const struct rule_info *rule, uint32_t ra,
			  const struct finding *b, uint32_t rb)
{
	bool bo = b->status == FS_OPEN;
	if (open != bo)
		return open ? -1 : 1;
	if (rule != b->ctx->rule && ra != rb && ra != UINT32_MAX && rb != UINT32_MAX)
		return ra < rb ? -1 : 1;
	return 0;
}

/* keep_cmp(A, B), the rules' ranks RA and RB deciding first. */
static int keep_cmp_fast(const struct finding *a, uint32_t ra, const struct finding *b, uint32_t rb)
{
	int c = keep_cmp_ranks(a->status == FS_OPEN, a->ctx->rule, ra, b, rb);
	return c ? c : finding_cmp(a, b);
}

static void heap_swap(struct kept *a, struct kept *b)
{
	struct kept t = *a;
	*a = *b;
	*b = t;
}

/* Restore the max-heap after slot I grew (up) or shrank (down). */
static void heap_up(struct keep_heap *h, size_t i)
{
	while (i > 0 && keep_cmp(&h->slot[(i - 1) / 2].f, &h->slot[i].f) < 0) {
		heap_swap(&h->slot[(i - 1) / 2], &h->slot[i]);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct keep_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < h->n && keep_cmp(&h->slot[l].f, &h->slot[m].f) > 0)
			m = l;
		if (l + 1 < h->n && keep_cmp(&h->slot[l + 1].f, &h->slot[m].f) > 0)
			m = l + 1;
		if (m == i)
			return;
		heap_swap(&h->slot[i], &h->slot[m]);
		i = m;
	}
}

/* Copy F's asset id and its message (TEXT, or VALUES of VLEN bytes) into
 * slot K's own buffer, reused from the finding it replaces. */
static void kept_fill(struct kept *k, const struct finding *f, const struct finding_ctx *ctx,
		      const char *text, const char *values, size_t vlen)
{
	const char *msg = values ? values : text;
	size_t mlen = values ? (vlen ? vlen - 1 : 0) /* its last NUL is added below */
			     : text ? strlen(text) : 0;
	if (values && !vlen)
		msg = "";
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
	k->f.msg = msg ? msg_of(k->buf + alen) : NULL;
}

/* R's keep, its rules' ranks current. */
static struct keep *keep_of(struct report *r)
{
	struct report_store *st = report_store_of(r);
	if (!st->keep)
		st->keep = xcalloc(1, sizeof(*st->keep));
	struct keep *k = st->keep;
	if (k->nrank_rules != r->nrules || !k->ranks.n) {
		/* rules were registered: ranks may have moved */
		rule_ranks_of_report(&k->ranks, r);
		k->nrank_rules = r->nrules;
		memset(k->recent, 0, sizeof(k->recent));
		for (int s = 0; s < 3; s++)
			for (size_t i = 0; i < k->heap[s].n; i++)
				k->heap[s].slot[i].rank =
					rule_rank(&k->ranks, k->heap[s].slot[i].f.ctx->rule);
	}
	return k;
}

/* The rank of RI (rule_rank, remembered). */
static uint32_t keep_rank(struct keep *k, const struct rule_info *ri)
{
	size_t i = ((uintptr_t)ri >> 4) % CG_ARRAY_LEN(k->recent);
	if (k->recent[i].ri != ri) {
		k->recent[i].ri = ri;
		k->recent[i].rank = rule_rank(&k->ranks, ri);
	}
	return k->recent[i].rank;
}

bool keep_drops(struct report *r, const struct report_emit *in)
{
	struct keep *k = keep_of(r);
	int sev = in->severity <= SEV_ERROR ? (int)in->severity : SEV_ERROR;
	const struct keep_heap *h = &k->heap[sev];
	if (h->n < r->keep)
		return false;
	/* as keep_cmp_fast, against the last kept (the heap's root) */
	const struct finding *b = &h->slot[0].f;
	int c = keep_cmp_ranks(in->status == FS_OPEN, in->rule, keep_rank(k, in->rule), b,
			       h->slot[0].rank);
	if (c)
		return c > 0;
	/* after the last kept whatever its message; a tie is decided by the
	 * message, not known yet */
	struct finding_ctx ctx = {.rule = in->rule, .group = in->group, .file = in->file};
	struct finding f = {.ctx = &ctx,
			    .asset = in->asset,
			    .line = in->line,
			    .severity = (unsigned char)in->severity,
			    .status = (unsigned char)in->status};
	return finding_cmp_head(&f, b) > 0;
}

void keep_offer(struct report *r, const struct finding *f, const struct finding_ctx *c,
		const char *text, const char *values, size_t vlen)
{
	struct keep *k = keep_of(r);
	int sev = f->severity <= SEV_ERROR ? f->severity : SEV_ERROR;
	struct keep_heap *h = &k->heap[sev];
	/* F as it would be kept, to compare */
	struct finding v = *f;
	v.ctx = c;
	v.msg = msg_of(values ? (vlen ? values : "") : text);
	uint32_t rank = keep_rank(k, c->rule);
	if (h->n >= r->keep && keep_cmp_fast(&v, rank, &h->slot[0].f, h->slot[0].rank) >= 0)
		return;
	const struct finding_ctx *ctx = report_store_ctx(r, c);
	bool replace = h->n >= r->keep;
	struct kept *slot;
	if (replace) {
		slot = &h->slot[0]; /* the last in order goes */
	} else {
		XGROW(h->slot, h->cap, h->n + 1);
		slot = &h->slot[h->n++];
		memset(slot, 0, sizeof(*slot));
	}
	kept_fill(slot, f, ctx, text, values, vlen);
	slot->rank = rank;
	if (replace)
		heap_down(h, 0);
	else
		heap_up(h, (size_t)(slot - h->slot));
}

void keep_gather(struct report *r)
{
	struct keep *k = report_store_of(r)->keep;
	size_t n = 0;
	for (int s = 0; k && s < 3; s++)
		n += k->heap[s].n;
	free(r->findings);
	r->findings = xcalloc(n + 1, sizeof(*r->findings));
	r->capf = n + 1;
	r->nfindings = 0;
	for (int s = 0; k && s < 3; s++)
		for (size_t i = 0; i < k->heap[s].n; i++)
			r->findings[r->nfindings++] = k->heap[s].slot[i].f;
	if (n < 2)
		return;
	/* ties in heap order */
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
