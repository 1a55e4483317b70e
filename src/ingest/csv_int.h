/* The CSV inventory reader's three parts and what they share, private to
 * src/ingest/csv_*.c:
 *
 *   csv_ids.c     the set of ids seen (duplicates), front-coded while the
 *                 ids come sorted, under the shared hash table (hmap) once
 *                 they do not;
 *   csv_parse.c   the parser: libcsv, and the fast path that splits the
 *                 common line (no quote, no CR) itself, validating each row
 *                 into a batch;
 *   csv_stream.c  the stream: a reader thread that reads, hashes (SHA-256,
 *                 on whichever thread has time) and parses, handing batches
 *                 to the caller's thread; and the whole loads.
 *
 * Never included outside src/ingest. */
#ifndef CHIPGATE_INGEST_CSV_INT_H
#define CHIPGATE_INGEST_CSV_INT_H

#include <csv.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ingest/ingest.h"
#include "util/hmap.h"

#define MAX_ID_LEN 256
#define READ_CHUNK (1u << 20) /* bytes read at a time */
#define NOSTR UINT32_MAX

/* The columns with a meaning; any other column is an attribute. The
 * first R_NSTR are kept as strings (struct rowrec.str); the others are
 * parsed into the row as they are read. */
enum role { R_ID, R_MODEL, R_QUANTITY, R_SITE, R_PURPOSE, R_STATUS, R_ORDER, R_DESTINATION,
	    R_OWNER, R_TAGS, R_NSTR, R_ORDERED_ON = R_NSTR, R_WORKLOAD, R_NROLES,
	    R_ATTR = R_NROLES };

/* Grow big block *P of *CAP elements of SZ bytes (USED of them kept) to
 * hold NEED (see big_alloc). */
static inline void big_grow_n(void **p, size_t *cap, size_t used, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	/* from 64 KB, doubling: a huge page only once it is that big */
	size_t ncap = *cap ? *cap : (((size_t)64 << 10) + sz - 1) / sz;
	while (ncap < need)
		ncap *= 2;
	*p = big_grow(*p, used * sz, ncap * sz);
	*cap = ncap;
}

/* ---- the set of ids seen (csv_ids.c) ---------------------------------------
 * While ids arrive in strictly increasing order (exports sorted by id) no
 * id can repeat and no table is needed: they are kept front-coded, each
 * as the length of the prefix it shares with the one before (a byte, at
 * most 255) and the rest, NUL-terminated -- "srv-0000123" after
 * "srv-0000122" takes 3 bytes. The first id out of order expands them,
 * back to back with 32-bit offsets, under an hmap. Lines are kept as the
 * byte-sized step from the id before, larger steps in a side list: a line
 * is only wanted to name the first definition of a duplicate, and is then
 * found by one pass. A million sorted ids cost about 4 MB, unsorted about
 * 30 MB. */

struct idset {
	size_t n;
	bool unsorted; /* an id came out of order: the ids are expanded under tab */
	/* sorted: front-coded */
	char *fc;
	size_t fclen, fccap;
	char last[MAX_ID_LEN + 1];
	size_t lastlen;
	/* out of order: expanded, under a table */
	char *buf;
	size_t len, cap;
	uint32_t *off;
	size_t cape;
	struct hmap tab; /* hash of an id -> its entry */
	/* lines: steps of less than 255, else 255 and the line in far[] */
	uint8_t *step;
	size_t capstep;
	int *far;
	size_t nfar, capfar;
	int prev_line;
};

/* The first id out of order: expand the front-coded ids under a table.
 * Returns -1 when they outgrow 32-bit offsets. */
int idset_expand(struct idset *s);
/* The line entry E was first seen on. */
int idset_line(const struct idset *s, size_t e);
/* Record LINE as that of entry s->n, which is then counted. */
static inline void idset_note_line(struct idset *s, int line)
{
	big_grow_n((void **)&s->step, &s->capstep, s->n, s->n + 1, 1);
	int d = line - s->prev_line;
	if (d >= 0 && d < 255) {
		s->step[s->n] = (uint8_t)d;
	} else {
		s->step[s->n] = 255;
		XGROW(s->far, s->capfar, s->nfar + 1);
		s->far[s->nfar++] = line;
	}
	s->prev_line = line;
	s->n++;
}
/* Append ID (LEN bytes) to the expanded ids as entry s->n; -1 when they
 * outgrow 32-bit offsets. */
int idset_store(struct idset *s, const char *id, size_t len);
void idset_release(struct idset *s);

/* Add ID (LEN bytes, at most MAX_ID_LEN, NUL-terminated) first seen on
 * LINE. Returns 0, the line of the earlier definition when the id was seen
 * before, or -1 when the ids outgrow 32-bit offsets. Inline: it runs once
 * a row, and a call a row costs the fleet about 1% of its instructions. */
