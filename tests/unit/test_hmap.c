/* Unit tests for src/util/hmap: lookups by text and by address, growth
 * (every entry still found, never more than 2/3 full), colliding hashes,
 * backward-shift deletion checked against a plain array after every step
 * (runs that wrap past the last slot included), clear, set and add. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"
#include "util/util.h"

/* A set of names: the entries in an array, the index in M. */
struct names {
	struct hmap m;
	char **v;
	uint64_t *h; /* each name's hash, so tests can force collisions */
	size_t n, cap;
};

static size_t names_find(const struct names *s, const char *name, uint64_t h,
			 struct hmap_probe *out)
{
	struct hmap_probe p = hmap_probe(&s->m, h);
	for (size_t i; (i = hmap_next(&s->m, &p)) != HMAP_NONE;)
		if (strcmp(s->v[i], name) == 0) {
			if (out)
				*out = p;
			return i;
		}
	if (out)
		*out = p;
	return HMAP_NONE;
}

/* Add NAME under hash H unless it is there; its index either way. */
static size_t names_add(struct names *s, const char *name, uint64_t h)
{
	hmap_reserve(&s->m, s->n + 1);
	struct hmap_probe p;
	size_t i = names_find(s, name, h, &p);
	if (i != HMAP_NONE)
		return i;
	XGROW(s->v, s->cap, s->n + 1);
	s->h = xrealloc(s->h, s->cap * sizeof(*s->h));
	s->v[s->n] = xstrdup(name);
	s->h[s->n] = h;
	hmap_put(&s->m, &p, s->n);
	return s->n++;
}

/* Remove NAME: the last entry takes its place in the array. */
static bool names_del(struct names *s, const char *name, uint64_t h)
{
	struct hmap_probe p;
	size_t i = names_find(s, name, h, &p);
	if (i == HMAP_NONE)
		return false;
	hmap_remove(&s->m, &p);
	free(s->v[i]);
	size_t last = s->n - 1;
	if (i != last) {
		struct hmap_probe q;
		size_t j = names_find(s, s->v[last], s->h[last], &q);
		assert_int_equal(j, last);
		hmap_set(&s->m, &q, i);
		s->v[i] = s->v[last];
		s->h[i] = s->h[last];
	}
	s->n--;
	return true;
}

static void names_free(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->h);
	hmap_release(&s->m);
	memset(s, 0, sizeof(*s));
}

static uint64_t text_hash(const char *s)
{
	return hash_mem(s, strlen(s));
}

/* Every entry of S is found at its index, and nothing else is in M. */
static void check_all(const struct names *s)
{
	assert_int_equal(s->m.n, s->n);
	for (size_t i = 0; i < s->n; i++)
		assert_int_equal(names_find(s, s->v[i], s->h[i], NULL), i);
	size_t used = 0;
	for (size_t k = 0; k < s->m.cap; k++)
		used += s->m.slot[k].idx != 0;
	assert_int_equal(used, s->n);
}

static void test_empty(void **state)
{
	(void)state;
	struct hmap m = HMAP_INIT;
	struct hmap_probe p = hmap_probe(&m, 42);
	assert_int_equal(hmap_next(&m, &p), HMAP_NONE);
	hmap_clear(&m);
	hmap_release(&m);
	assert_null(m.slot);
}

static void test_growth(void **state)
{
	(void)state;
	struct names s = {HMAP_INIT, NULL, NULL, 0, 0};
	char name[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "srv-%07d", i);
		assert_int_equal(names_add(&s, name, text_hash(name)), (size_t)i);
		/* a power of two, never more than 2/3 full */
		assert_int_equal(s.m.cap & (s.m.cap - 1), 0);
		assert_true(s.m.n * 3 <= s.m.cap * 2);
	}
	check_all(&s);
	/* adding again finds the first */
	assert_int_equal(names_add(&s, "srv-0012345", text_hash("srv-0012345")), 12345);
	assert_int_equal(s.n, 20000);
	assert_int_equal(names_find(&s, "srv-0020000", text_hash("srv-0020000"), NULL), HMAP_NONE);
	names_free(&s);
}

/* Every key under one hash: the lookup walks all of them, and the
 * caller's compare tells them apart. */
