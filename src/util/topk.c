/* topk.c - Space-Saving counters, searched by fingerprint. */
#include "util/topk.h"

#include <stdlib.h>
#include <string.h>

#include "util/fingerprint.h"

int topk_init(struct topk *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	t->c = calloc(cap, sizeof(*t->c));
	t->cap = t->c ? cap : 0;
	return t->c ? 0 : -1;
}

int topk_add(struct topk *t, const char *value)
{
	uint64_t fp = fingerprint_update(FINGERPRINT_SEED, value, strlen(value));
	struct topk_counter *min = NULL;
	char *copy;

	for (size_t i = 0; i < t->used; i++) {
		struct topk_counter *c = &t->c[i];

		if (c->fp == fp && strcmp(c->value, value) == 0) {
			c->n++;
			return 0;
		}
		if (!min || c->n < min->n)
			min = c;
	}
	if (!(copy = strdup(value)))
		return -1;
	if (t->used < t->cap) {
		t->c[t->used++] = (struct topk_counter){ fp, copy, 1 };
		return 0;
	}
	if (!min) {             /* cap 0 */
		free(copy);
		return 0;
	}
	free(min->value);
	*min = (struct topk_counter){ fp, copy, min->n + 1 };
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
	memset(t, 0, sizeof(*t));
}
