/* test_merge_join.c - the request-id join as a merge of two index scans
 * (store_merge_join with correlate/key_requests and key_events): every
 * event inside the window whose fingerprint a request has is linked to
 * the first request with it, whatever the sign of the fingerprint (the
 * index orders them signed), and nothing else is. The truth is SQL over
 * the same rows, on a connection of the test's own; a real SQLite file. */
#include "cmocka_include.h"
#include "db_file.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/query.h"
#include "store/store.h"

#define T0 INT64_C(1000000000000)       /* events at T0 + id; requests start at id s */

/* request id -> fingerprint ("NULL": none); 2 and 3 share one, 8 has no event */
static const char *const request_keys[] = {
	NULL, "-9", "7", "7", "NULL", "9223372036854775807", "-1", "0", "42",
	"-9223372036854775808",
};
/* event id -> fingerprint; 5 matches no request, 10 is after the window */
static const char *const event_keys[] = {
	NULL, "7", "7", "-1", "0", "99", "NULL", "9223372036854775807",
	"-9223372036854775808", "-9", "7",
};

static void fill(const char *db)
{
	char sql[256];

	exec(db, "INSERT INTO source (path, format, head_hash, bytes, lines, tail_hash, tail_len,"
		 " first_ingest_us, last_ingest_us) VALUES ('a.log', 'caddy', 1, 0, 0, 0, 0, 0, 0)");
	for (int r = 1; r < (int)(sizeof(request_keys) / sizeof(*request_keys)); r++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO request (id, source_id, line, start_us, end_us, request_key)"
			 " VALUES (%d, 1, %d, %d000000, %d000500, %s)", r, r, r, r, request_keys[r]);
		exec(db, sql);
	}
	for (int e = 1; e < (int)(sizeof(event_keys) / sizeof(*event_keys)); e++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO event (id, source_id, line, ts_us, fields_json, request_key)"
			 " VALUES (%d, 1, %d, %lld, '{}', %s)", e, e, (long long)(T0 + e),
			 event_keys[e]);
		exec(db, sql);
	}
}

struct pairs {
	int64_t v[32];
	int n;
};

/* offset_pairs' second column, ts - start = T0 + event - request * 1e6:
 * both ids of the pair in one number */
static int add_pair(void *ctx, const struct store_row *row)
{
	struct pairs *p = ctx;

	assert_true(p->n < 32);
	p->v[p->n++] = store_row_int(row, 1);
	return 0;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t pair(int event, int request)
{
	return T0 + event - (int64_t)request * 1000000;
}

static void joined(struct store *st, struct store_arg since, struct store_arg until,
		   struct pairs *got)
{
	struct store_arg win[2] = { since, until }, method = ARG_S("request_id");
	struct diag err = DIAG_INIT;

	assert_int_equal(store_script(st, "correlate/setup", &err), 0);
	assert_int_equal(store_merge_join(st, "correlate/key_requests", "correlate/key_events", win,
					  2, "correlate/insert_id_link", &err), 0);
	got->n = 0;
	assert_int_equal(store_query(st, "correlate/offset_pairs", &method, 1, add_pair, got, &err),
			 0);
	qsort(got->v, (size_t)got->n, sizeof(*got->v), by_value);
}

/* The same pairs by the rule, in SQL: the first request with the key. */
static void truth(const char *db, const char *window, struct pairs *want)
{
	char sql[512];
	sqlite3 *h;
	sqlite3_stmt *s;

	snprintf(sql, sizeof(sql),
		 "SELECT e.ts_us - r.start_us FROM event e JOIN request r ON r.id ="
		 " (SELECT min(id) FROM request WHERE request_key = e.request_key)"
		 " WHERE %s ORDER BY 1", window);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	want->n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && want->n < 32)
		want->v[want->n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
}

static struct store *filled(const char *db)
{
	struct store *st = NULL;
	struct diag err = DIAG_INIT;

	assert_int_equal(store_open(&st, db, &err), 0);
	fill(db);
	assert_int_equal(store_build_indexes(st, &err), 0);
	return st;
}

static void test_window_links_the_first_request_of_each_key(void **state)
{
	const char *db = path_of("window.db");
	struct store *st = filled(db);
	struct pairs got, want;
	/* by hand: the first request of key 7 is 2; events 5 (no request) and
	 * 6 (no key) are not linked, 10 is at the window's end */
	int64_t exact[] = { pair(1, 2), pair(2, 2), pair(3, 6), pair(4, 7),
				  pair(7, 5), pair(8, 9), pair(9, 1) };

	(void)state;
	joined(st, ARG_I(T0 + 1), ARG_I(T0 + 10), &got);
	truth(db, "e.ts_us >= 1000000000001 AND e.ts_us < 1000000000010", &want);
	assert_int_equal(want.n, 7);
	assert_int_equal(got.n, want.n);
	for (int i = 0; i < got.n; i++)
		assert_int_equal(got.v[i], want.v[i]);
	qsort(exact, 7, sizeof(*exact), by_value);
	for (int i = 0; i < 7; i++)
		assert_int_equal(got.v[i], exact[i]);
	store_free(st);
}

static void test_no_window_links_every_event(void **state)
{
	const char *db = path_of("all.db");
	struct store *st = filled(db);
	struct pairs got, want;

	(void)state;
	joined(st, ARG_S(NULL), ARG_S(NULL), &got);
	truth(db, "1", &want);
	assert_int_equal(want.n, 8);
	assert_int_equal(got.n, 8);
	for (int i = 0; i < got.n; i++)
		assert_int_equal(got.v[i], want.v[i]);
	store_free(st);
}

static void test_no_requests_no_links(void **state)
{
	const char *db = path_of("empty.db");
	struct store *st = filled(db);
	struct pairs got;

	(void)state;
	exec(db, "DELETE FROM request");
	joined(st, ARG_S(NULL), ARG_S(NULL), &got);
	assert_int_equal(got.n, 0);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_links_the_first_request_of_each_key),
		cmocka_unit_test(test_no_window_links_every_event),
		cmocka_unit_test(test_no_requests_no_links),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
