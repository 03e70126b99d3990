/* path_sweep.c - one pass through time over the events and the requests
 * together. The requests whose start the current event's range holds are
 * kept in a ring in order of start; each one's method and path are a
 * 64-bit fingerprint, and the newest request of each fingerprint heads a
 * chain back through the older ones. An event looks its fingerprint up and
 * walks the chain, newest first, until two requests fit: the requests
 * still in flight come first, so on a busy path two settle it at once.
 * As the event's time moves on, requests that started before its range
 * leave the ring, and a fingerprint with none left leaves the table: the
 * memory is that of the requests one range holds. (A false match needs
 * two method + path pairs of one range with one fingerprint, about 1 in
 * 10^13 for a million: as the request-id join, which rests on them too.) */
#include "correlate/path_sweep.h"

#include <stdlib.h>

#include "util/fingerprint.h"
#include "util/profile.h"

struct entry {
	int64_t start, end, id;
	uint64_t key;
	int64_t older;          /* the seq of its key's previous request; below head: none */
};

struct ring {
	struct entry *e;        /* owned: seq s at e[s & (cap - 1)] */
	size_t cap;             /* a power of two */
	int64_t head, tail;     /* seqs held: [head, tail) */
};

struct slot {
	uint64_t key;
	int64_t newest;         /* seq; -1: an empty slot */
};

struct table {
	struct slot *s;         /* owned: open addressing, linear probing */
	size_t cap, n;          /* cap a power of two, over twice n */
};

struct sweep {
	struct ring r;
	struct table t;
	struct store_cursor *reqs;
	const struct store_row *next;   /* the first request not in the ring yet */
	int failed;
	struct diag *err;
};

static uint64_t key_of(const char *method, size_t mlen, const char *path, size_t plen)
{
	uint64_t n = mlen, h = fingerprint_update(FINGERPRINT_SEED, &n, sizeof(n));

	return fingerprint_update(fingerprint_update(h, method, mlen), path, plen);
}

static size_t home(const struct table *t, uint64_t key)
{
	return (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (t->cap - 1);
}

static struct slot *find(const struct table *t, uint64_t key)
{
	if (!t->cap)
		return NULL;
	for (size_t i = home(t, key);; i = (i + 1) & (t->cap - 1)) {
		if (t->s[i].newest < 0)
			return NULL;
		if (t->s[i].key == key)
			return &t->s[i];
	}
}

static int grow_table(struct table *t)
{
	struct table bigger = { .cap = t->cap ? t->cap * 2 : 1024, .n = t->n };

	if (!(bigger.s = malloc(bigger.cap * sizeof(*bigger.s))))
		return -1;
	for (size_t i = 0; i < bigger.cap; i++)
		bigger.s[i].newest = -1;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (t->s[i].newest < 0)
			continue;
		for (j = home(&bigger, t->s[i].key); bigger.s[j].newest >= 0; j = (j + 1) & (bigger.cap - 1))
			;
		bigger.s[j] = t->s[i];
	}
	free(t->s);
	*t = bigger;
	return 0;
}

/* key's newest request is now seq (its slot made on first sight) */
static int put(struct table *t, uint64_t key, int64_t seq)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap && grow_table(t) < 0)
		return -1;
	for (i = home(t, key); t->s[i].newest >= 0 && t->s[i].key != key; i = (i + 1) & (t->cap - 1))
		;
	if (t->s[i].newest < 0)
		t->n++;
	t->s[i] = (struct slot){ key, seq };
	return 0;
}

/* Empties slot s, moving later ones of its probe run back into the gap. */
static void take_out(struct table *t, struct slot *s)
{
	size_t mask = t->cap - 1, i = (size_t)(s - t->s), j = i;

	for (;;) {
		j = (j + 1) & mask;
		if (t->s[j].newest < 0)
			break;
		size_t k = home(t, t->s[j].key);

		/* j's entry may fill i unless its home lies cyclically in (i, j] */
		if ((i <= j) ? (k <= i || k > j) : (k <= i && k > j)) {
			t->s[i] = t->s[j];
			i = j;
		}
	}
	t->s[i].newest = -1;
	t->n--;
}

