/* test_store.c - the database: schema versions, refusals, the embedded SQL,
 * and a failed file leaving nothing behind. Real SQLite files. */
#include "cmocka_include.h"
#include "db_file.h"
#include "tmpdir.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/ingest.h"
#include "store/sql.h"
#include "store/store.h"



/* Stands in for the store's SQL functions that migrations past 0005 name:
 * they run here over empty tables, so only their names must resolve. */
static void first_argument(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	(void)argc;
	sqlite3_result_value(ctx, v[0]);
}

/* DB as schema VERSION left it: the embedded migrations up to it (past
 * 0005, with no rows yet). */
static void make_database_at(const char *db, int version)
{
	static const char *const schemas[] = { "schema/0001_init", "schema/0002_tracing",
					       "schema/0003_psql", "schema/0004_text_values",
					       "schema/0005_tracing_text_values",
					       "schema/0006_event_texts", "schema/0007_file_warnings" };
	char bump[96];
	sqlite3 *h;

	assert_true(version >= 1 && version <= 7);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(h, "span_template", 4, SQLITE_UTF8, NULL,
						 first_argument, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(h, "packed_request_id", 1, SQLITE_UTF8, NULL,
						 first_argument, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < version; i++)
		assert_int_equal(sqlite3_exec(h, (const char *)sql_get(schemas[i]), NULL, NULL, NULL),
				 SQLITE_OK);
	sqlite3_close(h);
	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 version, STORE_APPLICATION_ID);
	exec(db, bump);
}

static void test_new_database_gets_every_migration(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("new.db");

	(void)state;
	assert_true(store_schema_version() >= 1);
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(query_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(query_int(db, "PRAGMA page_size"), 16384);
	/* opening again changes nothing */
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "PRAGMA user_version"), store_schema_version());
}

static void test_older_database_is_migrated(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("old.db");

	(void)state;
	if (store_schema_version() < 2)
		skip();         /* nothing older than the first schema */
	/* a database as version 1 left it: the first migration only */
	make_database_at(db, 1);
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "PRAGMA user_version"), store_schema_version());
	/* its pages keep their size (a rebuild would be a VACUUM) */
	assert_int_equal(query_int(db, "PRAGMA page_size"), 4096);
}

/* Schema 0004 moves repeated request values into text_value: a version 3
 * database keeps every value, and request_v still shows them as text. */
static void test_requests_survive_the_text_value_migration(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	sqlite3 *h;
	sqlite3_stmt *s;
	const char *db = path_of("v3.db");

	(void)state;
	make_database_at(db, 3);
	exec(db, "INSERT INTO source VALUES (1, 'a.log', 'caddy', 0, 0, 0, 0, 0, 2, 0, 0, 0);"
	     "INSERT INTO request (id, source_id, line, start_us, end_us, method, host, uri,"
	     " route, proto, status, user_agent, request_id, request_key) VALUES"
	     " (7, 1, 1, 10, 20, 'GET', 'h.example', '/a/1?x=2', '/a/{id}', 'HTTP/2.0', 200,"
	     "  'curl/8', 'r1', 42),"
	     " (8, 1, 2, 30, 40, 'GET', 'h.example', '/b', '/b', 'HTTP/2.0', 408, NULL, NULL,"
	     "  NULL)");
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM text_value"), 6);
	/* the rebuilt table has its request-id index back before any ingest */
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = "
			 "'request_by_key'"), 1);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(printf('%s|%s|%s|%s|%s|%s|%s|"
		"%s|%s|%s|%s|%s', id, method, host, uri, route, proto, status, user_agent, "
		"request_id, request_key, path, query), ';') FROM request_v", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0),
			    "7|GET|h.example|/a/1?x=2|/a/{id}|HTTP/2.0|200|curl/8|r1|42|/a/1|x=2;"
			    "8|GET|h.example|/b|/b|HTTP/2.0|408||||/b|");
	sqlite3_finalize(s);
	sqlite3_close(h);
}

/* Schema 0005 does the same for server events and slims phases down to
 * event, phase name and milliseconds: event_v and phase_v show it all. */