static inline __attribute__((always_inline)) int idset_add(struct idset *s, const char *id,
							   size_t len, int line)
{
	if (s->n + 1 >= UINT32_MAX)
		return -1;
	if (!s->unsorted) {
		/* still sorted? the shared prefix decides it too (found eight
		 * bytes at a time: ids of a fleet share most of theirs) */
		size_t pre = 0, max = len < s->lastlen ? len : s->lastlen;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		for (uint64_t x, y; pre + 8 <= max; pre += 8) {
			memcpy(&x, id + pre, 8);
			memcpy(&y, s->last + pre, 8);
			if (x != y) { /* the first differing byte: the lowest set one */
				pre += (size_t)__builtin_ctzll(x ^ y) / 8;
				break;
			}
		}
#endif
		while (pre < max && id[pre] == s->last[pre])
			pre++;
		bool greater = s->n == 0 ||
			       (pre < max ? (unsigned char)id[pre] > (unsigned char)s->last[pre]
					  : len > s->lastlen);
		if (greater) {
			if (pre > 255)
				pre = 255;
			size_t need = s->fclen + len - pre + 2;
			big_grow_n((void **)&s->fc, &s->fccap, s->fclen, need, 1);
			s->fc[s->fclen++] = (char)pre;
			memcpy(s->fc + s->fclen, id + pre, len - pre);
			s->fclen += len - pre;
			s->fc[s->fclen++] = '\0';
			memcpy(s->last, id, len);
			s->lastlen = len;
		} else if (idset_expand(s) != 0) {
			return -1;
		}
	}
	if (s->unsorted) {
		hmap_reserve(&s->tab, s->n + 1);
		struct hmap_probe p = hmap_probe(&s->tab, hash_mem(id, len));
		for (size_t e; (e = hmap_next(&s->tab, &p)) != HMAP_NONE;)
			if (strcmp(s->buf + s->off[e], id) == 0)
				return idset_line(s, e);
		if (idset_store(s, id, len) != 0)
			return -1;
		hmap_put(&s->tab, &p, s->n);
	}
	idset_note_line(s, line);
	return 0;
}

/* ---- batches of validated rows (csv_parse.c fills, csv_stream.c empties) ---
 * A row is kept as offsets into its batch's bytes, so a batch can grow and
 * move to another thread; the consumer turns it into a struct asset. */

struct rowrec {
	uint32_t str[R_NSTR]; /* byte offsets of the string fields; NOSTR: absent */
	uint64_t model_hash, site_hash; /* hash_mem of model and site (0: no site) */
	long long quantity;
	int line;
	cg_date ordered_on; /* with has_ordered_on */
	int8_t purpose, status, workload;
	bool has_ordered_on;
	uint32_t tags, ntags;   /* tag offsets at offs[tags .. tags + ntags) */
	uint32_t attrs, nattrs; /* (column, offset) pairs at offs[attrs ..) */
};

struct batch {
	struct rowrec *rows;
	size_t n, capr;
	/* the rows as assets, made by the reader when it hands the batch
	 * over (csv_stream.c), pointing into bytes */
	struct asset *assets;
	size_t capas;
	const char **tagv; /* the assets' tags, back to back */
	size_t captv;
	struct kv *attrv; /* their attributes, back to back */
	size_t capav;
	char *bytes;
	size_t len, capb;
	uint32_t *offs;
	size_t noffs, capo;
	struct batch *next;
};

void batch_free(struct batch *b);

/* ---- the parser (csv_parse.c) ------------------------------------------------ */

struct csvr {
	struct inventory *inv;
	struct diag *d;
	bool failed;
	bool have_header;
	/* header */
	size_t ncols;
	int *roles;        /* column -> enum role */
	const char **cols; /* column -> name (in inv's arena) */
	size_t *limit;     /* column -> longest value (field_limit) */
	size_t tag_limit;  /* of one tag (looked up once: a fleet has millions) */
	int role_col[R_NROLES];
	/* the row being read: its fields' bytes, NUL-separated, rowlen of
	 * them, are read in place at the end of the current batch (ROW), so
	 * that a valid row is kept without another copy */
	size_t rowlen;
	struct rfield {
		size_t off, len; /* in the row */
		int line;        /* the line it starts on */
	} *f;
	size_t nf, capf;
	size_t room; /* fields r->f takes before field_room decides again */
	size_t *attr_cols; /* the attribute columns, in order */
	size_t nattr_cols;
	int line;     /* line the next field starts on */
	int row_line; /* line the current row started on */
	size_t shed;    /* bytes of the field in libcsv's buffer dropped (shed_field) */
	int shed_lines; /* newlines among them */
	/* text checks: only rows touching a chunk with non-ASCII or NUL bytes */
	long chunk, dirty_chunk, row_chunk;
	int between_rows; /* libcsv's state between rows (see feed_lines) */
	uint32_t tagoff[64];
	/* the purposes' and statuses' names and lengths (csv_reader_init):
	 * a fleet's cells are told by length and bytes, not strcmp */
#define ENUM_NAMES_MAX ((int)PURPOSE_COUNT > (int)STATUS_COUNT ? (int)PURPOSE_COUNT : (int)STATUS_COUNT)
	struct enum_names {
		const char *s[ENUM_NAMES_MAX];
		size_t len[ENUM_NAMES_MAX];
		int n;
	} purposes, statuses;
	struct idset ids;
	/* where validated rows go */
	struct batch *cur;
	int (*flush)(struct csvr *r); /* hand r->cur over; 0, or -1 to stop */
	void *st;                     /* the flush's state */
};

/* Start reading an inventory into INV with libcsv's parser P (both
 * released with csv_reader_release); errors go to D. The caller sets
 * r->cur (an empty batch), r->flush and r->st before the first feed. */
void csv_reader_init(struct csvr *r, struct inventory *inv, struct diag *d, struct csv_parser *p);
void csv_reader_release(struct csvr *r, struct csv_parser *p);
/* Parse the next N bytes of the input: 0, or -1 with r->d set (and
 * r->failed) at the first bad row. */
int csv_feed(struct csvr *r, struct csv_parser *p, const char *buf, size_t n);
/* At the end of the input: the last row, and the last batch flushed.
 * 0, or -1 with r->d set. */
int csv_finish(struct csvr *r, struct csv_parser *p);

#endif
