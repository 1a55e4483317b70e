/* Writing a fleet's findings on two threads: a worker formats the odd
 * chunks into two buffers while the calling thread formats the even ones
 * and writes every chunk out in order. Tried and measured against this,
 * and no faster: a shared queue where either thread claims the next chunk
 * (the caller formatting only when the next one to write is not ready);
 * each thread writing its own chunks, in turn. */
#include "report/chunks.h"

#include <pthread.h>

struct chunks {
	size_t total;
	chunk_fmt_fn fmt;
	void *ctx, *memo;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct strbuf buf[2]; /* the worker's: chunk k goes to buf[(k / 2) % 2] */
	size_t ready[2];      /* the chunk buf[i] holds, plus 1; 0: free */
	bool stop;            /* a write failed: the worker gives up */
};

static void *chunk_worker(void *arg)
{
	struct chunks *c = arg;
	for (size_t k = 1; k < c->total; k += 2) {
		size_t slot = (k / 2) % 2;
		pthread_mutex_lock(&c->mu);
		while (c->ready[slot] && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		bool stop = c->stop;
		pthread_mutex_unlock(&c->mu);
		if (stop)
			break;
		sb_reset(&c->buf[slot]); /* free: only this thread touches it */
		c->fmt(c->ctx, k, &c->buf[slot], c->memo);
		pthread_mutex_lock(&c->mu);
		c->ready[slot] = k + 1;
		pthread_cond_broadcast(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
	return NULL;
}

static int put(const struct strbuf *sb, FILE *fp)
{
	return sb->len && fwrite(sb->buf, 1, sb->len, fp) != sb->len ? -1 : 0;
}

int report_spill(struct strbuf *sb, FILE *fp, size_t at_least)
{
	if (sb->len < at_least)
		return 0;
	int rc = put(sb, fp);
	sb_reset(sb);
	return rc;
}

int report_write_chunks(FILE *fp, size_t nchunks, bool parallel, chunk_fmt_fn fmt, void *ctx,
			void *memo, void *worker_memo)
{
	struct chunks c = {.total = nchunks, .fmt = fmt, .ctx = ctx, .memo = worker_memo,
			   .buf = {STRBUF_INIT, STRBUF_INIT}};
	pthread_t th;
	bool worker = false;
	if (parallel && nchunks > 1) {
		pthread_mutex_init(&c.mu, NULL);
		pthread_cond_init(&c.cv, NULL);
		worker = pthread_create(&th, NULL, chunk_worker, &c) == 0;
		if (!worker) {
			pthread_cond_destroy(&c.cv);
			pthread_mutex_destroy(&c.mu);
		}
	}
	struct strbuf mine = STRBUF_INIT;
	int rc = 0;
	for (size_t k = 0; k < nchunks && rc == 0; k++) {
		if (!worker || k % 2 == 0) {
			sb_reset(&mine);
			fmt(ctx, k, &mine, memo);
			rc = put(&mine, fp);
			continue;
		}
		size_t slot = (k / 2) % 2;
		pthread_mutex_lock(&c.mu);
		while (c.ready[slot] != k + 1)
			pthread_cond_wait(&c.cv, &c.mu);
		pthread_mutex_unlock(&c.mu);
		rc = put(&c.buf[slot], fp);
		pthread_mutex_lock(&c.mu);
		c.ready[slot] = 0;
		c.stop = rc != 0;
		pthread_cond_broadcast(&c.cv);
		pthread_mutex_unlock(&c.mu);
	}
	if (worker) {
		pthread_mutex_lock(&c.mu);
		c.stop = true; /* after a write error; harmless at the end */
		pthread_cond_broadcast(&c.cv);
		pthread_mutex_unlock(&c.mu);
		pthread_join(th, NULL);
		pthread_cond_destroy(&c.cv);
		pthread_mutex_destroy(&c.mu);
	}
	sb_release(&c.buf[0]);
	sb_release(&c.buf[1]);
	sb_release(&mine);
	return rc;
}