static void test_events_survive_the_tracing_migration(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("v4.db");

	(void)state;
	make_database_at(db, 4);
	exec(db, "INSERT INTO source VALUES (1, 's.log', 'tracing', 0, 0, 0, 0, 0, 2, 0, 0, 0);"
	     "INSERT INTO text_value (value) VALUES ('GET');"
	     "INSERT INTO event (id, source_id, line, ts_us, level, target, name, message,"
	     " fields_json, span_name, spans_json, request_id, request_key, method, uri,"
	     " thread_name, thread_id, file, file_line) VALUES"
	     " (5, 1, 9, 100, 'DEBUG', 'srv::auth', 'debug.auth.timing', NULL, '{}', 'request',"
	     "  '[{\"name\":\"request\",\"fields\":{\"a\":1}}]', 'r1', 42, 'GET', '/x',"
	     "  'tokio-runtime-worker', 'ThreadId(2)', 'src/auth.rs', 17),"
	     " (6, 1, 10, 200, 'INFO', 'srv', NULL, 'listening', '{}', NULL, NULL, NULL, NULL,"
	     "  NULL, NULL, NULL, NULL, NULL, NULL);"
	     "INSERT INTO phase (event_id, source_id, line, event_name, phase, ms) VALUES"
	     " (5, 1, 9, 'debug.auth.timing', 'verify', 3.5), (5, 1, 9, 'debug.auth.timing', 'total', 4)");
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE id = 5 AND line = 9 "
			 "AND level = 'DEBUG' AND target = 'srv::auth' AND name = 'debug.auth.timing' "
			 "AND span_name = 'request' AND span_json = '{\"a\":1}' AND request_id = 'r1' "
			 "AND request_key = 42 AND method = 'GET' AND uri = '/x' AND thread_name = "
			 "'tokio-runtime-worker' AND thread_id = 'ThreadId(2)' AND file = 'src/auth.rs' "
			 "AND file_line = 17"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE id = 6 AND level = "
			 "'INFO' AND name IS NULL AND message = 'listening' AND file IS NULL"), 1);
	assert_int_equal(query_int(db, "SELECT group_concat(printf('%s|%d|%d|%d|%s|%s|%g', "
			 "event_id, seq, source_id, line, event_name, phase, ms), ';') = "
			 "'5|0|1|9|debug.auth.timing|verify|3.5;5|1|1|9|debug.auth.timing|total|4' "
			 "FROM phase_v"), 1);
	/* GET was there already: one row of it; the indexes are back */
	assert_int_equal(query_int(db, "SELECT count(*) FROM text_value WHERE value = 'GET'"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
			 "('event_by_ts', 'event_by_key')"), 2);

}

/* Schema 0006 keeps span lists as templates and messages by id: event_v
 * gives back each as it was, two requests of a route share one text_value
 * row, and a value JSON escapes stays in the list. */
static void test_span_lists_survive_the_template_migration(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("v5.db");
	const char *list[] = {
		"[{\"name\":\"request\",\"fields\":{\"method\":\"GET\",\"request_id\":\"r1\","
		"\"uri\":\"/a\"}}]",
		"[{\"name\":\"request\",\"fields\":{\"method\":\"PUT\",\"request_id\":\"r2\","
		"\"uri\":\"/b\"}}]",
		"[{\"name\":\"request\",\"fields\":{\"method\":\"GET\",\"request_id\":\"r\\\"3\","
		"\"uri\":\"/c\"}}]",
	};
	char sql[2048];

	(void)state;
	make_database_at(db, 5);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO source VALUES (1, 's.log', 'tracing', 0, 0, 0, 0, 0, 4, 0, 0, 0);"
		 "INSERT INTO event (id, source_id, line, ts_us, fields_json, span_json, spans_json,"
		 " request_id, request_key, method, uri, message) VALUES"
		 " (1, 1, 1, 10, '{}', NULL, '%s', 'r1', 1, 'GET', '/a', 'done'),"
		 " (2, 1, 2, 20, '{}', NULL, '%s', 'r2', 2, 'PUT', '/b', 'done'),"
		 " (3, 1, 3, 30, '{}', NULL, '%s', 'r\"3', 3, 'GET', '/c', NULL),"
		 " (4, 1, 4, 40, '{}', '{\"request_id\":\"r4\",\"n\":1}', NULL, 'r4', 4, NULL, NULL, 'x');",
		 list[0], list[1], list[2]);
	exec(db, sql);
	exec(db, "INSERT INTO event (id, source_id, line, ts_us, fields_json, request_id) VALUES"
	     " (7, 1, 7, 70, '{}', '9e3779b9-7f4a-4001-a7c1-000000000001'),"
	     " (8, 1, 8, 80, '{}', '9E3779B9-7F4A-4001-A7C1-000000000001')");
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM event_v WHERE id = %d AND "
			 "spans_json = '%s' AND span_json = json_extract('%s', '$[0].fields')",
			 i + 1, list[i], list[i]);
		assert_int_equal(query_int(db, sql), 1);
	}
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE id = 4 AND spans_json "
			 "IS NULL AND span_json = '{\"request_id\":\"r4\",\"n\":1}'"), 1);
	/* messages are text_value rows too */
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE (id IN (1, 2) AND "
			 "message = 'done') OR (id = 3 AND message IS NULL) OR (id = 4 AND "
			 "message = 'x')"), 4);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT message_id) FROM event"), 2);
	/* a lower-case UUID is kept as its bytes, anything else as text */
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE id = 7 AND "
			 "request_id = '9e3779b9-7f4a-4001-a7c1-000000000001'"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM event_v WHERE id = 8 AND "
			 "request_id = '9E3779B9-7F4A-4001-A7C1-000000000001'"), 1);
	assert_int_equal(query_int(db, "SELECT group_concat(typeof(request_id), ',') = "
			 "'text,text,text,text,blob,text' FROM (SELECT request_id FROM event ORDER BY id)"), 1);
	/* r1 and r2 share their template; r"3 is kept whole, with its own method cut */
	assert_int_equal(query_int(db, "SELECT count(DISTINCT spans_id) FROM event"), 2);
	assert_int_equal(query_int(db, "SELECT (SELECT spans_id FROM event WHERE id = 1) = "
			 "(SELECT spans_id FROM event WHERE id = 2)"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
			 "('event_by_ts', 'event_by_key')"), 2);
}

