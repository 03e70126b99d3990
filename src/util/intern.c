/* intern.c - string interning and a 64-bit key map, both open addressing
 * with linear probing, doubled before they pass half full. */
#include "util/intern.h"

#include <stdlib.h>
#include <string.h>

#include "util/fingerprint.h"

static size_t *intern_slot(size_t *slots, size_t cap, const struct strvec *names, const char *s)
{
	size_t i = fingerprint_update(FINGERPRINT_SEED, s, strlen(s)) & (cap - 1);

	while (slots[i] && strcmp(names->v[slots[i] - 1], s) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

int64_t intern_get(struct intern *t, const char *s)
{
	size_t *at;

	if ((t->names.n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		size_t *slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return -1;
		for (size_t i = 0; i < t->names.n; i++)
			*intern_slot(slots, cap, &t->names, t->names.v[i]) = i + 1;
		free(t->slots);
		t->slots = slots;
		t->cap = cap;
	}
	at = intern_slot(t->slots, t->cap, &t->names, s);
	if (!*at) {
		if (strvec_push(&t->names, s) < 0)
			return -1;
		*at = t->names.n;
	}
	return (int64_t)*at - 1;
}

int64_t intern_find(const struct intern *t, const char *s)
{
	size_t at;

	if (!t->cap)
		return -1;
	at = *intern_slot(t->slots, t->cap, &t->names, s);
	return at ? (int64_t)at - 1 : -1;
}

void intern_release(struct intern *t)
{
	strvec_release(&t->names);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static struct u64map_slot *map_slot(struct u64map_slot *slots, size_t cap, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h ^ h >> 29) & (cap - 1);

	while (slots[i].used && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

int64_t *u64map_at(struct u64map *m, uint64_t key)
{
	struct u64map_slot *at;

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct u64map_slot *slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return NULL;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].used)
				*map_slot(slots, cap, m->slots[i].key) = m->slots[i];
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	at = map_slot(m->slots, m->cap, key);
	if (!at->used) {
		*at = (struct u64map_slot){ .key = key, .used = 1 };
		m->n++;
	}
	return &at->value;
}

const int64_t *u64map_find(const struct u64map *m, uint64_t key)
{
	const struct u64map_slot *at;

	if (!m->cap)
		return NULL;
	at = map_slot(m->slots, m->cap, key);
	return at->used ? &at->value : NULL;
}

void u64map_release(struct u64map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
