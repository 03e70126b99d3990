/* topk.c - Space-Saving counters, found through a hash of their fingerprints. */
#include "util/topk.h"

#include <stdlib.h>
#include <string.h>

#include "util/fingerprint.h"

int topk_init(struct topk *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	t->nslots = 2;
	while (t->nslots < 2 * cap)
		t->nslots *= 2;
	t->c = calloc(cap ? cap : 1, sizeof(*t->c));
	t->slot = calloc(t->nslots, sizeof(*t->slot));
	if (!t->c || !t->slot) {
		free(t->c);
		free(t->slot);
		memset(t, 0, sizeof(*t));
		return -1;
	}
	t->cap = cap;
	return 0;
}

/* The slot of fingerprint fp's value, or the empty slot where it would go. */
static size_t find(const struct topk *t, uint64_t fp, const char *value)
{
	size_t mask = t->nslots - 1, i = (size_t)fp & mask;

	for (; t->slot[i]; i = (i + 1) & mask) {
		const struct topk_counter *c = &t->c[t->slot[i] - 1];

		if (c->fp == fp && strcmp(c->value, value) == 0)
			break;
	}
	return i;
}

/* Empties slot i, moving later entries of its run back (no tombstones). */
static void unslot(struct topk *t, size_t i)
{
	size_t mask = t->nslots - 1, j = i;

	t->slot[i] = 0;
	for (j = (j + 1) & mask; t->slot[j]; j = (j + 1) & mask) {
		size_t home = (size_t)t->c[t->slot[j] - 1].fp & mask;

		/* j's entry may move to i when its home is not in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			t->slot[i] = t->slot[j];
			t->slot[j] = 0;
			i = j;
		}
	}
}

/* The first counter with the smallest count. */
static struct topk_counter *smallest(struct topk *t)
{
	for (;;) {
		for (; t->min_from < t->used; t->min_from++)
			if (t->c[t->min_from].n == t->min_n)
				return &t->c[t->min_from];
		/* none left at min_n: the next smallest, from the start */
		t->min_n = INT64_MAX;
		for (size_t i = 0; i < t->used; i++)
			if (t->c[i].n < t->min_n)
				t->min_n = t->c[i].n;
		t->min_from = 0;
	}
}

int topk_add(struct topk *t, const char *value)
{
	uint64_t fp = fingerprint_update(FINGERPRINT_SEED, value, strlen(value));
	struct topk_counter *min;
	size_t i = find(t, fp, value);
	char *copy;

	if (t->slot[i]) {
		t->c[t->slot[i] - 1].n++;
		return 0;
	}
	if (t->cap == 0)
		return 0;
	if (!(copy = strdup(value)))
		return -1;
	if (t->used < t->cap) {
		t->c[t->used] = (struct topk_counter){ fp, copy, 1 };
		t->slot[i] = (uint32_t)++t->used;
		if (t->used == t->cap) {        /* from now on values take over counters */
			t->min_n = 1;
			t->min_from = 0;
		}
		return 0;
	}
	min = smallest(t);
	unslot(t, find(t, min->fp, min->value));
	free(min->value);
	*min = (struct topk_counter){ fp, copy, min->n + 1 };
	t->slot[find(t, fp, copy)] = (uint32_t)(min - t->c) + 1;
	t->taken_over = 1;
	return 0;
}

static int better(const struct topk_counter *a, const struct topk_counter *b)
{
	return a->n != b->n ? a->n > b->n : strcmp(a->value, b->value) < 0;
}

size_t topk_best(const struct topk *t, const struct topk_counter **out, size_t k)
{
	size_t n = 0;

	for (size_t i = 0; i < t->used; i++) {
		size_t j = n < k ? n++ : k;

		if (j == k && !better(&t->c[i], out[k - 1]))
			continue;
		if (j == k)
			j = k - 1;
		while (j > 0 && better(&t->c[i], out[j - 1])) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = &t->c[i];
	}
	return n;
}

void topk_release(struct topk *t)
{
	for (size_t i = 0; i < t->used; i++)
		free(t->c[i].value);
	free(t->c);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
