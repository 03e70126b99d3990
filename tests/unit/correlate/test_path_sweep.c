/* test_path_sweep.c - the path + time sweep (correlate/path_sweep.c)
 * against the rule itself, counted by brute force over the same generated
 * requests and events: an event is matched iff exactly one request of its
 * method and path starts within [ts + lo, ts + hi] (and, with an end
 * bound, ends at or after ts + end_min), and then to that one. Busy and
 * sparse paths, a thousand of them (the table grows, fingerprints leave
 * it as their requests leave the ring), ranges inclusive at both ends.
 * Real SQLite file, the report's own SQL for both sides. */
#include "cmocka_include.h"
#include "db_file.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "correlate/correlate.h"
#include "correlate/path_sweep.h"
#include "record/record.h"
#include "store/query.h"
#include "store/store.h"

#define NREQ 3000
#define NEV 4000
#define SPAN_US INT64_C(60000000)
#define T0 INT64_C(1700000000000000)

struct req {
	int64_t start, end;
	int method, path;
};

struct ev {
	int64_t ts;
	int method, path;
};

static struct req reqs[NREQ + 1];       /* by id, from 1 */
static struct ev evs[NEV + 1];
static int64_t matched[NEV + 1];        /* the sweep's request per event, 0: none */

static const char *const methods[] = { "GET", "POST", "PUT" };

