/* The CSV inventory as a stream (DESIGN §4, §10): csv_stream reads,
 * hashes and parses on a reader thread and calls the caller's callback on
 * the caller's thread, in file order, a batch of validated rows at a time,
 * so that on a two-core machine reading and evaluating overlap; memory
 * grows with the set of ids (for duplicates), never with the rows. The
 * input's SHA-256 is computed on whichever of the two threads would
 * otherwise wait. The reader may be started ahead (csv_stream_begin),
 * while the caller loads its packs, and is then joined by csv_stream, or
 * stopped by inventory_free (csv_stream_abandon). The whole loads
 * (inventory_load_csv*) run the same parser on the caller's thread and
 * keep the rows. Must never call the callback from another thread, or
 * read a byte of the input twice. */
#include "ingest/csv_int.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BATCHES 4 /* batches in flight between the threads */

/* ---- handing rows to the caller ---------------------------------------------- */

/* Turn B's rows into assets (b->assets), their strings in b->bytes, the
 * column names COLS, read from PATH. Done by the thread that hands B
 * over: with a reader thread, that is the reader's share of the work,
 * not the caller's. */
static void materialize(struct batch *b, const char *const *cols, const char *path)
{
	XGROW(b->assets, b->capas, b->n + 1);
	XGROW(b->tagv, b->captv, b->noffs + 1);
	XGROW(b->attrv, b->capav, b->noffs / 2 + 1);
	const char **tv = b->tagv;
	struct kv *av = b->attrv;
	for (size_t k = 0; k < b->n; k++) {
		const struct rowrec *w = &b->rows[k];
#define STR(x) (w->str[x] == NOSTR ? NULL : b->bytes + w->str[x])
		struct asset *a = &b->assets[k];
		*a = (struct asset){.id = STR(R_ID), .model = STR(R_MODEL), .quantity = w->quantity,
				    .site = STR(R_SITE), .purpose = (enum purpose)w->purpose,
				    .status = (enum status)w->status, .order = STR(R_ORDER),
				    .destination = STR(R_DESTINATION), .owner = STR(R_OWNER),
				    .tags = tv, .ntags = w->ntags, .attrs = av, .nattrs = w->nattrs,
				    .file = path, .line = w->line, .has_ordered_on = w->has_ordered_on,
				    .ordered_on = w->ordered_on, .workload = (enum workload)w->workload,
				    .hashed = true};
#undef STR
		for (uint32_t j = 0; j < w->ntags; j++)
			*tv++ = b->bytes + b->offs[w->tags + j];
		for (uint32_t j = 0; j < w->nattrs; j++, av++) {
			av->name = cols[b->offs[w->attrs + 2 * j]];
			av->value = b->bytes + b->offs[w->attrs + 2 * j + 1];
		}
		a->model_hash = w->model_hash;
		a->site_hash = w->site_hash;
	}
}

struct consumer {
	asset_fn fn;
	void *ctx;
	struct diag *d;
};

/* Call the callback for every asset of B (materialized), then empty B. */
static int consume(const struct consumer *c, struct batch *b)
{
	for (size_t k = 0; k < b->n; k++)
		if (c->fn(c->ctx, &b->assets[k], c->d) != 0)
			return -1;
	b->n = b->len = b->noffs = 0;
	return 0;
}

/* ---- hashing the input on whichever thread has time ----------------------
 * The file's SHA-256 goes in the report. With a reader thread, a chunk
 * read is queued for hashing, and hashed -- in order, one at a time -- by
 * whichever thread would otherwise wait: the caller when no batch is ready,
 * the reader when the caller has all the batches it may hold, or when all
 * RAW_SLOTS buffers wait for hashing. So the hashing moves to whichever
 * thread has time, which changes with the machine's load. Without a
 * reader thread (MU NULL) each chunk is hashed as it is read. Without a
 * digest (MD NULL) one buffer is read into and parsed, again and again. */

#define RAW_SLOTS 4

struct digest {
	EVP_MD_CTX *md; /* NULL: not hashing (inventory.no_digest) */
	pthread_mutex_t *mu; /* the stream's; NULL: one thread */
	pthread_cond_t *cv;
	char *buf[RAW_SLOTS];
	size_t n[RAW_SLOTS];
	size_t head, tail; /* chunks [head, tail) are read and not yet hashed */
	bool busy;         /* a thread is hashing chunk head */
};

/* With g->mu held: hash the oldest waiting chunk, unless there is none or
 * another thread is at it. Returns whether it did. */