static void test_collisions(void **state)
{
	(void)state;
	struct names s = {HMAP_INIT, NULL, NULL, 0, 0};
	char name[32];
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		assert_int_equal(names_add(&s, name, 7), (size_t)i);
	}
	check_all(&s);
	struct hmap_probe p = hmap_probe(&s.m, 7);
	size_t seen = 0;
	while (hmap_next(&s.m, &p) != HMAP_NONE)
		seen++;
	assert_int_equal(seen, 200);
	/* a hash that differs in its low 32 bits only is another key */
	p = hmap_probe(&s.m, 8);
	while (hmap_next(&s.m, &p) != HMAP_NONE)
		fail_msg("a slot of hash 7 offered for hash 8");
	names_free(&s);
}

static void test_by_address(void **state)
{
	(void)state;
	static int objs[1000];
	const int *keys[1000];
	struct hmap m = HMAP_INIT;
	for (size_t i = 0; i < 1000; i++) {
		keys[i] = &objs[i];
		hmap_add(&m, hmap_hash_ptr(keys[i]), i);
	}
	for (size_t i = 0; i < 1000; i++) {
		struct hmap_probe p = hmap_probe(&m, hmap_hash_ptr(&objs[i]));
		size_t k, found = HMAP_NONE;
		while ((k = hmap_next(&m, &p)) != HMAP_NONE)
			if (keys[k] == &objs[i])
				found = k;
		assert_int_equal(found, i);
	}
	hmap_release(&m);
}

/* A small xorshift: the same sequence on every machine. */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Random adds and removes against a plain array, with few distinct
 * hashes so that runs are long and cross each other, and hashes whose
 * home is the last slots so that runs wrap to the first. */
static void test_remove_random(void **state)
{
	(void)state;
	struct names s = {HMAP_INIT, NULL, NULL, 0, 0};
	bool in[400] = {false};
	uint64_t x = 88172645463325252ULL;
	char name[32];
	for (int step = 0; step < 20000; step++) {
		int k = (int)(rnd(&x) % 400);
		snprintf(name, sizeof(name), "n%d", k);
		/* homes spread over few slots, many at the end of a 16..1024-slot table */
		uint64_t h = (uint64_t)(k % 13) * 0x40000000ULL + (uint64_t)(k % 5 == 0 ? 1023 : k % 31);
		if (rnd(&x) % 3 == 0) {
			assert_int_equal(names_del(&s, name, h), in[k]);
			in[k] = false;
		} else {
			names_add(&s, name, h);
			in[k] = true;
		}
		if (step % 97 == 0)
			check_all(&s);
	}
	check_all(&s);
	for (int k = 0; k < 400; k++) {
		snprintf(name, sizeof(name), "n%d", k);
		uint64_t h = (uint64_t)(k % 13) * 0x40000000ULL + (uint64_t)(k % 5 == 0 ? 1023 : k % 31);
		assert_int_equal(names_find(&s, name, h, NULL) != HMAP_NONE, in[k]);
	}
	names_free(&s);
}

/* A run that wraps: its members' homes are the last slot, removing the
 * first pulls the wrapped ones back. */
static void test_remove_wrap(void **state)
{
	(void)state;
	struct names s = {HMAP_INIT, NULL, NULL, 0, 0};
	hmap_reserve(&s.m, 4); /* 16 slots */
	assert_int_equal(s.m.cap, 16);
	names_add(&s, "a", 15);
	names_add(&s, "b", 15);
	names_add(&s, "c", 15);
	names_add(&s, "d", 0);
	assert_int_equal(s.m.slot[15].idx, 1);
	assert_int_equal(s.m.slot[0].idx, 2);
	assert_int_equal(s.m.slot[1].idx, 3);
	assert_int_equal(s.m.slot[2].idx, 4);
	assert_true(names_del(&s, "a", 15));
	check_all(&s);
	/* b and c moved back into slots 15 and 0; d (home 0) into slot 1 */
	assert_int_not_equal(s.m.slot[15].idx, 0);
	assert_int_not_equal(s.m.slot[1].idx, 0);
	assert_int_equal(s.m.slot[2].idx, 0);
	assert_false(names_del(&s, "a", 15));
	assert_true(names_del(&s, "d", 0));
	check_all(&s);
	names_free(&s);
}

static void test_clear(void **state)
{
	(void)state;
	struct names s = {HMAP_INIT, NULL, NULL, 0, 0};
	names_add(&s, "x", text_hash("x"));
	size_t cap = s.m.cap;
	hmap_clear(&s.m);
	assert_int_equal(s.m.n, 0);
	assert_int_equal(s.m.cap, cap);
	assert_int_equal(names_find(&s, "x", text_hash("x"), NULL), HMAP_NONE);
	names_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_collisions),	cmocka_unit_test(test_by_address),
		cmocka_unit_test(test_remove_random), cmocka_unit_test(test_remove_wrap),
		cmocka_unit_test(test_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
