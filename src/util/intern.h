/* intern.h - strings -> dense indexes 0, 1, 2, ... in order of first sight,
 * by hash (a log can hold millions of distinct paths or clients), and a map
 * of 64-bit keys to 64-bit values for counting pairs of such indexes.
 * Leaves: they know nothing of the project. */
#ifndef ANALYZE_INTERN_H
#define ANALYZE_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "util/strvec.h"

struct intern {
	struct strvec names;    /* names.v[i] is the string of index i */
	size_t *slots;          /* owned: open addressing, index + 1; 0 empty */
	size_t cap;             /* a power of two, over twice names.n */
};

/* The index of s (copied in on first sight); -1 when out of memory. */
int64_t intern_get(struct intern *t, const char *s);
/* The index of s, or -1 when it was never seen. */
int64_t intern_find(const struct intern *t, const char *s);
void intern_release(struct intern *t);

struct u64map {
	struct u64map_slot {
		uint64_t key;
		int64_t value;
		int used;
	} *slots;               /* owned: open addressing, a power of two */
	size_t n, cap;
};

/* The value slot of key, made 0 on first sight; NULL when out of memory. */
int64_t *u64map_at(struct u64map *m, uint64_t key);
/* The value slot of key, or NULL when it was never set. */
const int64_t *u64map_find(const struct u64map *m, uint64_t key);
void u64map_release(struct u64map *m);

#endif
