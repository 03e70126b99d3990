/* route_seconds.c - one pass over the window's requests, in table order,
 * adding each answer to its (route, method, second) cell in a hash table;
 * then the cells into TEMP route_second. SQLite would sort a million rows
 * to group them (a second and some 16 MB at a million requests); the
 * cells are a few thousand. Sums keep SQL's NULL rules: a cell whose
 * durations (or statuses) were all NULL stores NULL. */
#include "detect/route_seconds.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/query.h"
#include "util/fingerprint.h"
#include "util/strvec.h"

struct cell {
	int used;
	int route, method;              /* indexes into names; -1: NULL */
	int64_t sec, n, slowest, failed;
	int has_slowest, has_failed;
};

struct seconds {
	struct strvec names;            /* the routes and methods seen */
	size_t *byname;                 /* owned: open addressing, names index + 1; 0 empty */
	size_t namecap;                 /* a power of two, over twice names.n */
	struct cell *cells;             /* owned: open addressing, a power of two */
	size_t ncells, cap;
	int failed;
	struct diag *err;
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static size_t *name_slot(size_t *byname, size_t cap, const struct strvec *names, const char *text)
{
	uint64_t h = fingerprint_update(FINGERPRINT_SEED, text, strlen(text));

	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!byname[i] || strcmp(names->v[byname[i] - 1], text) == 0)
			return &byname[i];
}

/* The index of a route or method name, hashed: a log whose paths did not
 * reduce to templates has as many routes as paths. -1 for NULL, -2 when
 * out of memory. */
static int name_of(struct seconds *s, const char *text)
{
	size_t *at;

	if (!text)
		return -1;
	if ((s->names.n + 1) * 2 > s->namecap) {
		size_t cap = s->namecap ? s->namecap * 2 : 64;
		size_t *byname = calloc(cap, sizeof(*byname));

		if (!byname)
			return -2;
		for (size_t i = 0; i < s->names.n; i++)
			*name_slot(byname, cap, &s->names, s->names.v[i]) = i + 1;
		free(s->byname);
		s->byname = byname;
		s->namecap = cap;
	}
	at = name_slot(s->byname, s->namecap, &s->names, text);
	if (!*at) {
		if (strvec_push(&s->names, text) < 0)
			return -2;
		*at = s->names.n;
	}
	return (int)(*at - 1);
}

static struct cell *slot(struct cell *cells, size_t cap, int route, int method, int64_t sec)
{
	uint64_t h = mix((uint64_t)sec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(route + 1) << 20 ^
			 (uint64_t)(method + 1));

	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct cell *c = &cells[i];

		if (!c->used || (c->route == route && c->method == method && c->sec == sec))
			return c;
	}
}

static int grow(struct seconds *s)
{
	size_t cap = s->cap ? s->cap * 2 : 4096;
	struct cell *cells = calloc(cap, sizeof(*cells));

	if (!cells)
		return -1;
	for (size_t i = 0; i < s->cap; i++)
		if (s->cells[i].used)
			*slot(cells, cap, s->cells[i].route, s->cells[i].method, s->cells[i].sec) =
				s->cells[i];
	free(s->cells);
	s->cells = cells;
	s->cap = cap;
	return 0;
}

static int add_answer(void *ctx, const struct store_row *row)
{
	struct seconds *s = ctx;
	int route = name_of(s, store_row_text(row, 0)), method = name_of(s, store_row_text(row, 1));
	struct cell *c;

	if (route < -1 || method < -1 || (s->ncells * 2 >= s->cap && grow(s) < 0)) {
		s->failed = diag_oom(s->err);
		return 1;
	}
	c = slot(s->cells, s->cap, route, method, store_row_int(row, 2));
	if (!c->used) {
		*c = (struct cell){ .used = 1, .route = route, .method = method,
				    .sec = store_row_int(row, 2) };
		s->ncells++;
	}
	c->n++;
	if (!store_row_is_null(row, 3) && (!c->has_slowest || store_row_int(row, 3) > c->slowest)) {
		c->slowest = store_row_int(row, 3);
		c->has_slowest = 1;
	}
	if (!store_row_is_null(row, 4)) {
		c->failed += store_row_int(row, 4);
		c->has_failed = 1;
	}
	return 0;
}

static int insert_cells(struct store *st, const struct seconds *s, struct diag *err)
{
	for (size_t i = 0; i < s->cap; i++) {
		const struct cell *c = &s->cells[i];
		struct store_arg a[6];

		if (!c->used)
			continue;
		a[0] = ARG_S(c->route < 0 ? NULL : s->names.v[c->route]);
		a[1] = ARG_S(c->method < 0 ? NULL : s->names.v[c->method]);
		a[2] = ARG_I(c->sec);
		a[3] = ARG_I(c->n);
		a[4] = c->has_slowest ? ARG_I(c->slowest) : ARG_S(NULL);
		a[5] = c->has_failed ? ARG_I(c->failed) : ARG_S(NULL);
		if (store_query(st, "detect/insert_route_second", a, 6, NULL, NULL, err) < 0)
			return -1;
	}
	return 0;
}

int route_seconds_build(struct store *st, struct diag *err)
{
	struct seconds s = { .err = err };
	int rc = -1;

	if (store_query(st, "detect/route_second_answers", NULL, 0, add_answer, &s, err) < 0 ||
	    s.failed || insert_cells(st, &s, err) < 0 || store_script(st, "detect/route_second_index", err) < 0)
		goto out;
	rc = 0;
out:
	strvec_release(&s.names);
	free(s.byname);
	free(s.cells);
	return rc;
}