/* Schema 0008 cuts the event's name out of the fields of new rows; rows
 * stored before keep theirs, and event_v and phase_v read both as before. */
static void test_fields_survive_the_name_migration(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("v7.db");

	(void)state;
	make_database_at(db, 7);
	exec(db, "INSERT INTO source VALUES (1, 's.log', 'tracing', 0, 0, 0, 0, 0, 2, 0, 0, 0);"
	     "INSERT INTO text_value (id, value) VALUES (1, 'debug.auth.timing'), (2, 'total');"
	     "INSERT INTO event (id, source_id, line, ts_us, name_id, fields_json) VALUES"
	     " (5, 1, 9, 100, 1, '{\"event\":\"debug.auth.timing\",\"total_ms\":4}'),"
	     " (6, 1, 10, 200, NULL, '{}');"
	     "INSERT INTO phase (event_id, seq, phase_id, ms) VALUES (5, 0, 2, 4)");
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT group_concat(id || ' ' || fields_json, ';') = "
			 "'5 {\"event\":\"debug.auth.timing\",\"total_ms\":4};6 {}' FROM event_v"), 1);
	/* a row as 0008 stores it reads the same */
	exec(db, "INSERT INTO event (id, source_id, line, ts_us, name_id, fields_json) VALUES"
	     " (7, 1, 11, 300, 1, '{\"event\":\"\\/n\",\"total_ms\":4}')");
	assert_int_equal(query_int(db, "SELECT fields_json = '{\"event\":\"debug.auth.timing\","
			 "\"total_ms\":4}' AND name = 'debug.auth.timing' FROM event_v WHERE id = 7"), 1);
	assert_int_equal(query_int(db, "SELECT event_id || '|' || seq || '|' || line || '|' || "
			 "event_name || '|' || phase || '|' || ms = '5|0|9|debug.auth.timing|total|4.0' "
			 "FROM phase_v"), 1);
}

static void test_newer_database_is_refused(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st = NULL;
	const char *db = path_of("newer.db");
	char want[512];

	(void)state;
	assert_int_equal(store_open(&st, db, &err), 0);
	store_free(st);
	exec(db, "PRAGMA user_version = 999");
	assert_int_equal(store_open(&st, db, &err), -1);
	snprintf(want, sizeof(want), "database '%s': database schema version 999 is newer than "
		 "this analyze understands (%d): upgrade analyze", db, store_schema_version());
	assert_string_equal(err.msg, want);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 999);
}

