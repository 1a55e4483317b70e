/* Writing reports in pieces: a fleet's findings on two threads, and
 * buffers written out as they grow. Internal to src/report. */
#ifndef CHIPGATE_REPORT_CHUNKS_H
#define CHIPGATE_REPORT_CHUNKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/util.h"

/* Format chunk K into SB (which arrives empty). MEMO is the calling
 * thread's own: a cache the formatter may keep between its chunks, which
 * must not change the text. */
typedef void (*chunk_fmt_fn)(void *ctx, size_t k, struct strbuf *sb, void *memo);

/* Write out what SB holds, and empty it, when it holds AT_LEAST bytes or
 * more (0: always); 0, or -1 on a write error. */
int report_spill(struct strbuf *sb, FILE *fp, size_t at_least);

/* Findings [*LO, *HI) are chunk K of chunks of SIZE, out of N. */
static inline void chunk_range(size_t k, size_t size, size_t n, size_t *lo, size_t *hi)
{
	*lo = k * size;
	*hi = *lo + size < n ? *lo + size : n;
}

/* Format NCHUNKS chunks with FMT and write them to FP in order. With
 * PARALLEL, a worker thread formats every other chunk (with WORKER_MEMO)
 * while this one formats the rest (with MEMO) and writes all of them;
 * the bytes are those of one thread formatting them all. Returns 0, or
 * -1 on a write error (the worker then stops). */
int report_write_chunks(FILE *fp, size_t nchunks, bool parallel, chunk_fmt_fn fmt, void *ctx,
			void *memo, void *worker_memo);

#endif