static struct entry *at(const struct ring *r, int64_t seq)
{
	return &r->e[(size_t)seq & (r->cap - 1)];
}

static int push(struct ring *r, const struct entry *e)
{
	if ((size_t)(r->tail - r->head) == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4096;
		struct entry *n = malloc(cap * sizeof(*n));

		if (!n)
			return -1;
		for (int64_t s = r->head; s < r->tail; s++)
			n[(size_t)s & (cap - 1)] = *at(r, s);
		free(r->e);
		r->e = n;
		r->cap = cap;
	}
	*at(r, r->tail++) = *e;
	return 0;
}

/* The requests that start up to hi join the ring. */
static int admit(struct sweep *w, int64_t hi)
{
	while (w->next && store_row_int(w->next, 3) <= hi) {
		const struct store_row *q = w->next;
		struct entry e = { store_row_int(q, 3), store_row_int(q, 4), store_row_int(q, 0),
				   key_of(store_row_text(q, 1), store_row_bytes(q, 1),
					  store_row_text(q, 2), store_row_bytes(q, 2)), -1 };
		struct slot *s = find(&w->t, e.key);

		if (s)
			e.older = s->newest;
		if (push(&w->r, &e) < 0 || put(&w->t, e.key, w->r.tail - 1) < 0)
			return diag_oom(w->err);
		w->next = store_cursor_next(w->reqs, &w->failed, w->err);
	}
	return w->failed ? -1 : 0;
}

/* The requests that start before lo leave it. */
static void retire(struct sweep *w, int64_t lo)
{
	while (w->r.head < w->r.tail && at(&w->r, w->r.head)->start < lo) {
		struct slot *s = find(&w->t, at(&w->r, w->r.head)->key);

		if (s && s->newest == w->r.head)
			take_out(&w->t, s);
		w->r.head++;
	}
}

/* The one request of key that fits, or NULL for none or several. */
static const struct entry *only_fit(const struct sweep *w, uint64_t key, int has_end,
				    int64_t end_min)
{
	const struct slot *s = find(&w->t, key);
	const struct entry *one = NULL;

	for (int64_t q = s ? s->newest : -1; q >= w->r.head; q = at(&w->r, q)->older) {
		const struct entry *e = at(&w->r, q);

		if (has_end && e->end < end_min)
			continue;
		if (one)
			return NULL;
		one = e;
	}
	return one;
}

int path_sweep(struct store *st, const char *events, const struct store_arg *args, int nargs,
	       const char *requests, const struct path_fit *fit,
	       int (*each)(void *ctx, const struct path_match *m), void *ctx, struct diag *err)
{
	struct sweep w = { .err = err };
	struct store_cursor *ev = NULL;
	const struct store_row *row;
	int64_t last = INT64_MIN;
	double t0 = profile_start();
	int rc = -1;

	if (store_cursor_open(st, requests, NULL, 0, &w.reqs, err) < 0 ||
	    store_cursor_open(st, events, args, nargs, &ev, err) < 0)
		goto out;
	w.next = store_cursor_next(w.reqs, &w.failed, err);
	while ((row = store_cursor_next(ev, &w.failed, err))) {
		int64_t ts = store_row_int(row, 1);
		const struct entry *e;

		if (ts < last) {
			diag_set_class(err, DIAG_INTERNAL, "%s: events out of time order", events);
			goto out;
		}
		last = ts;
		if (admit(&w, ts + fit->hi) < 0)
			goto out;
		retire(&w, ts + fit->lo);
		e = only_fit(&w, key_of(store_row_text(row, 2), store_row_bytes(row, 2),
					store_row_text(row, 3), store_row_bytes(row, 3)),
			     fit->has_end, ts + fit->end_min);
		if (e && each(ctx, &(struct path_match){ store_row_int(row, 0), ts, e->id, e->start,
							 e->end })) {
			diag_oom(err);
			goto out;
		}
	}
	rc = w.failed ? -1 : 0;
out:
	store_cursor_close(ev);
	store_cursor_close(w.reqs);
	free(w.r.e);
	free(w.t.s);
	profile_end(t0, events);
	return rc;
}