static void test_foreign_database_is_refused(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st = NULL;
	const char *db = path_of("foreign.db");
	char want[512];

	(void)state;
	exec(db, "CREATE TABLE invoices (id INTEGER)");
	assert_int_equal(store_open(&st, db, &err), -1);
	snprintf(want, sizeof(want), "database '%s': not an analyze database (it holds other tables)", db);
	assert_string_equal(err.msg, want);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master"), 1);
}

/* Every "stage/name" the C code passes to store_stmt() or sql_get() exists. */
static void test_every_sql_name_resolves(void **state)
{
	const char *testdata = getenv("TESTDATA");
	char cmd[512], name[256];
	FILE *p;
	int seen = 0;

	(void)state;
	assert_non_null(testdata);
	snprintf(cmd, sizeof(cmd),
		 "grep -rhoE '(store_stmt\\([a-z_>-]+, |sql_get\\()\"[a-z0-9_/]+\"' '%s/../src' "
		 "| sed -E 's/.*\"([^\"]+)\"/\\1/' | sort -u", testdata);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(name, sizeof(name), p)) {
		name[strcspn(name, "\n")] = '\0';
		if (!sql_get(name))
			fail_msg("no sql/%s.sql", name);
		seen++;
	}
	pclose(p);
	assert_true(seen >= 8);
}

static void test_failed_file_rolls_back(void **state)
{
	struct diag err = DIAG_INIT;
	struct ingest_opts o = { 0 };
	struct ingest_result res;
	struct store *st;
	char db[256], gz[256], line[300];
	gzFile g;

	(void)state;
	snprintf(db, sizeof(db), "%s", path_of("rollback.db"));  /* path_of() reuses its buffer */
	snprintf(gz, sizeof(gz), "%s", path_of("cut.log.gz"));
	g = gzopen(gz, "wb");
	for (int i = 0; i < 4000; i++) {
		snprintf(line, sizeof(line), "{\"level\":\"info\",\"ts\":%d.%06d,\"logger\":"
			 "\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":"
			 "{\"method\":\"GET\",\"uri\":\"/x/%d\"},\"status\":200}\n",
			 1795994472 + i, (i * 7919) % 1000000, i * 31337);
		gzputs(g, line);
	}
	gzclose(g);
	assert_int_equal(truncate(gz, 20000), 0);
	assert_int_equal(store_open(&st, db, &err), 0);
	/* the complete lines before the cut are kept, and it is still a failure */
	assert_int_equal(ingest_file(st, gz, &o, &res, &err), -1);
	snprintf(line, sizeof(line), "truncated gzip stream (the %lld records before it are kept)",
		 (long long)res.records);
	assert_string_equal(err.msg, line);
	store_free(st);
	assert_true(res.records > 0 && res.records < 4000);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request"), res.records);
	assert_int_equal(query_int(db, "SELECT count(*) FROM source"), 1);
	/* not read to its end: tried (and named) again next time */
	assert_int_equal(query_int(db, "SELECT count(*) FROM source_file"), 0);
}

/* LINES access entries, agent "PREFIX-<i % AGENTS>", host "h<i % 3>";
 * gzipped when GZ. */
static void write_access_log(const char *path, int gz, int lines, const char *prefix,
			     int agents)
{
	gzFile f = gzopen(path, gz ? "wb" : "wT");

	assert_non_null(f);
	for (int i = 0; i < lines; i++)
		gzprintf(f, "{\"level\":\"info\",\"ts\":%d.5,\"logger\":\"http.log.access.log0\","
			 "\"request\":{\"method\":\"GET\",\"host\":\"h%d\",\"uri\":\"/x/%d\","
			 "\"headers\":{\"User-Agent\":[\"%s-%d\"]}},\"status\":200}\n",
			 1795994472 + i, i % 3, i, prefix, i % agents);
	gzclose(f);
}

/* Shared values go by id through a bounded cache: more distinct values
 * than it holds, and a file rolled back after adding new ones, still leave
 * every request pointing at its own text. */