static bool hash_one(struct digest *g)
{
	if (g->busy || g->head == g->tail)
		return false;
	g->busy = true;
	size_t i = g->head % RAW_SLOTS;
	pthread_mutex_unlock(g->mu);
	EVP_DigestUpdate(g->md, g->buf[i], g->n[i]);
	pthread_mutex_lock(g->mu);
	g->head++;
	g->busy = false;
	pthread_cond_broadcast(g->cv);
	return true;
}

/* Reader: a buffer for the next chunk (hashing the oldest when all are
 * waiting). */
static char *digest_slot(struct digest *g)
{
	if (!g->mu || !g->md) {
		if (!g->buf[0])
			g->buf[0] = xmalloc(READ_CHUNK);
		return g->buf[0];
	}
	pthread_mutex_lock(g->mu);
	while (g->tail - g->head >= RAW_SLOTS)
		if (!hash_one(g))
			pthread_cond_wait(g->cv, g->mu);
	size_t i = g->tail % RAW_SLOTS;
	pthread_mutex_unlock(g->mu);
	if (!g->buf[i])
		g->buf[i] = xmalloc(READ_CHUNK);
	return g->buf[i];
}

/* Reader: the chunk of N bytes just read into the slot is to be hashed. */
static void digest_push(struct digest *g, size_t n)
{
	if (!g->md)
		return;
	if (!g->mu) {
		EVP_DigestUpdate(g->md, g->buf[0], n);
		return;
	}
	pthread_mutex_lock(g->mu);
	g->n[g->tail % RAW_SLOTS] = n;
	g->tail++;
	pthread_cond_broadcast(g->cv);
	pthread_mutex_unlock(g->mu);
}

/* Reader, at the end: every chunk hashed. */
static void digest_drain(struct digest *g)
{
	if (!g->mu || !g->md)
		return;
	pthread_mutex_lock(g->mu);
	while (g->head != g->tail)
		if (!hash_one(g))
			pthread_cond_wait(g->cv, g->mu);
	pthread_mutex_unlock(g->mu);
}

static void digest_release(struct digest *g)
{
	for (size_t i = 0; i < RAW_SLOTS; i++)
		free(g->buf[i]);
}

/* Has the caller asked the reader thread to stop? (CANCEL is NULL on one
 * thread.) Acquire pairs with give_back's release, though a stale false
 * only costs one more chunk: the flag is a hint, the lock orders the rest. */
static bool cancelled(atomic_bool *cancel)
{
	return cancel && atomic_load_explicit(cancel, memory_order_acquire);
}

/* Read IN to the end through the parser, a chunk at a time, hashing it
 * (the bytes read ahead to tell the format come first: each byte is read
 * once). The size limit is IN's, counted as read. */
static int read_input(struct csvr *r, struct csv_parser *p, struct input *in, struct digest *g,
		      atomic_bool *cancel)
{
	int rc = 0;
	while (rc == 0 && !cancelled(cancel)) {
		char *buf = digest_slot(g);
		ssize_t n = input_read(in, buf, READ_CHUNK, r->d);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		digest_push(g, (size_t)n);
		rc = csv_feed(r, p, buf, (size_t)n);
	}
	if (rc == 0 && !cancelled(cancel))
		digest_drain(g);
	if (rc != 0)
		r->failed = true;
	return rc == 0 && !cancelled(cancel) ? csv_finish(r, p) : -1;
}

/* The digest of everything hashed, as hex into OUT (zeros if OpenSSL
 * fails at the end, which it does not for SHA-256). */
static void hex_digest(EVP_MD_CTX *md, char out[SHA256_HEX_LEN + 1])
{
	unsigned char raw[32];
	unsigned int n = 32;
	if (EVP_DigestFinal_ex(md, raw, &n) != 1)
		memset(raw, 0, sizeof(raw));
	sha256_to_hex(raw, out);
}

/* ---- on the caller's thread ---------------------------------------------------- */

struct sync_stream {
	struct consumer cons;
	struct csvr *r;
};

static int flush_sync(struct csvr *r)
{
	struct sync_stream *s = r->st;
	materialize(r->cur, r->cols, r->inv->path);
	if (consume(&s->cons, r->cur) != 0) {
		r->failed = true;
		return -1;
	}
	return 0;
}

