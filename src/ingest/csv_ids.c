/* The set of ids a CSV inventory has shown so far, to refuse a duplicate
 * with the line of its first definition (see csv_int.h for the layout):
 * the slow paths of idset_add, which is inline in the parser. Memory
 * grows with the ids, never with the rest of a row; must never hold more
 * than 32-bit offsets can name (callers get -1 and report it). */
#include "ingest/csv_int.h"

#include <stdlib.h>
#include <string.h>

int idset_store(struct idset *s, const char *id, size_t len)
{
	if (s->len + len + 1 > UINT32_MAX)
		return -1;
	big_grow_n((void **)&s->buf, &s->cap, s->len, s->len + len + 1, 1);
	big_grow_n((void **)&s->off, &s->cape, s->n, s->n + 1, sizeof(*s->off));
	memcpy(s->buf + s->len, id, len);
	s->buf[s->len + len] = '\0';
	s->off[s->n] = (uint32_t)s->len;
	s->len += len + 1;
	return 0;
}

int idset_expand(struct idset *s)
{
	char cur[MAX_ID_LEN + 1];
	size_t pos = 0;
	for (size_t e = 0; e < s->n; e++) {
		size_t pre = (unsigned char)s->fc[pos++];
		size_t rest = strlen(s->fc + pos), len = pre + rest;
		memcpy(cur + pre, s->fc + pos, rest + 1);
		pos += rest + 1;
		if (s->len + len + 1 > UINT32_MAX)
			return -1;
		big_grow_n((void **)&s->buf, &s->cap, s->len, s->len + len + 1, 1);
		big_grow_n((void **)&s->off, &s->cape, e, e + 1, sizeof(*s->off));
		memcpy(s->buf + s->len, cur, len + 1);
		s->off[e] = (uint32_t)s->len;
		s->len += len + 1;
	}
	big_free(s->fc, s->fccap);
	s->fc = NULL;
	s->fclen = s->fccap = 0;
	/* every id is distinct (they came sorted): no lookup before adding */
	hmap_reserve(&s->tab, s->n + 1);
	for (size_t e = 0; e < s->n; e++) {
		const char *id = s->buf + s->off[e];
		hmap_add(&s->tab, hash_mem(id, strlen(id)), e);
	}
	s->unsorted = true;
	return 0;
}

int idset_line(const struct idset *s, size_t e)
{
	int line = 0;
	size_t k = 0;
	for (size_t i = 0; i <= e; i++)
		line = s->step[i] < 255 ? line + s->step[i] : s->far[k++];
	return line;
}

void idset_release(struct idset *s)
{
	big_free(s->fc, s->fccap);
	big_free(s->buf, s->cap);
	big_free(s->off, s->cape * sizeof(*s->off));
	hmap_release(&s->tab);
	big_free(s->step, s->capstep);
	free(s->far);
	memset(s, 0, sizeof(*s));
}