static void test_text_values_by_id(void **state)
{
	struct diag err = DIAG_INIT;
	struct ingest_opts o = { 0 };
	struct ingest_result res;
	struct store *st;
	char db[256], many[256], cut[256], again[256];
	int64_t kept;

	(void)state;
	snprintf(db, sizeof(db), "%s", path_of("text.db"));
	snprintf(many, sizeof(many), "%s", path_of("many-agents.log"));
	snprintf(cut, sizeof(cut), "%s", path_of("new-agents.log.gz"));
	snprintf(again, sizeof(again), "%s", path_of("new-agents-again.log"));
	write_access_log(many, 0, 6000, "ua", 6000);
	write_access_log(cut, 1, 4000, "new", 20);
	assert_int_equal(truncate(cut, 20000), 0);
	write_access_log(again, 0, 40, "new", 20);
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(ingest_file(st, many, &o, &res, &err), 0);
	assert_int_equal(ingest_file(st, cut, &o, &res, &err), -1);    /* kept up to the cut */
	kept = res.records;
	assert_int_equal(ingest_file(st, again, &o, &res, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request_v WHERE user_agent = "
			 "'ua-' || (line - 1) AND host = 'h' || ((line - 1) % 3) AND method = 'GET' "
			 "AND route = '/x/{id}'"), 6000);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request_v WHERE user_agent = "
			 "'new-' || ((line - 1) % 20) AND host = 'h' || ((line - 1) % 3)"), 40 + kept);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request"), 6040 + kept);
	/* 6000 + 20 agents, 3 hosts, GET, one route */
	assert_int_equal(query_int(db, "SELECT count(*) FROM text_value"), 6025);
}

static struct record event_of(int64_t line, const char *rid, const char *uri)
{
	struct record r = { .kind = REC_EVENT, .line = line };

	r.u.event.ts_us = line;
	r.u.event.wrapper_ts_us = RECORD_NONE;
	r.u.event.file_line = RECORD_NONE;
	r.u.event.fields_json = "{}";
	r.u.event.request_id = rid;
	r.u.event.method = "GET";
	r.u.event.uri = uri;
	r.u.event.spans_json = uri[2] == '1' ?
		"[{\"name\":\"request\",\"fields\":{\"request_id\":\"9e3779b9-7f4a-4001-a7c1-000000000001\","
		"\"uri\":\"/u1\"}}]" :
		"[{\"name\":\"request\",\"fields\":{\"rid\":\"r2\",\"uri\":\"/u2\"}}]";
	r.u.event.message = line == 1 ? "rolled back" : "kept";
	return r;
}

/* An event of the same request as the last takes its packed id, key and
 * span template; a rolled-back transaction takes its ids with it (its
 * template's id is the next transaction's message's). */
static void test_events_of_one_request_share_what_was_made(void **state)
{
	struct diag err = DIAG_INIT;
	struct store *st;
	const char *db = path_of("same.db");
	const char *u1 = "9e3779b9-7f4a-4001-a7c1-000000000001";
	struct record r;
	int64_t src;

	(void)state;
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_create_source(st, "t.log", "tracing", 1, &src, &err), 0);
	r = event_of(1, u1, "/u1");
	assert_int_equal(store_insert(st, src, &r, &err), 0);
	store_rollback(st);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_create_source(st, "t.log", "tracing", 1, &src, &err), 0);
	for (int i = 0; i < 4; i++) {
		r = event_of(10 + i, i == 2 ? "r2" : u1, i == 2 ? "/u2" : "/u1");
		assert_int_equal(store_insert(st, src, &r, &err), 0);
	}
	assert_int_equal(store_commit(st, &err), 0);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT group_concat(line || ':' || request_id || ':' || "
			 "spans_json || ':' || typeof(request_key), ' ') = "
			 "'10:9e3779b9-7f4a-4001-a7c1-000000000001:[{\"name\":\"request\",\"fields\":"
			 "{\"request_id\":\"9e3779b9-7f4a-4001-a7c1-000000000001\",\"uri\":\"/u1\"}}]:integer "
			 "11:9e3779b9-7f4a-4001-a7c1-000000000001:[{\"name\":\"request\",\"fields\":"
			 "{\"request_id\":\"9e3779b9-7f4a-4001-a7c1-000000000001\",\"uri\":\"/u1\"}}]:integer "
			 "12:r2:[{\"name\":\"request\",\"fields\":{\"rid\":\"r2\",\"uri\":\"/u2\"}}]:integer "
			 "13:9e3779b9-7f4a-4001-a7c1-000000000001:[{\"name\":\"request\",\"fields\":"
			 "{\"request_id\":\"9e3779b9-7f4a-4001-a7c1-000000000001\",\"uri\":\"/u1\"}}]:integer' "
			 "FROM (SELECT * FROM event_v ORDER BY line)"), 1);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT request_key) = 2 AND count(DISTINCT "
			 "spans_id) = 2 AND sum(typeof(request_id) = 'blob') = 3 FROM event"), 1);
}