/* Stream on this thread: TEXT when given, else IN (opened by the caller). */
static int stream_here(struct inventory *inv, const char *text, size_t len, struct input *in,
		       asset_fn fn, void *ctx, struct diag *d)
{
	struct csvr r;
	struct csv_parser p;
	struct sync_stream s = {.cons = {.fn = fn, .ctx = ctx, .d = d}, .r = &r};
	csv_reader_init(&r, inv, d, &p);
	r.cur = xcalloc(1, sizeof(*r.cur));
	r.flush = flush_sync;
	r.st = &s;
	int rc;
	if (text) {
		sha256_hex(text, len, inv->sha256);
		rc = csv_feed(&r, &p, text, len);
		if (rc == 0)
			rc = csv_finish(&r, &p);
	} else {
		struct digest g = {.md = EVP_MD_CTX_new()};
		rc = !g.md || EVP_DigestInit_ex(g.md, EVP_sha256(), NULL) != 1 ? -1 : 0;
		if (rc == 0 && (rc = read_input(&r, &p, in, &g, NULL)) == 0)
			hex_digest(g.md, inv->sha256);
		EVP_MD_CTX_free(g.md);
		digest_release(&g);
	}
	batch_free(r.cur);
	csv_reader_release(&r, &p);
	return rc;
}

int csv_stream_text(struct inventory *inv, const char *text, size_t len, asset_fn fn, void *ctx,
		    struct diag *d)
{
	return stream_here(inv, text, len, NULL, fn, ctx, d);
}

/* ---- on a reader thread ----------------------------------------------------------- */

struct csv_thread {
	struct csvr r;
	struct csv_parser p;
	struct input *in; /* owned: closed by stream_free */
	pthread_t th;
	char sha256[SHA256_HEX_LEN + 1]; /* the reader's digest, for the caller after the join */
	struct digest g; /* its lock and condition are mu and cv */
	struct diag wd;  /* the reader's diagnostic */
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *full, **tail; /* validated, in file order */
	struct batch *spare;        /* handed back by the caller */
	int nbatches;
	bool done;
	/* set by the caller (under mu) when its callback failed; read by the
	 * reader between chunks without the lock, hence atomic. Every other
	 * field shared by the two threads is read and written under mu. */
	atomic_bool cancel;
};

/* Reader side: queue the current batch, take an empty one (waiting while
 * MAX_BATCHES are in flight, so memory stays bounded). */