static uint64_t rnd_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void run(sqlite3 *h, const char *sql)
{
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* npaths paths; path 0 busy, the rest shared out evenly */
static void generate(const char *db, int npaths, int64_t max_dur)
{
	char sql[256];
	sqlite3 *h;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	run(h, "INSERT INTO source (path, format, head_hash, bytes, lines, tail_hash, tail_len,"
		 " first_ingest_us, last_ingest_us) VALUES ('a.log', 'caddy', 1, 0, 0, 0, 0, 0, 0);"
		 "INSERT INTO text_value (id, value) VALUES (1, 'GET'), (2, 'POST'), (3, 'PUT');"
		 "BEGIN");

	for (int i = 1; i <= NREQ; i++) {
		struct req *r = &reqs[i];

		r->start = T0 + (int64_t)(rnd() % (uint64_t)SPAN_US);
		/* whole milliseconds now and then: ties at the range's ends */
		if (i % 7 == 0)
			r->start -= r->start % 1000;
		r->end = r->start + (int64_t)(rnd() % (uint64_t)max_dur);
		r->method = (int)(rnd() % 3);
		r->path = rnd() % 4 == 0 ? 0 : 1 + (int)(rnd() % (uint64_t)(npaths - 1));
		snprintf(sql, sizeof(sql),
			 "INSERT INTO request (id, source_id, line, start_us, end_us, method_id, uri)"
			 " VALUES (%d, 1, %d, %lld, %lld, %d, '/p/%d?q=1')", i, i, (long long)r->start,
			 (long long)r->end, r->method + 1, r->path);
		run(h, sql);
	}
	for (int i = 1; i <= NEV; i++) {
		struct ev *e = &evs[i];

		e->method = (int)(rnd() % 3);
		e->path = rnd() % 4 == 0 ? 0 : 1 + (int)(rnd() % (uint64_t)(npaths - 1));
		/* half of them exactly at a request's start or end, on its path */
		if (i % 2) {
			e->ts = T0 + (int64_t)(rnd() % (uint64_t)SPAN_US);
		} else {
			const struct req *r = &reqs[1 + rnd() % NREQ];

			e->ts = i % 4 ? r->start : r->end;
			e->method = r->method;
			e->path = r->path;
		}
		snprintf(sql, sizeof(sql),
			 "INSERT INTO event (id, source_id, line, ts_us, fields_json, method, uri)"
			 " VALUES (%d, 1, %d, %lld, '{}', '%s', '/p/%d')", i, i, (long long)e->ts,
			 methods[e->method], e->path);
		run(h, sql);
	}
	run(h, "COMMIT");
	sqlite3_close(h);
}

static int on_match(void *ctx, const struct path_match *m)
{
	(void)ctx;
	assert_true(m->event_id >= 1 && m->event_id <= NEV);
	assert_int_equal(matched[m->event_id], 0);
	matched[m->event_id] = m->request_id;
	assert_int_equal(m->ts_us, evs[m->event_id].ts);
	assert_int_equal(m->start_us, reqs[m->request_id].start);
	assert_int_equal(m->end_us, reqs[m->request_id].end);
	return 0;
}

/* The rule, by brute force: how many events it matches. */
static int check_against_rule(const struct path_fit *fit)
{
	int found = 0;

	for (int i = 1; i <= NEV; i++) {
		const struct ev *e = &evs[i];
		int64_t one = 0;
		int n = 0;

		for (int j = 1; j <= NREQ; j++) {
			const struct req *r = &reqs[j];

			if (r->method != e->method || r->path != e->path ||
			    r->start < e->ts + fit->lo || r->start > e->ts + fit->hi ||
			    (fit->has_end && r->end < e->ts + fit->end_min))
				continue;
			n++;
			one = j;
		}
		assert_int_equal(matched[i], n == 1 ? one : 0);
		found += n == 1;
	}
	return found;
}

static struct store *prepared(const char *db, int npaths, int64_t max_dur)
{
	struct store *st = NULL;
	struct diag err = DIAG_INIT;
	struct store_arg all[2] = { ARG_S(NULL), ARG_S(NULL) };

	assert_int_equal(store_open(&st, db, &err), 0);
	generate(db, npaths, max_dur);
	assert_int_equal(store_build_indexes(st, &err), 0);
	assert_int_equal(store_scratch_attach(&st, 1, &err), 0);
	assert_int_equal(store_script(st, "correlate/setup", &err), 0);
	assert_int_equal(store_query(st, "correlate/window_event", all, 2, NULL, NULL, &err), 0);
	assert_int_equal(correlate_window_build(st, RECORD_NONE, RECORD_NONE, "", &err), 0);
	return st;
}

static void sweep(struct store *st, const struct path_fit *fit)
{
	struct store_arg prefix = ARG_S("");
	struct diag err = DIAG_INIT;

	for (int i = 0; i <= NEV; i++)
		matched[i] = 0;
	assert_int_equal(path_sweep(st, "correlate/path_pairs", &prefix, 1, "correlate/sweep_requests",
				    fit, on_match, NULL, &err), 0);
}

static void test_busy_paths_with_an_end_bound(void **state)
{
	const char *db = path_of("busy.db");
	struct store *st = prepared(db, 12, 3000000);
	struct path_fit fit = { -2500000, 1000000, 1, -500000 };
	int found;

	(void)state;
	sweep(st, &fit);
	found = check_against_rule(&fit);
	assert_true(found > 50);        /* the rule matched many, and so did the sweep */
	assert_true(found < NEV / 2);   /* and left many alone */
	store_free(st);
}

static void test_a_thousand_sparse_paths_without_an_end_bound(void **state)
{
	const char *db = path_of("sparse.db");
	struct store *st = prepared(db, 1000, 500000);
	struct path_fit fit = { -1500000, 1500000, 0, 0 };
	int found;

	(void)state;
	sweep(st, &fit);
	found = check_against_rule(&fit);
	assert_true(found > NEV / 4);
	store_free(st);
}

/* a request that starts at the very event, or ends at it */
static void test_ranges_hold_their_ends(void **state)
{
	const char *db = path_of("ends.db");
	struct store *st = prepared(db, 1000, 500000);
	struct path_fit starts = { 0, 0, 1, 0 }, ends = { -500000, 0, 1, 0 };

	(void)state;
	sweep(st, &starts);
	assert_true(check_against_rule(&starts) > NEV / 8);
	sweep(st, &ends);
	assert_true(check_against_rule(&ends) > NEV / 8);
	store_free(st);
}

static void test_an_empty_range_matches_nothing(void **state)
{
	const char *db = path_of("empty.db");
	struct store *st = prepared(db, 12, 3000000);
	struct path_fit fit = { 1, 0, 0, 0 };  /* lo above hi */

	(void)state;
	sweep(st, &fit);
	assert_int_equal(check_against_rule(&fit), 0);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_paths_with_an_end_bound),
		cmocka_unit_test(test_a_thousand_sparse_paths_without_an_end_bound),
		cmocka_unit_test(test_ranges_hold_their_ends),
		cmocka_unit_test(test_an_empty_range_matches_nothing),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