/* The bulk checkpointer copies a committed file into the database on its
 * own thread: by store_bulk_end() the main file holds the rows, before the
 * closing connection's checkpoint. (It once checkpointed nothing: its
 * connection had not opened the WAL.) */
static void test_bulk_checkpointer_copies_commits(void **state)
{
	struct diag err = DIAG_INIT;
	struct ingest_opts o = { 0 };
	struct ingest_result res;
	struct store *st;
	struct stat before, after;
	char db[256], log[256], line[300];
	FILE *f;

	(void)state;
	snprintf(db, sizeof(db), "%s", path_of("bulk.db"));
	snprintf(log, sizeof(log), "%s", path_of("bulk.log"));
	f = fopen(log, "w");
	assert_non_null(f);
	for (int i = 0; i < 20000; i++) {
		snprintf(line, sizeof(line), "{\"level\":\"info\",\"ts\":%d.5,\"logger\":"
			 "\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":"
			 "{\"method\":\"GET\",\"uri\":\"/x/%d\"},\"status\":200}\n",
			 1795994472 + i, i);
		fputs(line, f);
	}
	fclose(f);
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(stat(db, &before), 0);
	assert_int_equal(store_bulk_begin(st, db, &err), 0);
	assert_int_equal(ingest_file(st, log, &o, &res, &err), 0);
	assert_int_equal(res.records, 20000);
	store_bulk_end(st);     /* waits for the pass the commit started */
	assert_int_equal(stat(db, &after), 0);
	assert_true(after.st_size > before.st_size + 1000000);
	store_free(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request"), 20000);
}

/* A request row's statement keeps its bindings from row to row (every
 * parameter is bound again): a row without a request id after one with
 * must store no id and no key, not the last row's. */
static void test_request_rows_keep_no_stale_binding(void **state)
{
	struct diag err = DIAG_INIT;
	struct ingest_opts o = { 0 };
	struct ingest_result res;
	struct store *st;
	char db[256], log[256];
	FILE *f;

	(void)state;
	snprintf(db, sizeof(db), "%s", path_of("rebound.db"));
	snprintf(log, sizeof(log), "%s", path_of("rebound.log"));
	f = fopen(log, "w");
	assert_non_null(f);
	for (int i = 0; i < 100; i++) {
		fprintf(f, "{\"level\":\"info\",\"ts\":%d.5,\"logger\":\"http.log.access.log0\","
			"\"request\":{\"method\":\"GET\",\"uri\":\"/x\"", 1795994472 + i);
		if (i % 2 == 0)         /* lines 1, 3, ...: ids r-0, r-1, r-0, r-1, ... */
			fprintf(f, ",\"headers\":{\"X-Request-Id\":[\"r-%d\"]}", i / 2 % 2);
		fprintf(f, "},\"status\":200%s}\n", i % 4 == 0 ? ",\"size\":7" : "");
	}
	fclose(f);
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(ingest_file(st, log, &o, &res, &err), 0);
	store_free(st);
	assert_int_equal(res.records, 100);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request WHERE request_id IS NULL "
			 "AND request_key IS NULL AND line % 2 = 0"), 50);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request WHERE request_id = 'r-' || "
			 "((line - 1) / 2 % 2) AND request_key IS NOT NULL AND line % 2 = 1"), 50);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT request_key) FROM request"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request WHERE "
			 "(size IS NULL) = ((line - 1) % 4 != 0)"), 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_gets_every_migration),
		cmocka_unit_test(test_older_database_is_migrated),
		cmocka_unit_test(test_requests_survive_the_text_value_migration),
		cmocka_unit_test(test_events_survive_the_tracing_migration),
		cmocka_unit_test(test_span_lists_survive_the_template_migration),
		cmocka_unit_test(test_fields_survive_the_name_migration),
		cmocka_unit_test(test_newer_database_is_refused),
		cmocka_unit_test(test_foreign_database_is_refused),
		cmocka_unit_test(test_every_sql_name_resolves),
		cmocka_unit_test(test_failed_file_rolls_back),
		cmocka_unit_test(test_bulk_checkpointer_copies_commits),
		cmocka_unit_test(test_text_values_by_id),
		cmocka_unit_test(test_request_rows_keep_no_stale_binding),
		cmocka_unit_test(test_events_of_one_request_share_what_was_made),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