static int flush_thread(struct csvr *r)
{
	struct csv_thread *s = r->st;
	materialize(r->cur, r->cols, r->inv->path); /* before the lock: the batch is still ours */
	pthread_mutex_lock(&s->mu);
	r->cur->next = NULL;
	*s->tail = r->cur;
	s->tail = &r->cur->next;
	r->cur = NULL;
	pthread_cond_broadcast(&s->cv);
	bool stop = false;
	while (!s->spare && s->nbatches >= MAX_BATCHES &&
	       !(stop = atomic_load_explicit(&s->cancel, memory_order_relaxed)))
		if (!hash_one(&s->g)) /* rather than wait */
			pthread_cond_wait(&s->cv, &s->mu);
	if (s->spare) {
		r->cur = s->spare;
		s->spare = r->cur->next;
	} else if (!stop && !atomic_load_explicit(&s->cancel, memory_order_relaxed)) {
		r->cur = xcalloc(1, sizeof(*r->cur));
		s->nbatches++;
	}
	pthread_mutex_unlock(&s->mu);
	if (!r->cur) {
		r->failed = true;
		return -1;
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct csv_thread *s = arg;
	int rc = read_input(&s->r, &s->p, s->in, &s->g, &s->cancel);
	if (rc == 0 && s->g.md)
		hex_digest(s->g.md, s->sha256);
	pthread_mutex_lock(&s->mu);
	s->rc = rc;
	s->done = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Caller side: the next validated batch, or NULL at the end. */
static struct batch *next_batch(struct csv_thread *s)
{
	pthread_mutex_lock(&s->mu);
	while (!s->full && !s->done)
		if (!hash_one(&s->g)) /* rather than wait */
			pthread_cond_wait(&s->cv, &s->mu);
	struct batch *b = s->full;
	if (b) {
		s->full = b->next;
		if (!s->full)
			s->tail = &s->full;
	}
	pthread_mutex_unlock(&s->mu);
	return b;
}

static void give_back(struct csv_thread *s, struct batch *b, bool cancel)
{
	pthread_mutex_lock(&s->mu);
	b->next = s->spare;
	s->spare = b;
	if (cancel)
		atomic_store_explicit(&s->cancel, true, memory_order_release);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* The two threads' shared state for streaming IN into INV. */
static struct csv_thread *stream_new(struct inventory *inv, struct input *in)
{
	struct csv_thread *s = xcalloc(1, sizeof(*s));
	s->in = in;
	csv_reader_init(&s->r, inv, &s->wd, &s->p);
	s->r.cur = xcalloc(1, sizeof(*s->r.cur));
	s->nbatches = 1;
	s->r.flush = flush_thread;
	s->r.st = s;
	s->tail = &s->full;
	s->g.md = inv->no_digest ? NULL : EVP_MD_CTX_new();
	s->g.mu = &s->mu;
	s->g.cv = &s->cv;
	atomic_init(&s->cancel, false);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	return s;
}

static void stream_free(struct csv_thread *s)
{
	batch_free(s->r.cur);
	for (struct batch *b = s->spare, *next; b; b = next) {
		next = b->next;
		batch_free(b);
	}
	for (struct batch *b = s->full, *next; b; b = next) { /* none read: abandoned */
		next = b->next;
		batch_free(b);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	EVP_MD_CTX_free(s->g.md);
	digest_release(&s->g);
	csv_reader_release(&s->r, &s->p);
	input_close(s->in);
	free(s->in);
	free(s);
}

/* Start reading INV on a reader thread (inv->reader): the input that
 * inventory_open_any left open, its first bytes read ahead, taken so that
 * it is read once; else the file, opened here. */
static int stream_begin(struct inventory *inv, struct diag *d)
{
	struct input *in = inv->src;
	inv->src = NULL;
	if (!in) {
		in = xmalloc(sizeof(*in));
		if (input_open(in, inv->path, d) != 0) {
			free(in);
			return -1;
		}
	}
	struct csv_thread *s = stream_new(inv, in);
	if (!inv->no_digest && (!s->g.md || EVP_DigestInit_ex(s->g.md, EVP_sha256(), NULL) != 1)) {
		diag_set(d, inv->path, 0, 0, "cannot start SHA-256");
	} else if (pthread_create(&s->th, NULL, reader_main, s) != 0) {
		diag_set(d, inv->path, 0, 0, "cannot start a reader thread");
	} else {
		inv->reader = s;
		return 0;
	}
	stream_free(s);
	return -1;
}

int csv_stream_begin(struct inventory *inv, struct diag *d)
{
	return inv->reader ? 0 : stream_begin(inv, d);
}

void csv_stream_abandon(struct inventory *inv)
{
	struct csv_thread *s = inv->reader;
	if (!s)
		return;
	inv->reader = NULL;
	pthread_mutex_lock(&s->mu);
	atomic_store_explicit(&s->cancel, true, memory_order_release);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->th, NULL);
	stream_free(s);
}

int csv_stream(struct inventory *inv, asset_fn fn, void *ctx, struct diag *d)
{
	if (!inv->reader && stream_begin(inv, d) != 0)
		return -1;
	struct csv_thread *s = inv->reader;
	struct consumer cons = {.fn = fn, .ctx = ctx, .d = d};
	bool failed = false;
	struct batch *b;
	while ((b = next_batch(s))) {
		if (!failed && consume(&cons, b) != 0)
			failed = true;
		give_back(s, b, failed);
	}
	pthread_join(s->th, NULL);
	inv->reader = NULL;
	int rc = failed ? -1 : s->rc;
	if (!failed && s->rc != 0)
		*d = s->wd;
	if (rc == 0 && s->g.md)
		memcpy(inv->sha256, s->sha256, sizeof(inv->sha256));
	stream_free(s);
	return rc;
}

/* ---- whole loads ------------------------------------------------------------ */

/* With ONLY_ID, the rows of other ids are not kept, but the closest of
 * their ids is (a copy: a row's strings die with the callback), for a
 * "did you mean" when ONLY_ID is not there. */
struct keep {
	struct inventory *inv;
	const char *only_id;
	struct suggest near;
};

static int keep_asset(void *ctx, const struct asset *a, struct diag *d)
{
	(void)d;
	struct keep *k = ctx;
	if (!k->only_id || strcmp(k->only_id, a->id) == 0) {
		inventory_add_asset(k->inv, a);
		return 0;
	}
	suggest_offer(&k->near, a->id);
	if (k->near.best == a->id)
		k->near.best = k->inv->near_id = arena_strdup(&k->inv->arena, a->id);
	return 0;
}

int inventory_load_csv_input(struct inventory *inv, struct input *in, const char *only_id,
			     struct diag *d)
{
	struct keep k = {.inv = inv, .only_id = only_id};
	if (only_id)
		suggest_init(&k.near, only_id);
	if (stream_here(inv, NULL, 0, in, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}

int inventory_load_csv(struct inventory *inv, const char *path, const char *only_id, struct diag *d)
{
	struct input in;
	inventory_init_empty(inv, path);
	if (input_open(&in, inv->path, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	int rc = inventory_load_csv_input(inv, &in, only_id, d);
	input_close(&in);
	return rc;
}

int inventory_load_csv_text(struct inventory *inv, const char *name, const char *text, size_t len,
			    struct diag *d)
{
	inventory_init_empty(inv, name);
	struct keep k = {.inv = inv};
	if (stream_here(inv, text, len, NULL, keep_asset, &k, d) != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}
